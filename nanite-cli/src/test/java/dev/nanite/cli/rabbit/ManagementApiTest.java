package dev.nanite.cli.rabbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rabbitconf through the management API, against a stand-in that keeps vhosts, users and
 * permissions as RabbitMQ's API does (the machine's RabbitMQ has no management plugin).
 */
class ManagementApiTest {
  private HttpServer server;
  private final Map<String, String> resources = new HashMap<>();
  private final List<String> calls = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      calls.add(method + " " + path);
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status;
      String answer = "";
      if (!("Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(
          StandardCharsets.UTF_8))).equals(auth)) {
        status = 401;
      } else if (path.equals("/api/overview")) {
        status = 200;
        answer = "{}";
      } else if (method.equals("GET")) {
        answer = resources.get(path);
        status = answer == null ? 404 : 200;
        answer = answer == null ? "{\"error\":\"Object Not Found\"}" : answer;
      } else if (method.equals("PUT")) {
        status = resources.put(path, new String(body, StandardCharsets.UTF_8)) == null ? 201 : 204;
      } else {
        status = resources.remove(path) == null ? 404 : 204;
      }
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ManagementApi api(String password) {
    return new ManagementApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        "admin", password);
  }

  @Test
  void setsUpIdempotentlyThroughTheApi() throws Exception {
    ManagementApi api = api("secret");
    assertTrue(api.available());
    Rabbitconf plan = new Rabbitconf("/nanite", "mapper", "nanite", 1, "testing");
    List<String> first = new ArrayList<>();
    plan.apply(api, first::add);
    assertEquals(List.of("vhost /nanite: created", "user mapper: created",
        "permissions of mapper on /nanite: set (" + Permissions.MAPPER + ")",
        "user nanite1: created",
        "permissions of nanite1 on /nanite: set (" + Permissions.AGENT + ")"), first);
    assertTrue(calls.contains("PUT /api/vhosts/%2Fnanite"), calls.toString());
    assertTrue(calls.contains("PUT /api/permissions/%2Fnanite/nanite1"), calls.toString());
    assertEquals("{\"password\":\"testing\",\"tags\":\"\"}", resources.get("/api/users/mapper"));

    List<String> second = new ArrayList<>();
    plan.apply(api, second::add);
    assertEquals(List.of("vhost /nanite: exists", "user mapper: exists (password left as it is)",
        "permissions of mapper on /nanite: unchanged",
        "user nanite1: exists (password left as it is)",
        "permissions of nanite1 on /nanite: unchanged"), second);

    List<String> deleted = new ArrayList<>();
    plan.delete(api, deleted::add);
    assertEquals(List.of("user mapper: deleted", "user nanite1: deleted",
        "vhost /nanite: deleted"), deleted);
  }

  @Test
  void saysWhenTheAdministratorIsRefused() {
    ManagementApi api = api("wrong");
    assertFalse(api.available());
    RabbitAdminException refused = assertThrows(RabbitAdminException.class,
        () -> api.vhostExists("/nanite"));
    assertTrue(refused.getMessage().endsWith("refused the administrator admin (HTTP 401); give"
        + " one with --admin-user and --admin-password"), refused.getMessage());
  }
}
