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
  void createsTheVhostAndAccountsOnceAndSaysSo() {
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

    Cli.Result second = rabbitconf();
    assertEquals(ExitCodes.OK, second.exitCode(), second.toString());
    assertEquals(List.of(
        "vhost " + vhost + ": exists",
        "user " + mapperUser + ": exists (password left as it is)",
        "permissions of " + mapperUser + " on " + vhost + ": unchanged",
        "user " + agentPrefix + "1: exists (password left as it is)",
        "permissions of " + agentPrefix + "1 on " + vhost + ": unchanged",
        "user " + agentPrefix + "2: exists (password left as it is)",
        "permissions of " + agentPrefix + "2 on " + vhost + ": unchanged"),
        second.out().lines().toList().subList(1, 8));
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
