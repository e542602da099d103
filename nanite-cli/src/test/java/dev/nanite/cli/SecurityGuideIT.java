package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nanite.cli.GuideCommands.Result;
import dev.nanite.cli.rabbit.Rabbitmqctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docs/security.md}, "From the command line", command by command through {@code
 * bin/nanite}, against the machine's RabbitMQ: accounts for secure mode, two keys made with
 * keygen in one trusted-keys file, a signing agent in secure mode that serves only the mapper
 * account, a signed call, and the agent's key rotated. {@code billing} is renamed so that the
 * vhost and accounts are new (and deleted at the end); {@code secrets/} and {@code keys} are a
 * folder of the test's. Everything else runs as written, and the guide must show exactly these
 * commands.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecurityGuideIT {
  static final String RABBITCONF = "bin/nanite rabbitconf --secure --vhost /billing --mapper-user"
      + " billing-mapper --agent-prefix billing --agents 2 --password-file"
      + " secrets/accounts.password";
  static final String MKDIR = "mkdir -p keys";
  static final String KEYGEN_AGENT = "bin/nanite keygen --key-id billing1-a --identities"
      + " 'billing1-*' --out keys >> keys/trusted-keys";
  static final String KEYGEN_MAPPER = "bin/nanite keygen --key-id billing-mapper-a --identities"
      + " 'billing-mapper-*' --out keys >> keys/trusted-keys";
  static final String EXPORT = "export NANITE_AMQP_PASSWORD_FILE=secrets/accounts.password";
  static final String AGENT = "bin/nanite agent examples/myagent"
      + " --uri amqp://billing1@localhost:5672/%2Fbilling --secure --callers billing-mapper"
      + " --signing-key keys/billing1-a.key --trusted-keys keys/trusted-keys &";
  static final String REQUEST = "bin/nanite mapper"
      + " --uri amqp://billing-mapper@localhost:5672/%2Fbilling --secure"
      + " --signing-key keys/billing-mapper-a.key --trusted-keys keys/trusted-keys"
      + " request /mock/list '{\"filter\": \"2\"}'";
  static final String KEYGEN_ROTATED = KEYGEN_AGENT.replace("billing1-a", "billing1-b");
  static final String AGENT_ROTATED = AGENT.replace("billing1-a", "billing1-b");
  static final String REQUEST_ROTATED = REQUEST.replace("\"2\"", "\"3\"");

  static final List<String> GUIDE = List.of(RABBITCONF, MKDIR, KEYGEN_AGENT, KEYGEN_MAPPER,
      EXPORT, AGENT, REQUEST, KEYGEN_ROTATED, AGENT_ROTATED, REQUEST_ROTATED);

  private final String name = "bg" + UUID.randomUUID().toString().substring(0, 8);
  private final List<CliProcess> daemons = new ArrayList<>();
  private Path folder;

  @AfterEach
  void cleanUp() throws IOException {
    daemons.forEach(CliProcess::close);
    if (folder != null) {
      Cli.Result deleted = Cli.run("", "rabbitconf", "--delete", "--vhost", "/" + name,
          "--mapper-user", name + "-mapper", "--agent-prefix", name, "--agents", "2");
      assertEquals(ExitCodes.OK, deleted.exitCode(), deleted.toString());
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theGuideShowsTheseCommandsInThisOrder() throws IOException {
    assertEquals(GUIDE, GuideCommands.commands(
        Files.readString(Repo.root().resolve("docs/security.md")), "```sh"));
  }


  @Test
  void theCommandsRunAsWritten_onTheMachinesRabbitmq() throws Exception {
    assumeTrue(new Rabbitmqctl("rabbitmqctl", null).available(), "skipped: 'rabbitmqctl status'"
        + " does not answer here; .ci/run starts the machine's RabbitMQ");
    folder = Files.createTempDirectory("nanite-security-guide-");
    Files.createDirectories(folder.resolve("secrets"));
    String password = "pw-" + UUID.randomUUID();
    Files.writeString(folder.resolve("secrets/accounts.password"), password + "\n");

    Result accounts = run(RABBITCONF, Map.of());
    assertEquals(0, accounts.exitCode(), accounts.output());
    assertTrue(accounts.output().contains("secure mode: start every agent and mapper with"
        + " --secure"), accounts.output());
    for (String command : List.of(MKDIR, KEYGEN_AGENT, KEYGEN_MAPPER)) {
      Result made = run(command, Map.of());
      assertEquals(0, made.exitCode(), command + ": " + made.output());
    }
    assertEquals(2, Files.readAllLines(folder.resolve("keys/trusted-keys")).size());

    Matcher export = Pattern.compile("export (\\w+)=(\\S+)").matcher(EXPORT);
    assertTrue(export.matches(), EXPORT);
    Map<String, String> env = new HashMap<>();
    env.put(export.group(1), substitute(export.group(2)));

    CliProcess agent = daemon(AGENT, env);
    String identity = GuideCommands.identity(agent, Duration.ofSeconds(90));
    assertTrue(identity.startsWith(name + "1-myagent-"), identity);
    assertEquals(new Result(0, identity + ": [2]\n"), run(REQUEST, env));

    Result rotated = run(KEYGEN_ROTATED, Map.of());
    assertEquals(0, rotated.exitCode(), rotated.output());
    agent.process().destroy(); // Ctrl-C
    assertEquals(143, agent.awaitExit(Duration.ofSeconds(30)), agent.output().toString());
    CliProcess again = daemon(AGENT_ROTATED, env);
    String ready = again.awaitLine(" (pid ", Duration.ofSeconds(90));
    assertTrue(ready.contains(", secure, callers " + name + "-mapper, signing with key " + name
        + "1-b (pid "), ready);
    String second = GuideCommands.identity(again, Duration.ofSeconds(1));
    assertEquals(new Result(0, second + ": [3]\n"), run(REQUEST_ROTATED, env));
  }

  private CliProcess daemon(String command, Map<String, String> env) throws IOException {
    CliProcess process = GuideCommands.daemon(substitute(command), env);
    daemons.add(process);
    return process;
  }

  private Result run(String command, Map<String, String> env) {
    return GuideCommands.run(substitute(command), env, Duration.ofSeconds(120));
  }

  /** The guide's names made this run's: {@code billing}, {@code secrets/} and {@code keys}. */
  private String substitute(String command) {
    return command.replace("billing", name)
        .replace("secrets/", folder.resolve("secrets") + "/")
        .replaceAll("(?<=[ ])keys(?=/|\\s|$)", folder.resolve("keys").toString());
  }
}
