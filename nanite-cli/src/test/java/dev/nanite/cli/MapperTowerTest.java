package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code nanite mapper -i --admin-port}: the shell's mapper serves the control tower too. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MapperTowerTest {
  @Test
  void theShellsMapperServesTheControlTower() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String foo = cluster.agentDirectory("foo", "foo").identity();
      try (CliProcess shell = CliProcess.nanite(Map.of(), "mapper", "-i", "--uri", cluster.uri(),
          "--admin-port", "0")) {
        String line = shell.awaitLine("control tower at ", Duration.ofSeconds(60));
        URI tower = URI.create(line.substring(line.indexOf("http://")).strip());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest agents = HttpRequest.newBuilder(tower.resolve("/api/agents")).build();
        Await.until("the tower to list " + foo, Duration.ofSeconds(30), () -> {
          try {
            return http.send(agents, HttpResponse.BodyHandlers.ofString()).body().contains(foo);
          } catch (Exception e) {
            return false;
          }
        });
        shell.type("request /foo/bar tower");
        shell.awaitLine("bar(tower) from " + foo, Duration.ofSeconds(30));
        String metrics = http.send(HttpRequest.newBuilder(tower.resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains(
            "nanite_calls_seconds_count{outcome=\"ok\",path=\"/foo/bar\"} 1"),
            "the shell's calls are counted: " + metrics);
        shell.type("quit");
        assertEquals(0, shell.awaitExit(Duration.ofSeconds(30)), shell.output().toString());
      }
    }
  }
}
