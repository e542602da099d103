package dev.nanite.cli.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The control tower's page, script and style sheet, from the jar's resources. */
final class StaticFiles {
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/index.html", "index.html",
      "/app.js", "app.js",
      "/style.css", "style.css");

  private StaticFiles() {}

  static void handle(HttpExchange exchange) throws IOException {
    String file = FILES.get(exchange.getRequestURI().getPath());
    if (file == null) {
      Http.send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    byte[] body;
    try (InputStream in = StaticFiles.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IOException("the resource " + file + " is missing from the jar");
      }
      body = in.readAllBytes();
    }
    String type = file.endsWith(".html") ? "text/html; charset=utf-8"
        : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'self'; frame-ancestors 'none'");
    Http.send(exchange, 200, type, body);
  }
}
