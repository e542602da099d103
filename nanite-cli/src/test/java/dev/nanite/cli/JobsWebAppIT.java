package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.nanite.cli.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's web controller in Java ({@code examples/.../JobsWebApp}), run from the packaged
 * jar and the examples' classes as the walkthrough (docs/walkthrough.md) runs it, against a
 * running agent: a kickoff answers at once with a token, and polling with it answers pending
 * until the agent's result is in, then done with it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JobsWebAppIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private JsonObject get(URI uri) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return Json.parse(response.body()).getAsJsonObject();
  }

  @Test
  void kicksOffAJobAndLetsTheBrowserPollForItsResult() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String foo = cluster.agentDirectory("foo", "foo").identity();
      try (CliProcess web = CliProcess.start(List.of(CliProcess.java(), "-cp",
          "nanite-cli/target/nanite.jar:examples/target/classes",
          "dev.nanite.examples.web.JobsWebApp", "--port", "0"),
          Map.of(BrokerUri.ENV, cluster.uri()))) {
        String listening = web.awaitLine("Listening on ", Duration.ofSeconds(60));
        URI app = URI.create(listening.substring(listening.indexOf("http://")).strip() + "/");

        JsonObject kickoff = get(app.resolve("kickoff?payload=seed"));
        assertEquals("pending", kickoff.get("status").getAsString());
        String token = kickoff.get("token").getAsString();
        assertTrue(token.matches("[0-9a-f-]{36}"), token);

        JsonObject[] poll = new JsonObject[1];
        Await.until("the job to be done (" + poll[0] + ")", Duration.ofSeconds(30), () -> {
          try {
            poll[0] = get(app.resolve("poll?token=" + token));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          assertTrue(List.of("pending", "done").contains(poll[0].get("status").getAsString()),
              poll[0].toString());
          return poll[0].get("status").getAsString().equals("done");
        });
        assertEquals("bar(seed) from " + foo, poll[0].get("response").getAsString());
        assertEquals(token, poll[0].get("token").getAsString());

        assertEquals("unknown", get(app.resolve("poll?token=nope")).get("status").getAsString());
      }
    }
  }
}
