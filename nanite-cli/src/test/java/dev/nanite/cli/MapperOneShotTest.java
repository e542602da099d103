package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.cli.fixtures.Fixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code nanite mapper COMMAND}: one request for a script, its outcome in the exit code. */
class MapperOneShotTest {
  private static Cluster cluster;
  private static String my;
  private static String foo;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    my = cluster.agentDirectory("myagent", "my").identity();
    foo = cluster.agentDirectory("foo", "foo").identity();
    cluster.agent("fixture", new Fixture());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static Cli.Result mapper(String... command) {
    String[] args = new String[command.length + 3];
    args[0] = "mapper";
    args[1] = "--wait";
    args[2] = "10s";
    System.arraycopy(command, 0, args, 3, command.length);
    return Cli.run(Map.of(BrokerUri.ENV, cluster.uri()), "", args);
  }

  @Test
  void printsTheReplyAndExitsZero() {
    Cli.Result result = mapper("request", "/mock/list", "{\"filter\": \"1\"}");
    assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
    assertEquals(my + ": [1]\n", result.out());
  }

  @Test
  void waitsForTheAgentsAllShouldReach() {
    Cli.Result result = mapper("request", "/foo/bar", "{\"payload\": \"x\"}", "--selector", "all",
        "--agents", "2");
    assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
    assertTrue(result.out().contains(my + ": \"bar(x) from " + my + "\"\n"), result.toString());
    assertTrue(result.out().contains(foo + ": \"bar(x) from " + foo + "\"\n"), result.toString());
  }

  @Test
  void exitCodesSayWhatWentWrong() {
    assertEquals(ExitCodes.CALL_FAILED, mapper("request", "/fixture/fail", "no").exitCode());
    assertEquals(ExitCodes.TIMEOUT,
        mapper("request", "/fixture/sleep", "[2000]", "-t", "200ms").exitCode());
    assertEquals(ExitCodes.USAGE, mapper("request", "/mock/list", "{\"nope\": 1}").exitCode());
    assertEquals(ExitCodes.USAGE, mapper("frobnicate").exitCode());
    Cli.Result none = Cli.run(Map.of(BrokerUri.ENV, cluster.uri()), "", "mapper", "--wait",
        "300ms", "request", "/nobody/home");
    assertEquals(ExitCodes.NO_AGENT, none.exitCode(), none.toString());
    assertEquals("error: no agent serves /nobody/home (waited 300 ms for one)\n", none.err());
    Cli.Result noBroker = Cli.run(Map.of(), "", "mapper", "--uri",
        "amqp://guest:guest@127.0.0.1:1", "agents");
    assertEquals(ExitCodes.UNAVAILABLE, noBroker.exitCode(), noBroker.toString());
    assertTrue(noBroker.err().startsWith("nanite mapper: mapper "), noBroker.toString());
    Cli.Result neither = Cli.run(Map.of(), "", "mapper");
    assertEquals(ExitCodes.USAGE, neither.exitCode(), neither.toString());
  }

  @Test
  void pushesWithoutWaitingForAResult() {
    Cli.Result result = mapper("push", "/fixture/touch");
    assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
    assertEquals("pushed /fixture/touch to least_loaded\n", result.out());
  }
}
