package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.cli.GuideCommands.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The walkthrough the README links to, "Running it like the seed" ({@code docs/walkthrough.md}),
 * run command by command through {@code bin/nanite} and the packaged jar, as a newcomer would
 * type it: the embedded broker, two agents from the seed's agent directories, the shell with each
 * selector, an agent killed and seen leaving, a one-shot request, the control tower and the jobs
 * web app. The ports 5673, 8080 and 8081 are replaced by free ones; everything else runs as
 * written, and the walkthrough must show exactly these commands.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReadmeWalkthroughIT {
  static final String BUILD = "mvn -B -DskipTests package";
  static final String EXPORT = "export NANITE_AMQP_URI=amqp://guest:guest@localhost:5673";
  static final String BROKER = "bin/nanite broker &";
  static final List<String> RABBITMQ = List.of(
      "sudo bin/nanite rabbitconf",
      "bin/nanite agent examples/myagent --uri amqp://nanite1:testing@localhost:5672/%2Fnanite",
      "bin/nanite mapper -i --uri amqp://mapper:testing@localhost:5672/%2Fnanite");
  static final String MYAGENT = "bin/nanite agent examples/myagent &";
  static final String FOO = "bin/nanite agent examples/foo --pid-file foo.pid &";
  static final String SHELL = "bin/nanite mapper -i";
  static final List<String> SESSION = List.of(
      "agents",
      "request /mock/list",
      "request /mock/list {\"filter\": \"2\"}",
      "request /foo/bar {\"payload\": \"hi\"} --selector all",
      "request /foo/bar hi --selector least_loaded",
      "request /foo/bar hi --selector random",
      "request /foo/bar hi --selector round_robin",
      "request /foo/bar hi --selector round_robin",
      "push /foo/bar hi --selector all");
  static final String KILL = "kill -9 $(cat foo.pid)";
  static final List<String> AFTER_KILL = List.of("wait /foo/bar 1", "agents", "quit");
  static final String ONE_SHOT = "bin/nanite mapper request /mock/list '{\"filter\": \"3\"}'";
  static final String ADMIN = "bin/nanite admin --port 8080 &";
  static final String AGENTS_API = "curl -s http://127.0.0.1:8080/api/agents";
  static final String METRICS = "curl -s http://127.0.0.1:8080/metrics | grep '^nanite_'";
  static final String WEB_APP = "java -cp nanite-cli/target/nanite.jar:examples/target/classes"
      + " dev.nanite.examples.web.JobsWebApp --port 8081 &";
  static final String KICKOFF = "token=$(curl -s 'http://127.0.0.1:8081/kickoff?payload=hi'"
      + " | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')";
  static final String POLL = "curl -s \"http://127.0.0.1:8081/poll?token=$token\"";

  private final List<CliProcess> daemons = new ArrayList<>();
  private final Map<String, String> ports = Map.of("5673", free(), "8080", free(), "8081", free());

  @AfterEach
  void stopEverything() throws Exception {
    for (CliProcess daemon : daemons) {
      daemon.close();
    }
    Files.deleteIfExists(Repo.root().resolve("foo.pid"));
  }

  @Test
  void theWalkthroughShowsTheseCommandsInThisOrder() throws IOException {
    String walkthrough = Files.readString(Repo.root().resolve("docs/walkthrough.md"));
    List<String> commands = new ArrayList<>();
    List<String> session = new ArrayList<>();
    boolean inCode = false;
    for (String line : walkthrough.lines().toList()) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (inCode && line.startsWith("nanite> ")) {
        session.add(line.substring("nanite> ".length()));
      } else if (inCode && line.matches("(bin/nanite|mvn|export|sudo|kill|curl|java|token=).*")) {
        commands.add(line);
      }
    }
    List<String> expected = new ArrayList<>(List.of(BUILD, EXPORT, BROKER));
    expected.addAll(RABBITMQ);
    expected.addAll(List.of(MYAGENT, FOO, SHELL, KILL, ONE_SHOT, ADMIN, AGENTS_API, METRICS,
        WEB_APP, KICKOFF, POLL));
    assertEquals(expected, commands);
    List<String> typed = new ArrayList<>(SESSION);
    typed.addAll(AFTER_KILL);
    assertEquals(typed, session);
  }

  /** The product the broker at {@code uri} announces as a connection opens. */
  private static String product(String uri) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    try (Connection connection = factory.newConnection("walkthrough-product")) {
      return String.valueOf(connection.getServerProperties().get("product"));
    }
  }

  /**
   * What the shell printed, without its log lines: those (an eviction's warning) come on
   * stderr, in no fixed order with stdout, so they must not count in the order checked.
   */
  private static List<String> printed(CliProcess shell) {
    return shell.output().stream()
        .filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\d \\S+ (TRACE|DEBUG|INFO|WARN|ERROR) .*"))
        .toList();
  }

  @Test
  void theSessionRunsAsTheReadmeShowsIt() throws Exception {
    Map<String, String> env = Map.of(BrokerUri.ENV, ports(EXPORT.substring(
        EXPORT.indexOf('=') + 1)));
    CliProcess broker = daemon(BROKER, env);
    broker.awaitLine("embedded broker ready", Duration.ofSeconds(90));
    assertEquals("Apache Qpid Broker-J Core", product(env.get(BrokerUri.ENV)),
        "the broker in nanite.jar says it is Qpid, which decides how clients set expirations");
    String my = identity(daemon(MYAGENT, env));
    String foo = identity(daemon(FOO, env));

    CliProcess shell = daemon(SHELL, env);
    shell.type("wait /foo/bar 2"); // the test's own: the shell learns the agents within a ping
    shell.awaitLine("2 agents serve /foo/bar", Duration.ofSeconds(60));
    for (String line : SESSION) {
      shell.type(line);
    }
    shell.awaitLine("pushed /foo/bar to all", Duration.ofSeconds(60));
    List<String> out = printed(shell);
    assertTrue(out.stream().anyMatch(l -> l.matches(Pattern.quote(my)
        + " +localhost:\\d+ +\\d+\\.\\d\\d +mock +/foo/bar,/mock/list +\\d+\\.\\ds ago +0")),
        out.toString());
    assertTrue(out.stream().anyMatch(l -> l.matches(Pattern.quote(foo)
        + " +localhost:\\d+ +\\d+\\.\\d\\d +foo +/foo/bar +\\d+\\.\\ds ago +0")),
        out.toString());
    assertTrue(out.contains(my + ": [1,2,3]"), out.toString());
    assertTrue(out.contains(my + ": [2]"), out.toString());
    assertTrue(out.contains(my + ": \"bar(hi) from " + my + "\""), out.toString());
    assertTrue(out.contains(foo + ": \"bar(hi) from " + foo + "\""), out.toString());
    List<String> roundRobin = out.subList(out.size() - 3, out.size() - 1);
    assertEquals(2, roundRobin.stream().distinct().count(), "each in turn: " + out);

    assertEquals(0, run(KILL, env).exitCode());
    for (String line : AFTER_KILL) {
      shell.type(line);
    }
    assertEquals(0, shell.awaitExit(Duration.ofSeconds(60)), shell.output().toString());
    out = printed(shell);
    assertTrue(out.contains("1 agent serves /foo/bar"), out.toString());
    assertTrue(out.get(out.size() - 1).equals("1 agent"), out.toString());
    assertTrue(out.get(out.size() - 2).startsWith(my + " "), out.toString());

    Result oneShot = run(ONE_SHOT, env);
    assertEquals(new Result(0, my + ": [3]\n"), oneShot);

    daemon(ADMIN, env).awaitLine("control tower at", Duration.ofSeconds(60));
    // The tower's mapper hears of the agent within a ping.
    Await.until("the tower to list " + my, Duration.ofSeconds(30),
        () -> run(AGENTS_API, env).output().contains("\"identity\":\"" + my + "\""));
    Result metrics = run(METRICS, env);
    assertTrue(metrics.output().contains("nanite_agents_online 1.0"), metrics.output());

    daemon(WEB_APP, env).awaitLine("Listening on", Duration.ofSeconds(60));
    Result kickoff = run(KICKOFF + "\necho \"$token\"", env);
    String token = kickoff.output().strip();
    assertTrue(token.matches("[0-9a-f-]{36}"), "a token: " + kickoff);
    Map<String, String> withToken = new java.util.HashMap<>(env);
    withToken.put("token", token);
    Result[] poll = new Result[1];
    Await.until("the job to be done (" + (poll[0] == null ? "" : poll[0].output()) + ")",
        Duration.ofSeconds(30), () -> (poll[0] = run(POLL, withToken)).output().contains("done"));
    assertEquals("{\"status\":\"done\",\"response\":\"bar(hi) from " + my + "\",\"token\":\""
        + token + "\"}", poll[0].output().strip());
  }

  private CliProcess daemon(String command, Map<String, String> env) throws IOException {
    CliProcess process = GuideCommands.daemon(ports(command), env);
    daemons.add(process);
    return process;
  }

  private Result run(String command, Map<String, String> env) {
    return GuideCommands.run(ports(command), env, Duration.ofSeconds(60));
  }

  private static String identity(CliProcess agent) {
    return GuideCommands.identity(agent, Duration.ofSeconds(60));
  }

  private String ports(String text) {
    String replaced = text;
    for (Map.Entry<String, String> port : ports.entrySet()) {
      replaced = replaced.replace(port.getKey(), port.getValue());
    }
    return replaced;
  }

  private static String free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return Integer.toString(socket.getLocalPort());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
