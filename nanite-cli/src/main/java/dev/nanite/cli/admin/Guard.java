package dev.nanite.cli.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request before its handler runs: the method, and, on a server bound to the
 * loopback address, that the {@code Host} names the loopback (so that a web page elsewhere
 * cannot reach it through DNS rebinding) and that a POST comes from the page itself (its
 * {@code Origin}, when the browser sends one, is this server). Handler failures answer 500.
 */
final class Guard implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Guard.class);
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  /** A handler that may throw. */
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final String method;
  private final boolean loopbackOnly;
  private final Handler handler;

  Guard(String method, boolean loopbackOnly, Handler handler) {
    this.method = method;
    this.loopbackOnly = loopbackOnly;
    this.handler = handler;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals(method)) {
        exchange.getResponseHeaders().set("Allow", method);
        Http.error(exchange, 405, "usage", exchange.getRequestURI().getPath() + " takes "
            + method + " requests");
        return;
      }
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (loopbackOnly && !LOOPBACK_NAMES.contains(hostName(host))) {
        Http.error(exchange, 403, "forbidden", "this control tower answers on the loopback"
            + " address only; start it with --bind to serve other names");
        return;
      }
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (method.equals("POST") && origin != null && !origin.equals("http://" + host)) {
        Http.error(exchange, 403, "forbidden", "requests from pages of " + origin
            + " are refused");
        return;
      }
      handler.handle(exchange);
    } catch (IOException | RuntimeException e) {
      log.warn("Control tower: {} {} failed: {}", exchange.getRequestMethod(),
          exchange.getRequestURI(), e.toString());
      try {
        Http.error(exchange, 500, "internal", e.toString());
      } catch (IOException | RuntimeException alreadySent) {
        // the answer had started: nothing more to say
      }
    }
  }

  private static String hostName(String host) {
    if (host == null) {
      return "";
    }
    try {
      String name = URI.create("http://" + host).getHost();
      return name == null ? "" : name.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
