package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.cli.fixtures.Fixture;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code nanite mapper -i} driven by scripted input against a running cluster: the seed's two
 * agent directories and a fixture agent, in this JVM.
 */
class ShellTest {
  private static Cluster cluster;
  private static String my;
  private static String foo;
  private static String fixture;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    my = cluster.agentDirectory("myagent", "my").identity();
    foo = cluster.agentDirectory("foo", "foo").identity();
    fixture = cluster.agent("fixture", new Fixture()).identity();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /** Runs the shell over {@code lines}, first waiting for both /foo/bar agents. */
  private static Cli.Result shell(String... lines) {
    String script = "wait /foo/bar 2\nwait /fixture/add 1\n" + String.join("\n", lines) + "\n";
    Cli.Result result = Cli.run(script, "mapper", "-i", "--uri", cluster.uri(), "--wait", "2s");
    assertTrue(result.out().contains("2 agents serve /foo/bar"), result.toString());
    return result;
  }

  @Test
  void listsTheAgentsWithStatusTagsPathsAndLastPing() {
    Cli.Result result = shell("agents", "paths");
    List<String> lines = result.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        "IDENTITY +NODE +STATUS +TAGS +PATHS +LAST PING +IN FLIGHT")), result.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(my)
        + " +127\\.0\\.0\\.1:\\d+ +\\d+\\.\\d\\d +mock +/foo/bar,/mock/list +\\d+\\.\\ds ago +0")),
        result.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(foo)
        + " +127\\.0\\.0\\.1:\\d+ +\\d+\\.\\d\\d +foo +/foo/bar +\\d+\\.\\ds ago +0")),
        result.toString());
    assertTrue(lines.contains("3 agents"), result.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        "/mock/list +1 agent +\\(filter: string\\) -> repeated int32")), result.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        "/foo/bar +2 agents +\\(payload: string\\) -> string")), result.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        "/fixture/move +1 agent +\\(from: Fixture_Point, dx: int32, color: Fixture_Color\\)"
            + " -> Fixture_Point")), result.toString());
  }

  @Test
  void listsEachAgentsPingIntervalAndCountersOnRequest() {
    Cli.Result result = shell("request /mock/list", "agents --counters");
    List<String> lines = result.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("IDENTITY +PING +REQUESTS +FAILED +REJECTED"
        + " +EXPIRED +PINGS +UNROUTED +UNDELIVERED +UNCAUGHT +FORBIDDEN +BAD_SIGNATURE"
        + " +REPLAYED +CANCELLED")), result.toString());
    // Counters as of the last ping (the request just made may not be in them yet); uncaught
    // is always 0, and an open fabric refuses nothing for security.
    assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(my)
        + " +0\\.3s( +\\d+){7} +0 +0 +0 +0 +\\d+")), result.toString());
    assertTrue(lines.contains("3 agents"), result.toString());
  }

  @Test
  void requestsWithEachSelectorPrintEachAgentsReplyAsJson() {
    Cli.Result result = shell(
        "request /mock/list",
        "request /mock/list {\"filter\": \"2\"}",
        "request /foo/bar '{\"payload\":\"hi\"}' --selector all",
        "request /foo/bar [\"rr\"] -s round_robin",
        "request /foo/bar [\"rr\"] -s round_robin",
        "request /foo/bar '\"r\"' -s random",
        "request /foo/bar lb --selector least_loaded",
        "request /foo/bar target -s target:" + foo);
    String out = result.out();
    assertTrue(out.contains(my + ": [1,2,3]\n"), result.toString());
    assertTrue(out.contains(my + ": [2]\n"), result.toString());
    assertTrue(out.contains(my + ": \"bar(hi) from " + my + "\"\n"), result.toString());
    assertTrue(out.contains(foo + ": \"bar(hi) from " + foo + "\"\n"), result.toString());
    assertEquals(Set.of(my, foo), answered(out, "rr"), result.toString());
    assertEquals(1, answered(out, "r").size(), result.toString());
    assertEquals(1, answered(out, "lb").size(), result.toString());
    assertTrue(out.contains(foo + ": \"bar(target) from " + foo + "\"\n"), result.toString());
    assertEquals("", result.err(), result.toString());
    assertEquals(ExitCodes.OK, result.exitCode());
  }

  /** The agents whose /foo/bar answered {@code payload}, by their own account. */
  private static Set<String> answered(String out, String payload) {
    Matcher m = Pattern.compile(": \"bar\\(" + Pattern.quote(payload) + "\\) from ([^\"]+)\"")
        .matcher(out);
    return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
  }

  @Test
  void turnsJsonOfEveryShapeIntoRequestsAndRepliesIntoJson() {
    Cli.Result result = shell(
        "request /fixture/add {\"a\": 2, \"b\": 40}",
        "request /fixture/add [1, \"9007199254740993\"]",
        "request /fixture/count {\"words\": [\"a\", \"b\", \"a\"]}",
        "request /fixture/move {\"from\": {\"x\": 1, \"y\": 2}, \"dx\": 3,"
            + " \"color\": \"FIXTURE_COLOR_GREEN\"}",
        "request /fixture/touch",
        "push /fixture/touch -s all");
    String out = result.out();
    assertTrue(out.contains(fixture + ": \"42\"\n"), result.toString());
    assertTrue(out.contains(fixture + ": \"9007199254740994\"\n"), result.toString());
    assertTrue(out.contains(fixture + ": {\"a\":2,\"b\":1}\n"), result.toString());
    assertTrue(out.contains(fixture + ": {\"x\":4,\"y\":2,\"color\":\"FIXTURE_COLOR_GREEN\"}\n"),
        result.toString());
    assertTrue(out.contains(fixture + ": null\n"), result.toString());
    assertTrue(out.contains("pushed /fixture/touch to all\n"), result.toString());
  }

  @Test
  void reportsEachErrorByNameAndKeepsGoing() {
    Cli.Result result = shell(
        "request /mock/list {\"filtr\": \"x\"}",
        "request /fixture/add {\"a\": \"many\"}",
        "request /fixture/add [1, 2, 3]",
        "request /mock/list {\"filter\": ",
        "request /nope/path",
        "request not-a-path",
        "request /fixture/fail boom",
        "request /fixture/sleep {\"millis\": 3000} --timeout 300ms",
        "request /foo/bar hi -s nearest",
        "request /foo/bar hi -s target:nobody",
        "request /foo/bar hi --tags gpu",
        "frobnicate",
        "request",
        "request /mock/list {\"filter\": \"3\"}");
    String err = result.err();
    assertTrue(err.contains("error: /mock/list has no parameter 'filtr'; it takes (filter: string)"),
        result.toString());
    assertTrue(err.contains("error: parameter 'a' of /fixture/add is a int32: "), result.toString());
    assertTrue(err.contains("error: /fixture/add takes 2 arguments (a: int32, b: int64), got 3"),
        result.toString());
    assertTrue(err.contains("error: the JSON starting at '{\"filter\":' is not closed"),
        result.toString());
    assertTrue(err.contains("error: no agent serves /nope/path"), result.toString());
    assertTrue(err.contains("error: not a Nanite path: not-a-path"), result.toString());
    assertTrue(result.out().contains(fixture + ": error java.lang.IllegalStateException: boom\n"),
        result.toString());
    assertTrue(result.out().contains(fixture + ": timed out ("), result.toString());
    assertTrue(err.contains("error: unknown selector 'nearest'; the selectors are least_loaded"),
        result.toString());
    assertTrue(err.contains("error: the target agent nobody is not registered"), result.toString());
    assertTrue(err.contains("error: none of the 2 agent(s) serving /foo/bar carries the tags [gpu]"),
        result.toString());
    assertTrue(err.contains("error: unknown command 'frobnicate'; the commands are agents,"),
        result.toString());
    assertTrue(err.contains("error: Missing required parameter: 'PATH' (see: request --help)"),
        result.toString());
    assertTrue(result.out().endsWith(my + ": [3]\n"), "the shell kept going: " + result);
  }

  @Test
  void setsTheTimeoutAndExplainsItsCommands() {
    Cli.Result result = shell("timeout", "timeout 250ms",
        "request /fixture/sleep {\"millis\": 3000}", "help", "help push", "wait --help",
        "quit", "agents");
    String out = result.out();
    assertTrue(out.contains("timeout 10s\ntimeout 250ms\n"), result.toString());
    assertTrue(out.contains(fixture + ": timed out ("), result.toString());
    assertTrue(out.contains("Commands (help COMMAND says more):\n  agents   Lists the live agents"),
        result.toString());
    assertTrue(out.contains("Usage: push [-h] [--agents=N] [-s=SELECTOR]"), result.toString());
    assertTrue(out.contains("Usage: wait [-h] [-t=DURATION] PATH [COUNT]"), result.toString());
    assertTrue(!out.contains("IDENTITY"), "nothing runs after quit: " + result);
    assertEquals(ExitCodes.OK, result.exitCode());
  }
}
