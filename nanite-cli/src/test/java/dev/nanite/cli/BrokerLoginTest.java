package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.broker.EmbeddedBroker;
import java.net.ServerSocket;
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
 * {@code nanite agent} and {@code nanite mapper} log in with a password kept out of the URI and
 * off the command line (from {@code --password-file}, a config file or the environment), print
 * it nowhere, and stop with a usage error, not a stack trace, on settings that cannot work.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // an agent run here by mistake would never return
class BrokerLoginTest {
  private static final String USER = "nanite-agent";
  private static final String PASSWORD = "Zq8-not-guest";
  private static EmbeddedBroker broker;
  private static String uri;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    broker = EmbeddedBroker.builder().user(USER, PASSWORD).start();
    uri = "amqp://" + USER + "@127.0.0.1:" + broker.port();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private Path passwordFile() throws Exception {
    return Files.writeString(dir.resolve("amqp.password"), PASSWORD + "\n");
  }

  @Test
  void anAgentAndAMapperLogInWithAPasswordFileAndPrintItNowhere() throws Exception {
    Path password = passwordFile();
    Path log = dir.resolve("agent.log");
    Path pid = dir.resolve("agent.pid");
    String identity = "login-" + ProcessHandle.current().pid();
    try (CliProcess agent = CliProcess.nanite(Map.of(), "agent", "examples/foo", "--uri", uri,
        "--password-file", password.toString(), "--identity", identity, "--log-file",
        log.toString(), "--pid-file", pid.toString())) {
      String ready = agent.awaitLine("serving", Duration.ofSeconds(60));
      assertEquals("agent " + identity + " serving [/foo/bar] on " + uri + " (pid " + agent.pid()
          + ")", ready);
      String commandLine = ProcessHandle.of(agent.pid()).orElseThrow().info().commandLine()
          .orElse("");
      assertFalse(commandLine.contains(PASSWORD), "not in the process list: " + commandLine);

      Cli.Result fromFile = Cli.run(Map.of(BrokerUri.ENV, uri,
          BrokerAccess.PASSWORD_FILE_ENV, password.toString()), "", "mapper", "--wait", "20s",
          "request", "/foo/bar", "{\"payload\": \"x\"}");
      assertEquals(ExitCodes.OK, fromFile.exitCode(), fromFile.toString());
      assertEquals(identity + ": \"bar(x) from " + identity + "\"\n", fromFile.out());
      Cli.Result fromEnv = Cli.run(Map.of(BrokerUri.ENV, uri, BrokerAccess.PASSWORD_ENV,
          PASSWORD), "", "mapper", "--wait", "20s", "agents");
      assertEquals(ExitCodes.OK, fromEnv.exitCode(), fromEnv.toString());
      assertTrue(fromEnv.out().contains(identity), fromEnv.toString());
      assertFalse(fromFile.all().contains(PASSWORD) || fromEnv.all().contains(PASSWORD));

      agent.process().destroy(); // SIGTERM
      assertEquals(143, agent.awaitExit(Duration.ofSeconds(30)), agent.output().toString());
      for (String line : agent.output()) {
        assertFalse(line.contains(PASSWORD), line);
      }
      String logged = Files.readString(log);
      assertTrue(logged.contains("Agent " + identity + " serving"), logged);
      assertFalse(logged.contains(PASSWORD), logged);
    }
  }

  @Test
  void anAgentDirectoryNamesItsPasswordFile() throws Exception {
    passwordFile();
    Files.writeString(dir.resolve("nanite.properties"), String.join("\n",
        "actors = dev.nanite.examples.agent.FooActor",
        "classpath = " + Repo.root().resolve("examples/target/classes"),
        "uri = " + uri,
        "password-file = amqp.password",
        "ping = 300ms"));
    String identity = "directory-" + ProcessHandle.current().pid();
    AgentFlags flags = new AgentFlags(dir, null, BrokerOptions.NONE, identity, null, List.of(),
        null, List.of(), List.of(), null, null, null, null, null);
    try (AgentLauncher.Running running = AgentLauncher.start(AgentSpecs.resolve(flags, Map.of()));
        Mapper mapper = Mapper.builder().uri("amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:"
            + broker.port()).start()) {
      assertTrue(mapper.awaitAgents("/foo/bar", 1, Duration.ofSeconds(30)));
      assertEquals(identity, mapper.agents().get(0).identity());
    }
  }

  @Test
  void theEmbeddedBrokerServesThePasswordOfTheEnvironment() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String local = "amqp://" + USER + "@127.0.0.1:" + port;
    Map<String, String> env = Map.of(BrokerUri.ENV, local, BrokerAccess.PASSWORD_ENV, PASSWORD);
    try (CliProcess embedded = CliProcess.nanite(env, "broker")) {
      String ready = embedded.awaitLine("embedded broker ready", Duration.ofSeconds(60));
      assertEquals("embedded broker ready at amqp://" + USER + ":***@127.0.0.1:" + port
          + " (any virtual host); stop it with Ctrl-C", ready);
      Cli.Result mapper = Cli.run(env, "", "mapper", "agents");
      assertEquals(ExitCodes.OK, mapper.exitCode(), mapper.toString());
      Cli.Result guest = Cli.run(Map.of(BrokerUri.ENV, "amqp://guest:guest@127.0.0.1:" + port),
          "", "mapper", "agents");
      assertEquals(ExitCodes.UNAVAILABLE, guest.exitCode(), "guest is not served: " + guest);
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithoutPrintingIt() {
    Cli.Result refused = Cli.run(Map.of(BrokerUri.ENV, uri, BrokerAccess.PASSWORD_ENV,
        "not-" + PASSWORD), "", "mapper", "agents");
    assertEquals(ExitCodes.UNAVAILABLE, refused.exitCode(), refused.toString());
    assertTrue(refused.err().startsWith("nanite mapper: "), refused.toString());
    assertFalse(refused.all().contains(PASSWORD), refused.toString());
  }

  @Test
  void settingsThatCannotWorkAreUsageErrorsNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.password");
    Cli.Result mapper = Cli.run(Map.of(), "", "mapper", "--uri", uri, "--password-file",
        missing.toString(), "agents");
    Cli.Result admin = Cli.run(Map.of(), "", "admin", "--uri", uri, "--password-file",
        missing.toString());
    for (Cli.Result result : List.of(mapper, admin)) {
      assertEquals(ExitCodes.USAGE, result.exitCode(), result.toString());
      assertTrue(result.err().endsWith(": --password-file: the password file " + missing
          + " does not exist\n"), result.err());
    }
    assertTrue(admin.err().startsWith("nanite admin: "), admin.err());

    Path store = TestStores.emptyStore(dir.resolve("ca.p12"), "pw");
    Cli.Result plain = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(), "--uri",
        uri, "--trust-store", store.toString());
    assertEquals(ExitCodes.USAGE, plain.exitCode(), plain.toString());
    assertTrue(plain.err().startsWith("nanite agent: --trust-store gives a trust store for TLS,"
        + " but the broker URI of --uri (" + uri + ") is not amqps://"), plain.err());

    Cli.Result wrong = Cli.run(Map.of("NANITE_TLS_TRUST_STORE_PASSWORD", "not-pw"), "", "mapper",
        "--uri", "amqps://" + USER + "@127.0.0.1:1", "--trust-store", store.toString(), "agents");
    assertEquals(ExitCodes.USAGE, wrong.exitCode(), wrong.toString());
    assertEquals("nanite mapper: --trust-store: the trust store " + store + " does not open with"
        + " the password from $NANITE_TLS_TRUST_STORE_PASSWORD: wrong password\n", wrong.err());

    Cli.Result badUri = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(), "--uri",
        "amqp://h1:5672,h2:nope", "--log-level", "off");
    assertEquals(ExitCodes.USAGE, badUri.exitCode(), badUri.toString());
    assertTrue(badUri.err().startsWith("nanite agent: --uri: not a usable broker URI:"),
        badUri.err());

    Cli.Result twice = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(), "--uri",
        "amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:1", "--password-file",
        passwordFile().toString());
    assertEquals(ExitCodes.USAGE, twice.exitCode(), twice.toString());
    assertFalse(twice.all().contains(PASSWORD), twice.toString());
  }
}
