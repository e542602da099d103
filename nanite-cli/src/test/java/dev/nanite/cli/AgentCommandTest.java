package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.examples.contract.FooClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nanite agent} as a process: it runs an agent directory, writes its pid file and log
 * file, and on SIGTERM leaves the fabric at once (it unregisters) and removes its pid file.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // an agent run here by mistake would never return
class AgentCommandTest {
  private static Cluster cluster;
  private static Mapper mapper;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    cluster = new Cluster();
    mapper = cluster.mapper(Mapper.builder());
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void runsAnAgentDirectoryUntilSigterm() throws Exception {
    Path pid = dir.resolve("run/agent.pid");
    Path log = dir.resolve("agent.log");
    String identity = cluster.identity("daemon");
    // A long ping: leaving within seconds can only be the unregistration, not an eviction.
    try (CliProcess agent = CliProcess.nanite(Map.of(BrokerUri.ENV, cluster.uri()), "agent",
        "examples/myagent", "--identity", identity, "--ping", "30s", "--pid-file",
        pid.toString(), "--log-file", log.toString())) {
      String ready = agent.awaitLine("serving", Duration.ofSeconds(60));
      assertEquals("agent " + identity + " serving [/mock/list, /foo/bar] on amqp://guest:***@"
          + cluster.uri().substring(cluster.uri().indexOf('@') + 1) + " (pid " + agent.pid()
          + ")", ready);
      assertEquals(Long.toString(agent.pid()), Files.readString(pid).trim());
      assertTrue(mapper.awaitAgents("/mock/list", 1, Duration.ofSeconds(60)));
      assertTrue(Files.readString(log).contains("Agent " + identity + " serving"),
          "logs go to the log file");

      agent.process().destroy(); // SIGTERM
      Await.until("the agent to leave the mapper's registry", Duration.ofSeconds(10),
          () -> mapper.agent(identity).isEmpty());
      assertEquals(143, agent.awaitExit(Duration.ofSeconds(30)), "killed by SIGTERM: "
          + agent.output());
      assertTrue(agent.output().contains("agent " + identity + " stopped"), agent.output()
          .toString());
      assertFalse(Files.exists(pid), "the pid file is removed");
      assertTrue(Files.readString(log).contains("Agent " + identity + " stopped"));
    }
  }

  @Test
  void refusesAPidFileOfAnotherLiveProcessAndReplacesAStaleOne() throws Exception {
    Path pid = dir.resolve("agent.pid");
    long other = ProcessHandle.current().parent().orElseThrow().pid(); // alive: not this JVM
    Files.writeString(pid, other + "\n");
    Cli.Result refused = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(),
        "--uri", cluster.uri(), "--pid-file", pid.toString());
    assertEquals(ExitCodes.ERROR, refused.exitCode(), refused.toString());
    assertEquals("nanite agent: the pid file " + pid + " says process "
        + other + " is running: stop it, or give another pid file\n",
        refused.err());

    Files.writeString(pid, "999999999\n"); // no such process
    String identity = cluster.identity("stale");
    try (CliProcess agent = CliProcess.nanite(Map.of(), "agent", "examples/foo", "--uri",
        cluster.uri(), "--identity", identity, "--pid-file", pid.toString(), "--log-level",
        "warn")) {
      agent.awaitLine("serving", Duration.ofSeconds(60));
      assertEquals(Long.toString(agent.pid()), Files.readString(pid).trim());
    }
  }

  @Test
  void saysWhatIsWrongWithAnAgentThatCannotStart() throws Exception {
    Cli.Result noClass = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(),
        "--uri", cluster.uri(), "--actors", "com.example.Missing");
    assertEquals(ExitCodes.ERROR, noClass.exitCode(), noClass.toString());
    assertTrue(noClass.err().startsWith("nanite agent: the actor class com.example.Missing is not"
        + " on the agent's class path ["), noClass.err());

    Cli.Result iface = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(),
        "--uri", cluster.uri(), "--actors", "dev.nanite.examples.contract.Foo");
    assertEquals("nanite agent: the actor dev.nanite.examples.contract.Foo is an interface or"
        + " abstract: name a class that implements it\n", iface.err());

    // Every class is checked before the agent connects (this broker does not exist).
    Cli.Result uncreatable = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(),
        "--uri", "amqp://guest:guest@127.0.0.1:1", "--actors",
        "dev.nanite.cli.fixtures.DependentFoo,dev.nanite.cli.fixtures.FactoryFoo,"
            + "dev.nanite.examples.contract.Foo");
    assertEquals(ExitCodes.ERROR, uncreatable.exitCode(), uncreatable.toString());
    assertEquals("nanite agent: the agent cannot create the actor"
        + " dev.nanite.cli.fixtures.DependentFoo: give it a public no-argument constructor, a"
        + " public static no-argument create() method returning it, or a public constructor"
        + " taking the agent's identity (one String)\n"
        + "nanite agent: the actor dev.nanite.examples.contract.Foo is an interface or"
        + " abstract: name a class that implements it\n", uncreatable.err());

    Cli.Result empty = Cli.run(Map.of(), "", "agent", dir.toString(), "--uri", cluster.uri());
    assertEquals(ExitCodes.ERROR, empty.exitCode(), empty.toString());
    assertTrue(empty.err().contains("name the actors to run with 'actors' in nanite.properties"
        + " or --actors"), empty.err());

    Cli.Result noBroker = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(),
        "--uri", "amqp://guest:guest@127.0.0.1:1");
    assertEquals(ExitCodes.UNAVAILABLE, noBroker.exitCode(), noBroker.toString());
    assertTrue(noBroker.err().startsWith("nanite agent: agent foo-"), noBroker.err());
  }

  /** An actor whose constructor takes its dependencies runs when its factory provides them. */
  @Test
  void createsAnActorWithItsStaticFactory() throws Exception {
    String identity = cluster.identity("factory");
    AgentFlags flags = new AgentFlags(Repo.example("foo"), null, BrokerOptions.uri(cluster.uri()),
        identity, Cluster.PING, List.of(), null, List.of("dev.nanite.cli.fixtures.FactoryFoo"),
        List.of(), null, null, null, null, null);
    try (AgentLauncher.Running running = AgentLauncher.start(AgentSpecs.resolve(flags, Map.of()))) {
      Await.until("the mapper knows the agent", Duration.ofSeconds(30),
          () -> mapper.agent(identity).isPresent());
      assertEquals("bar(hi) made by create()", new FooClient(mapper)
          .bar("hi", Selector.target(identity)).get(30, TimeUnit.SECONDS));
    }
  }
}
