package dev.nanite.cli.admin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.nanite.cli.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers for the JDK's HTTP server: JSON and text answers, bounded bodies. */
final class Http {
  /** Request bodies larger than this are refused. */
  static final int MAX_BODY = 1024 * 1024;

  private Http() {}

  static void json(HttpExchange exchange, int status, JsonElement body) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", Json.GSON.toJson(body));
  }

  static void error(HttpExchange exchange, int status, String kind, String message)
      throws IOException {
    JsonObject body = new JsonObject();
    body.addProperty("error", message);
    body.addProperty("kind", kind);
    json(exchange, status, body);
  }

  static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The request body as UTF-8 text, or null if it is larger than {@link #MAX_BODY}. */
  static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      return bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
