package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nanite.Mapper;
import dev.nanite.cli.admin.AdminServer;
import dev.nanite.cli.admin.NaniteMetrics;
import dev.nanite.cli.call.JsonCaller;
import dev.nanite.cli.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The control tower's HTTP side: the page, the JSON API, /metrics and the request guards. */
class AdminServerTest {
  private static Cluster cluster;
  private static AdminServer tower;
  private static String my;
  private static String foo;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster();
    my = cluster.agentDirectory("myagent", "my").identity();
    foo = cluster.agentDirectory("foo", "foo").identity();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NaniteMetrics metrics = new NaniteMetrics(registry);
    Mapper mapper = cluster.mapper(Mapper.builder().observer(metrics));
    metrics.bindAgents(mapper);
    tower = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
        new JsonCaller(mapper, Duration.ofSeconds(1)), registry, Duration.ofSeconds(10));
    assertTrue(mapper.awaitAgents("/foo/bar", 2, Duration.ofSeconds(20)));
  }

  @AfterAll
  static void stop() throws Exception {
    tower.close();
    cluster.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(tower.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(tower.uri().resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return Json.parse(response.body()).getAsJsonObject();
  }

  @Test
  void servesThePage() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(page.body().contains("<title>Nanite control tower</title>"));
    assertTrue(get("/app.js").body().contains("api/agents"));
    assertEquals(200, get("/style.css").statusCode());
    assertEquals(404, get("/secret").statusCode());
  }

  @Test
  void listsTheAgentsAndThePaths() throws Exception {
    JsonObject body = json(get("/api/agents"));
    Set<String> identities = new HashSet<>();
    for (var element : body.getAsJsonArray("agents")) {
      JsonObject agent = element.getAsJsonObject();
      identities.add(agent.get("identity").getAsString());
      assertTrue(agent.get("lastPingAgeMillis").getAsLong() >= 0);
      assertTrue(agent.has("status") && agent.has("tags") && agent.has("inFlight"));
      if (agent.get("identity").getAsString().equals(my)) {
        assertEquals("[\"/foo/bar\",\"/mock/list\"]", agent.get("paths").toString());
        assertEquals("[\"mock\"]", agent.get("tags").toString());
      }
    }
    assertEquals(Set.of(my, foo), identities);
    JsonArray paths = json(get("/api/paths")).getAsJsonArray("paths");
    assertEquals("{\"path\":\"/foo/bar\",\"agents\":2,\"signature\":\"(payload: string)\","
        + "\"template\":\"{\\\"payload\\\":\\\"\\\"}\"}", paths.get(0).toString());
  }

  private static JsonObject agentJson(String identity) throws Exception {
    for (var element : json(get("/api/agents")).getAsJsonArray("agents")) {
      if (element.getAsJsonObject().get("identity").getAsString().equals(identity)) {
        return element.getAsJsonObject();
      }
    }
    throw new AssertionError(identity + " is not listed");
  }

  @Test
  void showsEachAgentsPingIntervalAndCountersAsTheyGrow() throws Exception {
    JsonObject agent = agentJson(my);
    assertEquals(Cluster.PING.toMillis(), agent.get("pingIntervalMillis").getAsLong());
    JsonObject counters = agent.getAsJsonObject("counters");
    assertEquals(List.of("requests", "failed", "rejected", "expired", "pings", "unrouted",
        "undelivered", "uncaught", "forbidden", "badSignature", "replayed", "cancelled"),
        List.copyOf(counters.keySet()), counters.toString());
    long requests = counters.get("requests").getAsLong();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, post("/api/request",
          "{\"path\": \"/mock/list\", \"selector\": \"target:" + my + "\"}").statusCode());
    }
    Await.until("the API shows " + my + "'s 3 requests, from its next ping",
        Duration.ofSeconds(20), () -> {
          try {
            return agentJson(my).getAsJsonObject("counters").get("requests").getAsLong()
                >= requests + 3;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void sendsRequestsAndAnswersEveryAgentsReply() throws Exception {
    JsonObject all = json(post("/api/request",
        "{\"path\": \"/foo/bar\", \"args\": \"{\\\"payload\\\": \\\"web\\\"}\", \"selector\": \"all\"}"));
    assertEquals("all", all.get("selector").getAsString());
    Set<String> replies = new HashSet<>();
    all.getAsJsonArray("replies").forEach(r -> replies.add(r.toString()));
    assertEquals(Set.of(
        "{\"agent\":\"" + my + "\",\"outcome\":\"ok\",\"value\":\"bar(web) from " + my + "\"}",
        "{\"agent\":\"" + foo + "\",\"outcome\":\"ok\",\"value\":\"bar(web) from " + foo + "\"}"),
        replies);
    JsonObject one = json(post("/api/request",
        "{\"path\": \"/mock/list\", \"args\": {\"filter\": \"3\"}, \"timeout\": \"5s\"}"));
    assertEquals("[{\"agent\":\"" + my + "\",\"outcome\":\"ok\",\"value\":[3]}]",
        one.get("replies").toString());
    JsonObject pushed = json(post("/api/request",
        "{\"path\": \"/foo/bar\", \"args\": \"[\\\"p\\\"]\", \"push\": true}"));
    assertTrue(pushed.get("pushed").getAsBoolean());
  }

  @Test
  void aCallThatCannotBeMadeSaysWhy() throws Exception {
    HttpResponse<String> badArgs = post("/api/request",
        "{\"path\": \"/mock/list\", \"args\": \"{\\\"filtr\\\": 1}\"}");
    assertEquals(400, badArgs.statusCode());
    assertEquals("{\"error\":\"/mock/list has no parameter 'filtr'; it takes (filter: string)\","
        + "\"kind\":\"usage\"}", badArgs.body());
    assertEquals(400, post("/api/request", "{\"args\": 1}").statusCode());
    assertEquals(400, post("/api/request", "not json").statusCode());
    assertEquals(400, post("/api/request", "{\"path\": \"/foo/bar\", \"selector\": \"best\"}")
        .statusCode());
    HttpResponse<String> none = post("/api/request", "{\"path\": \"/nobody/home\"}");
    assertEquals(404, none.statusCode());
    assertEquals("no_agent", json(none).get("kind").getAsString());
    assertEquals(405, get("/api/request").statusCode());
    assertEquals(405, post("/api/agents", "{}").statusCode());
  }

  @Test
  void refusesOtherSitesAndOtherHostNames() throws Exception {
    HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(
            tower.uri().resolve("/api/request"))
        .header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/foo/bar\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, crossSite.statusCode());
    HttpResponse<String> sameSite = http.send(HttpRequest.newBuilder(
            tower.uri().resolve("/api/request"))
        .header("Origin", "http://127.0.0.1:" + tower.port())
        .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/foo/bar\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, sameSite.statusCode());
    HttpResponse<String> rebound = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + tower.port() + "/api/agents")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, rebound.statusCode(), "localhost is the loopback too");
  }

  @Test
  void exposesCallsAndAgentsForPrometheus() throws Exception {
    post("/api/request", "{\"path\": \"/mock/list\"}");
    post("/api/request", "{\"path\": \"/mock/list\", \"selector\": \"target:nobody\"}");
    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    String text = metrics.body();
    assertTrue(text.contains("nanite_agents_online 2.0"), text);
    assertTrue(text.matches("(?s).*nanite_calls_seconds_count\\{outcome=\"ok\",path=\"/mock/list\"\\}"
        + " [1-9].*"), text);
    assertTrue(text.contains("nanite_calls_seconds_count{outcome=\"no_agent\",path=\"/mock/list\"} 1"),
        text);
    assertTrue(text.contains("nanite_calls_seconds_sum{outcome=\"ok\",path=\"/mock/list\"}"), text);
  }
}
