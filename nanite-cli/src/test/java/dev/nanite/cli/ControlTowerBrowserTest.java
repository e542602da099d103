package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nanite.Mapper;
import dev.nanite.cli.admin.AdminServer;
import dev.nanite.cli.admin.NaniteMetrics;
import dev.nanite.cli.call.JsonCaller;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The control tower end to end in a real browser: Debian's headless Chromium, driven by
 * playwright-core ({@code src/test/browser/control-tower.mjs}). Two {@code nanite agent}
 * processes run the seed's agent directories; the page shows them, sends requests and shows
 * every agent's reply; the test kills one agent with SIGKILL and the page shows it leave.
 *
 * <p>Needs {@code /usr/bin/chromium} (or {@code $NANITE_CHROMIUM}), {@code node}, and {@code
 * npm ci} run in {@code src/test/browser}. Without them the test is skipped, unless {@code
 * NANITE_REQUIRE_BROWSER=1} (as {@code .ci/run} sets), when it fails.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ControlTowerBrowserTest {
  private static final Duration PING = Duration.ofMillis(500);

  @Test
  void showsAgentsComeAndGoAndEveryAgentsReply() throws Exception {
    Path script = Path.of("src/test/browser/control-tower.mjs").toAbsolutePath();
    Path chromium = Path.of(System.getenv().getOrDefault("NANITE_CHROMIUM", "/usr/bin/chromium"));
    requireOrSkip(Files.isExecutable(chromium), "Chromium is not installed at " + chromium
        + " (apt-get install chromium)");
    requireOrSkip(Files.isDirectory(script.resolveSibling("node_modules/playwright-core")),
        "playwright-core is not installed (cd nanite-cli/src/test/browser && npm ci)");
    requireOrSkip(onPath("node"), "node is not on the PATH");

    try (Cluster cluster = new Cluster()) {
      String my = cluster.identity("tower-my");
      String foo = cluster.identity("tower-foo");
      try (CliProcess myAgent = agent(cluster, "myagent", my);
          CliProcess fooAgent = agent(cluster, "foo", foo)) {
        myAgent.awaitLine("serving", Duration.ofSeconds(60));
        fooAgent.awaitLine("serving", Duration.ofSeconds(60));

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NaniteMetrics metrics = new NaniteMetrics(registry);
        Mapper mapper = cluster.mapper(Mapper.builder().observer(metrics));
        metrics.bindAgents(mapper);
        try (AdminServer tower = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
            new JsonCaller(mapper, Duration.ofSeconds(5)), registry, Duration.ofSeconds(10))) {
          Path screenshot = Path.of("target/control-tower-failure.png").toAbsolutePath();
          List<String> output = drive(script, chromium, Map.of(
              "TOWER_URL", tower.uri().toString(),
              "AGENTS", my + "," + foo,
              "KILL", foo,
              "SCREENSHOT", screenshot.toString()), fooAgent);
          assertTrue(output.contains("DONE"), "the browser script passed every step (a failure"
              + " leaves " + screenshot + "): " + output);
          assertTrue(registry.scrape().contains(
              "nanite_calls_seconds_count{outcome=\"ok\",path=\"/foo/bar\"} 3"),
              "three /foo/bar replies counted: " + registry.scrape());
        }
      }
    }
  }

  /** Runs the script, killing {@code victim} when it asks; returns what it printed. */
  private static List<String> drive(Path script, Path chromium, Map<String, String> env,
      CliProcess victim) throws Exception {
    List<String> command = List.of("node", script.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("CHROMIUM", chromium.toString());
    Path log = Files.createTempFile("control-tower-", ".log");
    builder.redirectOutput(log.toFile());
    Process node = builder.start();
    try (OutputStream stdin = node.getOutputStream()) {
      Await.until("the script to ask for the kill, or to end (" + read(log) + ")",
          Duration.ofSeconds(120),
          () -> read(log).stream().anyMatch(l -> l.startsWith("KILL ")) || !node.isAlive());
      if (node.isAlive()) {
        victim.kill(); // SIGKILL: no goodbye; the mapper evicts it after two missed pings
        stdin.write("killed\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      if (!node.waitFor(120, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        fail("the browser script did not finish: " + read(log));
      }
    } finally {
      node.destroyForcibly();
    }
    List<String> output = read(log);
    assertEquals(0, node.exitValue(), "the browser script failed: " + output);
    Files.deleteIfExists(log);
    return output;
  }

  private static CliProcess agent(Cluster cluster, String dir, String identity) throws IOException {
    return CliProcess.nanite(Map.of(), "agent", "examples/" + dir, "--uri", cluster.uri(),
        "--identity", identity, "--ping", PING.toMillis() + "ms", "--log-level", "warn");
  }

  private static List<String> read(Path log) {
    try {
      return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of("(unreadable: " + e + ")");
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Skips the test without the browser, or fails it where it is required. */
  private static void requireOrSkip(boolean present, String missing) {
    if (!present) {
      if ("1".equals(System.getenv("NANITE_REQUIRE_BROWSER"))) {
        fail(missing + ", and NANITE_REQUIRE_BROWSER=1 requires the browser test");
      }
      Assumptions.abort("skipped: " + missing);
    }
  }
}
