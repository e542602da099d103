package dev.nanite.cli.admin;

import com.sun.net.httpserver.HttpServer;
import dev.nanite.cli.call.JsonCaller;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control tower: a web page of the live agents, updated as they come and go, with a form to
 * call any path; its JSON API ({@code /api/agents}, {@code /api/paths}, {@code /api/request});
 * and the mapper's metrics for Prometheus ({@code /metrics}). Served by the JDK's HTTP server
 * from the mapper's process, on the loopback address unless told otherwise.
 */
public final class AdminServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving.
   *
   * @param address where to listen; port 0 picks a free one
   * @param caller calls paths for the request form, through the mapper whose agents are shown
   * @param metrics the registry {@link NaniteMetrics} records into
   * @param timeout the deadline of requests that do not give one
   * @throws IOException if the address cannot be bound
   */
  public static AdminServer start(InetSocketAddress address, JsonCaller caller,
      PrometheusMeterRegistry metrics, Duration timeout) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
    AgentsApi agents = new AgentsApi(caller.mapper());
    RequestApi requests = new RequestApi(caller, timeout);
    server.createContext("/", new Guard("GET", loopback, StaticFiles::handle));
    server.createContext("/api/agents", new Guard("GET", loopback, agents::agents));
    server.createContext("/api/paths", new Guard("GET", loopback, agents::paths));
    server.createContext("/api/request", new Guard("POST", loopback, requests::handle));
    server.createContext("/metrics", new Guard("GET", loopback, exchange ->
        Http.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "nanite-admin-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
    return new AdminServer(server, executor);
  }

  /** The page's address, such as {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : bound.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + bound.getPort() + "/");
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
