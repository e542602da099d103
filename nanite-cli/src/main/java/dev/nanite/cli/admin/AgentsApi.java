package dev.nanite.cli.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import dev.nanite.PathSchema;
import dev.nanite.cli.json.JsonMessages;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** {@code GET /api/agents} and {@code GET /api/paths}: the mapper's registry as JSON. */
final class AgentsApi {
  private final Mapper mapper;

  AgentsApi(Mapper mapper) {
    this.mapper = mapper;
  }

  /**
   * {@code {"mapper": id, "agents": [{"identity", "node", "status", "tags", "paths", "lastPing"
   * (epoch ms), "lastPingAgeMillis", "inFlight", "pingIntervalMillis", "counters"}]}}, sorted by
   * identity; {@code counters} is what the agent counted as of its last ping, by name ({@code
   * {"requests": 12, "failed": 0, ...}}), empty for an agent too old to send them; {@code node}
   * is the broker node the agent is connected to ({@code host:port}), empty if it does not say.
   */
  void agents(HttpExchange exchange) throws IOException {
    Instant now = Instant.now();
    JsonArray agents = new JsonArray();
    for (AgentInfo agent : mapper.agents()) {
      JsonObject json = new JsonObject();
      json.addProperty("identity", agent.identity());
      json.addProperty("node", agent.broker());
      json.addProperty("status", agent.status());
      json.add("tags", strings(agent.tags().stream().sorted().toList()));
      json.add("paths", strings(agent.services().keySet().stream().sorted().toList()));
      json.addProperty("lastPing", agent.lastSeen().toEpochMilli());
      json.addProperty("lastPingAgeMillis",
          Math.max(0, now.toEpochMilli() - agent.lastSeen().toEpochMilli()));
      json.addProperty("inFlight", agent.inFlight());
      json.addProperty("pingIntervalMillis", agent.pingInterval().toMillis());
      JsonObject counters = new JsonObject();
      agent.counters().forEach(counters::addProperty);
      json.add("counters", counters);
      agents.add(json);
    }
    JsonObject body = new JsonObject();
    body.addProperty("mapper", mapper.identity());
    body.add("agents", agents);
    Http.json(exchange, 200, body);
  }

  /**
   * {@code {"paths": [{"path", "agents", "signature", "template"}]}}: each path served, with how
   * many agents serve it, its parameters, and an example of its arguments as JSON.
   */
  void paths(HttpExchange exchange) throws IOException {
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (AgentInfo agent : mapper.agents()) {
      agent.services().keySet().forEach(path -> counts.merge(path, 1, Integer::sum));
    }
    JsonArray paths = new JsonArray();
    counts.forEach((path, count) -> {
      JsonObject json = new JsonObject();
      json.addProperty("path", path);
      json.addProperty("agents", count);
      Optional<PathSchema> schema = mapper.schema(path);
      schema.ifPresent(s -> {
        json.addProperty("signature", JsonMessages.signature(s.requestType()));
        json.addProperty("template", JsonMessages.template(s.requestType()));
      });
      paths.add(json);
    });
    JsonObject body = new JsonObject();
    body.add("paths", paths);
    Http.json(exchange, 200, body);
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }
}
