package dev.nanite.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nanite.Mapper;
import dev.nanite.examples.agent.Options;
import dev.nanite.examples.contract.FooClient;
import dev.nanite.examples.contract.FooPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The seed's web controller in Java: {@code /kickoff?payload=x} starts a job through the mapper
 * and answers at once with a token; {@code /poll?token=t} answers {@code pending} until the
 * agent's result has arrived, then {@code done} with it. Calls are asynchronous, so the job
 * runs while the browser polls.
 *
 * <pre>
 * java ... dev.nanite.examples.web.JobsWebApp [--uri amqp://...] [--port 8080]
 * curl 'localhost:8080/kickoff?payload=hi'   # {"status":"pending","token":"..."}
 * curl 'localhost:8080/poll?token=...'       # {"status":"done","response":"bar(hi) from ..."}
 * </pre>
 */
public final class JobsWebApp {
  /** A job's state: pending until its result or error arrives. */
  private record Job(String status, String response) {}

  private final FooClient foo;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  JobsWebApp(Mapper mapper) {
    this.foo = new FooClient(mapper);
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> options = Options.parse(args);
    Mapper mapper = Mapper.builder().uri(Options.uri(options)).start();
    // A new mapper hears of the live agents within a ping interval: wait for one (a while),
    // so that the first kickoff does not fail for want of an agent.
    mapper.awaitAgents(FooPaths.BAR, 1, Duration.ofSeconds(10));
    HttpServer server = new JobsWebApp(mapper)
        .serve(new InetSocketAddress("127.0.0.1", Integer.parseInt(options.getOrDefault("port", "8080"))));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      mapper.close();
    }));
    System.out.println("Listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Starts serving {@code /kickoff} and {@code /poll} on {@code address}. */
  HttpServer serve(InetSocketAddress address) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/kickoff", exchange -> respond(exchange, kickoff(query(exchange).get("payload"))));
    server.createContext("/poll", exchange -> respond(exchange, poll(query(exchange).get("token"))));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return server;
  }

  /** Starts the job and returns before it is done: the result lands in the job table later. */
  String kickoff(String payload) {
    String token = UUID.randomUUID().toString();
    jobs.put(token, new Job("pending", null));
    foo.bar(payload == null ? "" : payload).whenComplete((result, error) ->
        jobs.put(token, error == null ? new Job("done", result)
            : new Job("failed", error.getMessage())));
    return json("status", "pending", "token", token);
  }

  String poll(String token) {
    Job job = token == null ? null : jobs.get(token);
    if (job == null) {
      return json("status", "unknown", "token", String.valueOf(token));
    }
    return job.response() == null
        ? json("status", job.status(), "token", token)
        : json("status", job.status(), "response", job.response(), "token", token);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new ConcurrentHashMap<>();
    String raw = URI.create(exchange.getRequestURI().toString()).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2) {
          query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String json(String... keysAndValues) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.append(i == 0 ? "" : ",").append('"').append(keysAndValues[i]).append("\":\"")
          .append(keysAndValues[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return out.append('}').toString();
  }
}
