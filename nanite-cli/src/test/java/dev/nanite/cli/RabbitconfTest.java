package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.cli.rabbit.Rabbitmqctl;
import dev.nanite.examples.agent.Mock;
import dev.nanite.examples.agent.MockClient;
import dev.nanite.examples.agent.MockPaths;
import dev.nanite.internal.amqp.Topology;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code nanite rabbitconf} against the machine's RabbitMQ (through rabbitmqctl, or the
 * management API when it answers), on a throwaway vhost and accounts deleted at the end; and a
 * mapper and an agent working with nothing but the permissions it set.
 */
class RabbitconfTest {
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String vhost = "/nanite-test-" + suffix;
  private final String mapperUser = "mapper-" + suffix;
  private final String agentPrefix = "nanite-" + suffix + "-";
  private final String password = "pw-" + suffix;
  private final Rabbitmqctl rabbitmqctl = new Rabbitmqctl("rabbitmqctl", null);

  @BeforeEach
  void needsRabbitmq() {
    assumeTrue(rabbitmqctl.available(), "skipped: 'rabbitmqctl status' does not answer here (no"
        + " RabbitMQ, or this user may not reach it); .ci/run starts the machine's RabbitMQ");
  }

  @AfterEach
  void deleteEverything() {
    if (rabbitmqctl.available()) {
      Cli.Result deleted = rabbitconf("--delete");
      assertEquals(ExitCodes.OK, deleted.exitCode(), deleted.toString());
    }
  }

  private Cli.Result rabbitconf(String... more) {
    List<String> args = new ArrayList<>(List.of("rabbitconf", "--vhost", vhost, "--mapper-user",
        mapperUser, "--agent-prefix", agentPrefix, "--agents", "2", "--password", password));
    args.addAll(List.of(more));
    return Cli.run("", args.toArray(String[]::new));
  }

  private String uri(String user) {
    return "amqp://" + user + ":" + password + "@127.0.0.1:5672/"
        + URLEncoder.encode(vhost, StandardCharsets.UTF_8);
  }

  @Test
  void createsTheVhostAndAccountsOnceAndSaysSo() throws Exception {
    Cli.Result first = rabbitconf();
    assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
    List<String> lines = first.out().lines().toList();
    assertTrue(lines.get(0).startsWith("using "), first.toString());
    assertEquals(List.of(
        "vhost " + vhost + ": created",
        "user " + mapperUser + ": created",
        "permissions of " + mapperUser + " on " + vhost + ": set (configure"
            + " '^(heartbeat|registration|advertise|nanite\\.offline|nanite\\.mapper\\..+)$',"
            + " write '^(amq\\.default|advertise|nanite\\.offline|nanite\\.mapper\\..+)$', read"
            + " '^(heartbeat|registration|nanite\\.offline|nanite\\.mapper\\..+)$')",
        "user " + agentPrefix + "1: created",
        "permissions of " + agentPrefix + "1 on " + vhost + ": set (configure"
            + " '^(?!nanite\\.).+$', write '^(?!nanite\\.|advertise$).+$',"
            + " read '^(?!nanite\\.|heartbeat$|registration$).+$')",
        "user " + agentPrefix + "2: created",
        "permissions of " + agentPrefix + "2 on " + vhost + ": set (configure"
            + " '^(?!nanite\\.).+$', write '^(?!nanite\\.|advertise$).+$',"
            + " read '^(?!nanite\\.|heartbeat$|registration$).+$')"),
        lines.subList(1, 8));

    // An account tagged impersonator could publish under any account's name: the tag goes,
    // the others stay.
    rabbitmqctl.setUserTags(agentPrefix + "2", Set.of("impersonator", "monitoring"));
    Cli.Result second = rabbitconf();
    assertEquals(ExitCodes.OK, second.exitCode(), second.toString());
    assertEquals(List.of(
        "vhost " + vhost + ": exists",
        "user " + mapperUser + ": exists (password left as it is)",
        "permissions of " + mapperUser + " on " + vhost + ": unchanged",
        "user " + agentPrefix + "1: exists (password left as it is)",
        "permissions of " + agentPrefix + "1 on " + vhost + ": unchanged",
        "user " + agentPrefix + "2: exists (password left as it is)",
        "user " + agentPrefix + "2: tag impersonator removed (it lets the account publish under"
            + " any account's name)",
        "permissions of " + agentPrefix + "2 on " + vhost + ": unchanged"),
        second.out().lines().toList().subList(1, 9));
    assertEquals(Optional.of(Set.of("monitoring")), rabbitmqctl.userTags(agentPrefix + "2"));
    assertTrue(second.out().endsWith("(for secure mode, which binds each agent's identity and"
        + " queue to its account, run again with --secure)\n"), second.toString());
  }

  @Test
  void aPasswordFile_givesTheAccountsTheirPassword_offTheCommandLine() throws Exception {
    Path file = Files.createTempFile("nanite-accounts", ".password");
    try {
      Files.writeString(file, password + "\n");
      Cli.Result result = Cli.run("", "rabbitconf", "--vhost", vhost, "--mapper-user",
          mapperUser, "--agent-prefix", agentPrefix, "--agents", "2", "--password-file",
          file.toString());
      assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
      assertFalse(result.toString().contains(password), result.toString());
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri(mapperUser));
      try (Connection connection = factory.newConnection()) {
        assertTrue(connection.isOpen());
      }
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void anAgentAndAMapperWorkWithTheseAccounts() throws Exception {
    assertEquals(ExitCodes.OK, rabbitconf().exitCode());
    try (Agent agent = Agent.builder().uri(uri(agentPrefix + "1")).identity("agent-" + suffix)
            .pingInterval(Duration.ofMillis(300)).actor(new Mock()).start();
        Mapper mapper = Mapper.builder().uri(uri(mapperUser)).start()) {
      assertTrue(mapper.awaitAgents(MockPaths.LIST, 1, Duration.ofSeconds(20)));
      assertEquals(List.of(2), new MockClient(mapper).list("2",
          dev.nanite.Selector.LEAST_LOADED, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)))
          .get(20, TimeUnit.SECONDS));
      Cli.Result shell = Cli.run(Map.of(), "", "mapper", "--uri", uri(mapperUser), "request",
          "/mock/list", "{\"filter\": \"3\"}");
      assertEquals(agent.identity() + ": [3]\n", shell.out(), shell.toString());
    }
  }

  /**
   * With --secure, each account's queues are named after it: an agent on its account with
   * --secure (named {@code <account>-...}) serves a secure mapper on the mapper account, and
   * another agent account cannot declare a queue of that name to take its requests.
   */
  @Test
  void secureAccountsServeSecureMappers_andCannotTakeEachOthersQueues() throws Exception {
    Cli.Result conf = rabbitconf("--secure");
    assertEquals(ExitCodes.OK, conf.exitCode(), conf.toString());
    String first = agentPrefix + "1";
    String second = agentPrefix + "2";
    String own = first + "(-.*)?"; // a dash needs no escaping
    assertTrue(conf.out().contains("permissions of " + first + " on " + vhost + ": set (configure"
        + " '^(heartbeat|registration|advertise|" + own + ")$', write"
        + " '^(amq\\.default|heartbeat|registration|" + own + ")$', read '^(advertise|" + own
        + ")$')\n"), conf.toString());
    assertTrue(conf.out().contains("permissions of " + mapperUser + " on " + vhost + ": set"
        + " (configure '^(heartbeat|registration|advertise|nanite\\.offline|nanite\\.mapper\\."
        + mapperUser + "(-.*)?\\.(inbox|replies))$'"), conf.toString());
    String encoded = URLEncoder.encode(vhost, StandardCharsets.UTF_8);
    assertTrue(conf.out().contains("\n  nanite agent DIR --secure --uri 'amqp://" + first
        + "@localhost:5672/" + encoded + "'\n  nanite mapper -i --secure --uri 'amqp://"
        + mapperUser + "@localhost:5672/" + encoded + "'\n"), conf.toString());

    AgentFlags flags = new AgentFlags(Repo.example("myagent"), null,
        BrokerOptions.uri(uri(first)), null, Duration.ofMillis(300), List.of(), null, List.of(),
        List.of(), Duration.ofSeconds(2), null, null, null, null,
        SecurityOptions.flags(true, null, null, null, null, null, null, List.of()));
    try (AgentLauncher.Running agent = AgentLauncher.start(AgentSpecs.resolve(flags, Map.of()))) {
      String identity = agent.agent().identity();
      assertTrue(identity.startsWith(first + "-myagent-"), identity);
      Cli.Result call = Cli.run(Map.of(), "", "mapper", "--uri", uri(mapperUser), "--secure",
          "--wait", "20s", "request", "/mock/list", "{\"filter\": \"3\"}");
      assertEquals(identity + ": [3]\n", call.out(), call.toString());

      // The second agent account may not take the first's queue name (the queue is exclusive
      // to the agent's connection: a name of the same form, as after the agent restarted).
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri(second));
      try (Connection connection = factory.newConnection()) {
        Channel own2 = connection.createChannel();
        own2.queueDeclare(second + "-mine", false, true, true, Map.of()); // its own: fine
        for (String stolen : List.of(first + "-myagent-restarted", first)) {
          Channel channel = connection.createChannel();
          IOException refused = assertThrows(IOException.class,
              () -> channel.queueDeclare(stolen, false, true, true, Map.of()), stolen);
          assertTrue(refused.getCause().getMessage().contains("ACCESS_REFUSED"),
              refused.getCause().getMessage());
        }
      }
    }
  }

  @Test
  void anAgentAccountCannotHearPingsNorMakeEveryAgentRegister() throws Exception {
    assertEquals(ExitCodes.OK, rabbitconf().exitCode());
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri(agentPrefix + "1"));
    try (Connection connection = factory.newConnection()) {
      Channel channel = connection.createChannel();
      Topology.declareExchanges(channel);
      String queue = channel.queueDeclare().getQueue();
      channel.queueBind(queue, Topology.ADVERTISE, ""); // what every agent does
      for (String exchange : List.of(Topology.HEARTBEAT, Topology.REGISTRATION)) {
        Channel binding = connection.createChannel();
        IOException refused = assertThrows(IOException.class,
            () -> binding.queueBind(queue, exchange, ""), "bound a queue to " + exchange);
        assertTrue(refused.getCause().getMessage().contains("ACCESS_REFUSED"),
            refused.getCause().getMessage());
      }
      Channel publishing = connection.createChannel();
      publishing.confirmSelect();
      publishing.basicPublish(Topology.ADVERTISE, "", null, new byte[0]);
      assertThrows(Exception.class, () -> publishing.waitForConfirmsOrDie(10_000),
          "published to " + Topology.ADVERTISE);
      assertTrue(publishing.getCloseReason().getMessage().contains("ACCESS_REFUSED"),
          publishing.getCloseReason().getMessage());
    }
  }
}
