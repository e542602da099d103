package dev.nanite.cli.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.nanite.CallOptions;
import dev.nanite.Selector;
import dev.nanite.cli.Durations;
import dev.nanite.cli.call.AgentReply;
import dev.nanite.cli.call.CallException;
import dev.nanite.cli.call.JsonCaller;
import dev.nanite.cli.call.Selectors;
import dev.nanite.cli.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/request}: calls a path with JSON arguments and a selector and answers every
 * agent's reply.
 *
 * <pre>
 * {"path": "/foo/bar", "args": "{\"payload\": \"hi\"}", "selector": "all",
 *  "timeout": "5s", "tags": "eu,gpu", "push": false}
 * </pre>
 *
 * <p>{@code args} is the arguments' JSON text (or the JSON itself); only {@code path} is
 * required. The answer is {@code {"path", "selector", "elapsedMillis", "replies": [{"agent",
 * "outcome" (ok, error, timeout, lost), "value" (the result as JSON) | "errorType", "error"}]}};
 * a call that cannot be made answers {@code {"error", "kind"}} with 400 (bad input), 404 (no
 * agent serves the path), 503 (no broker) or 502.
 */
final class RequestApi {
  private final JsonCaller caller;
  private final Duration defaultTimeout;

  RequestApi(JsonCaller caller, Duration defaultTimeout) {
    this.caller = caller;
    this.defaultTimeout = defaultTimeout;
  }

  void handle(HttpExchange exchange) throws IOException {
    String text = Http.body(exchange);
    if (text == null) {
      Http.error(exchange, 413, "usage", "the request is larger than " + Http.MAX_BODY + " bytes");
      return;
    }
    JsonObject body;
    String path;
    Selector selector;
    CallOptions options;
    String args;
    boolean push;
    try {
      JsonElement parsed = Json.parse(text);
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      body = parsed.getAsJsonObject();
      path = string(body, "path");
      if (path == null) {
        throw new IllegalArgumentException("give the path to call: {\"path\": \"/mock/list\"}");
      }
      selector = Selectors.parse(string(body, "selector"));
      String timeout = string(body, "timeout");
      options = CallOptions.DEFAULT.withTimeout(timeout == null ? defaultTimeout
          : Durations.positive(timeout));
      List<String> tags = tags(body.get("tags"));
      if (!tags.isEmpty()) {
        options = options.withTags(tags.toArray(String[]::new));
      }
      JsonElement rawArgs = body.get("args");
      args = rawArgs == null || rawArgs.isJsonNull() ? null
          : rawArgs.isJsonPrimitive() && rawArgs.getAsJsonPrimitive().isString()
              ? rawArgs.getAsString() : Json.GSON.toJson(rawArgs);
      push = body.has("push") && body.get("push").getAsBoolean();
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      Http.error(exchange, 400, "usage", e.getMessage());
      return;
    }
    long start = System.nanoTime();
    JsonObject answer = new JsonObject();
    answer.addProperty("path", path);
    answer.addProperty("selector", selector.toString());
    try {
      JsonArray replies = new JsonArray();
      if (push) {
        caller.push(path, args, selector, options, 1);
        answer.addProperty("pushed", true);
      } else {
        for (AgentReply reply : caller.request(path, args, selector, options, 1)) {
          replies.add(json(reply));
        }
      }
      answer.addProperty("elapsedMillis", (System.nanoTime() - start) / 1_000_000);
      answer.add("replies", replies);
      Http.json(exchange, 200, answer);
    } catch (CallException e) {
      int status = switch (e.kind()) {
        case USAGE -> 400;
        case NO_AGENT -> 404;
        case UNAVAILABLE -> 503;
        case FAILED -> 502;
      };
      Http.error(exchange, status, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
    }
  }

  private static JsonObject json(AgentReply reply) {
    JsonObject json = new JsonObject();
    json.addProperty("agent", reply.agent());
    json.addProperty("outcome", reply.outcome().name().toLowerCase(Locale.ROOT));
    if (reply.json() != null) {
      json.add("value", Json.parse(reply.json()));
    }
    if (reply.errorType() != null) {
      json.addProperty("errorType", reply.errorType());
    }
    if (reply.error() != null) {
      json.addProperty("error", reply.error());
    }
    return json;
  }

  private static String string(JsonObject body, String name) {
    JsonElement value = body.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive()) {
      throw new IllegalArgumentException("'" + name + "' must be a string");
    }
    String text = value.getAsString().trim();
    return text.isEmpty() ? null : text;
  }

  private static List<String> tags(JsonElement value) {
    List<String> tags = new ArrayList<>();
    if (value == null || value.isJsonNull()) {
      return tags;
    }
    if (value.isJsonArray()) {
      value.getAsJsonArray().forEach(tag -> tags.add(tag.getAsString().trim()));
    } else {
      for (String tag : value.getAsString().split(",")) {
        tags.add(tag.trim());
      }
    }
    tags.removeIf(String::isEmpty);
    return tags;
  }
}
