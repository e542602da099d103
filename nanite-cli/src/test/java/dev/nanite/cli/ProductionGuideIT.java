package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nanite.cli.GuideCommands.Result;
import dev.nanite.it.support.RabbitCluster;
import dev.nanite.it.support.RabbitNode;
import dev.nanite.it.support.TestCa;
import dev.nanite.it.support.TlsRabbitNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "Running in production" and {@code docs/production.md}, command by command,
 * through {@code bin/nanite}, against three private RabbitMQ nodes clustered on loopback, each
 * with a TLS listener on a certificate of a CA made here: accounts set up with a password from
 * a file, an agent on a quorum queue logged in with a password from the environment, a mapper
 * with a password file, and an agent logged in by its client certificate alone. The host names
 * {@code rabbit1}..{@code rabbit3} (port 5671) stand for the nodes' TLS listeners, {@code
 * rabbit@rabbit1} for the first node, {@code secrets/} for a folder this test writes; everything
 * else runs as written, and the documents must show exactly these commands.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ProductionGuideIT {
  static final String RABBITCONF = "bin/nanite rabbitconf --vhost /prod --agents 3"
      + " --password-file secrets/accounts.password --via rabbitmqctl --node rabbit@rabbit1";
  static final String EXPORT_URI =
      "export NANITE_AMQP_URI='amqps://nanite1@rabbit1:5671,rabbit2:5671,rabbit3:5671/%2Fprod'";
  static final String EXPORT_PASSWORD =
      "export NANITE_AMQP_PASSWORD_FILE=secrets/nanite1.password";
  static final String AGENT =
      "bin/nanite agent examples/myagent --trust-store secrets/ca.pem --quorum-queue &";
  static final String REQUEST = "bin/nanite mapper"
      + " --uri 'amqps://mapper@rabbit2:5671,rabbit3:5671/%2Fprod'"
      + " --password-file secrets/mapper.password --trust-store secrets/ca.pem"
      + " request /mock/list '{\"filter\": \"2\"}'";
  static final String EXTERNAL_AGENT = "bin/nanite agent examples/foo"
      + " --uri 'amqps://rabbit3:5671/%2Fprod?auth_mechanism=external'"
      + " --trust-store secrets/ca.pem --key-store secrets/nanite2.p12"
      + " --key-store-password-file secrets/nanite2.p12.password &";
  static final String ALL_REQUEST = "bin/nanite mapper"
      + " --uri 'amqps://mapper@rabbit1:5671,rabbit2:5671/%2Fprod'"
      + " --password-file secrets/mapper.password --trust-store secrets/ca.pem"
      + " request /foo/bar '{\"payload\": \"hi\"}' --selector all";

  static final List<String> README = List.of(RABBITCONF, EXPORT_URI, EXPORT_PASSWORD, AGENT,
      REQUEST);
  static final List<String> GUIDE = List.of(RABBITCONF, EXPORT_URI, EXPORT_PASSWORD, AGENT,
      REQUEST, EXTERNAL_AGENT, ALL_REQUEST);

  private final List<CliProcess> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() {
    daemons.forEach(CliProcess::close);
  }

  @Test
  void theReadmeAndTheGuideShowTheseCommandsInThisOrder() throws IOException {
    String readme = Files.readString(Repo.root().resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Running in production"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    assertEquals(README, GuideCommands.commands(section, "```"));
    assertEquals(GUIDE, GuideCommands.commands(
        Files.readString(Repo.root().resolve("docs/production.md")), "```"));
  }


  @Test
  void theCommandsRunAsWritten_onATlsClusterOfThreeNodes() throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private cluster to run on");
    try (TestCa ca = TestCa.create();
        RabbitCluster rabbit = RabbitCluster.start(node -> TlsRabbitNode.tls(node, ca))) {
      Path secrets = Files.createTempDirectory("nanite-secrets-");
      try {
        run(rabbit, ca, secrets);
      } finally {
        try (var files = Files.walk(secrets)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private void run(RabbitCluster rabbit, TestCa ca, Path secrets) throws Exception {
    String password = "pw-" + UUID.randomUUID();
    Files.writeString(secrets.resolve("accounts.password"), password + "\n");
    Files.writeString(secrets.resolve("nanite1.password"), password + "\n");
    Files.writeString(secrets.resolve("mapper.password"), password + "\n");
    Files.copy(ca.server().caCert(), secrets.resolve("ca.pem"));
    Files.copy(ca.issueClient("nanite2"), secrets.resolve("nanite2.p12"));
    Files.writeString(secrets.resolve("nanite2.p12.password"),
        new String(ca.storePassword()) + "\n");
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      names.put("rabbit" + (i + 1) + ":5671", "localhost:" + rabbit.node(i).tlsPort());
    }
    names.put("rabbit@rabbit1", rabbit.node(0).nodeName());
    names.put("secrets/", secrets + "/");

    // rabbitmqctl reaches the private node with its cookie, as root would reach its own: the
    // node's environment, and RabbitMQ's own rabbitmqctl rather than Debian's wrapper on the
    // PATH, which runs it as the rabbitmq user with the machine's node's cookie.
    Map<String, String> env = new HashMap<>(rabbit.node(0).ctlEnvironment());
    env.put("PATH", "/usr/lib/rabbitmq/bin:" + System.getenv("PATH"));
    Result accounts = run(substitute(RABBITCONF, names), env);
    assertEquals(0, accounts.exitCode(), accounts.output());
    assertTrue(accounts.output().contains("done: vhost /prod"), accounts.output());
    assertFalse(accounts.output().contains(password), "no password printed: " + accounts);

    env = new HashMap<>();
    for (String export : List.of(EXPORT_URI, EXPORT_PASSWORD)) {
      Matcher m = Pattern.compile("export (\\w+)='?([^']*)'?").matcher(export);
      assertTrue(m.matches(), export);
      env.put(m.group(1), substitute(m.group(2), names));
    }
    CliProcess agent = daemon(substitute(AGENT, names), env);
    String my = identity(agent);
    assertFalse(String.join("\n", agent.output()).contains(password), agent.output().toString());

    Result request = run(substitute(REQUEST, names), Map.of());
    assertEquals(new Result(0, my + ": [2]\n"), request);

    CliProcess foo = daemon(substitute(EXTERNAL_AGENT, names), env);
    String fooIdentity = identity(foo);
    String connections = rabbit.node(2).ctl("list_connections", "user", "client_properties");
    assertTrue(connections.lines().anyMatch(l -> l.startsWith("nanite2\t")
        && l.contains(fooIdentity)), "the foo agent logged in as nanite2: " + connections);

    Result all = run(substitute(ALL_REQUEST, names), Map.of());
    assertEquals(0, all.exitCode(), all.output());
    assertTrue(all.output().contains(my + ": \"bar(hi) from " + my + "\""), all.output());
    assertTrue(all.output().contains(fooIdentity + ": \"bar(hi) from " + fooIdentity + "\""),
        all.output());
  }

  private CliProcess daemon(String command, Map<String, String> env) throws IOException {
    CliProcess process = GuideCommands.daemon(command, env);
    daemons.add(process);
    return process;
  }

  private static Result run(String command, Map<String, String> env) {
    return GuideCommands.run(command, env, Duration.ofSeconds(120));
  }

  private static String identity(CliProcess agent) {
    return GuideCommands.identity(agent, Duration.ofSeconds(90));
  }

  private static String substitute(String text, Map<String, String> names) {
    String replaced = text;
    for (Map.Entry<String, String> name : names.entrySet()) {
      replaced = replaced.replace(name.getKey(), name.getValue());
    }
    return replaced;
  }
}
