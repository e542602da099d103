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
  void secureModeNamesEachAccountsQueuesAndDropsTheImpersonatorTagKeepingThePassword()
      throws Exception {
    ManagementApi api = api("secret");
    resources.put("/api/users/nanite2", "{\"name\":\"nanite2\",\"password_hash\":\"h4sh\","
        + "\"hashing_algorithm\":\"rabbit_password_hashing_sha256\","
        + "\"tags\":[\"impersonator\",\"monitoring\"]}");
    Rabbitconf plan = new Rabbitconf("/nanite", "mapper", "nanite", 2, "testing", true);
    List<String> report = new ArrayList<>();
    plan.apply(api, report::add);
    assertEquals(List.of("vhost /nanite: created", "user mapper: created",
        "permissions of mapper on /nanite: set (" + Permissions.secureMapper("mapper") + ")",
        "user nanite1: created",
        "permissions of nanite1 on /nanite: set (" + Permissions.secureAgent("nanite1") + ")",
        "user nanite2: exists (password left as it is)",
        "user nanite2: tag impersonator removed (it lets the account publish under any"
            + " account's name)",
        "permissions of nanite2 on /nanite: set (" + Permissions.secureAgent("nanite2") + ")"),
        report);
    assertEquals("{\"password_hash\":\"h4sh\",\"hashing_algorithm\":"
        + "\"rabbit_password_hashing_sha256\",\"tags\":\"monitoring\"}",
        resources.get("/api/users/nanite2"));
    assertEquals("configure '^(heartbeat|registration|advertise|nanite1(-.*)?)$',"
        + " write '^(amq\\.default|heartbeat|registration|nanite1(-.*)?)$',"
        + " read '^(advertise|nanite1(-.*)?)$'", Permissions.secureAgent("nanite1").toString());
    assertEquals("^(advertise|a\\.b\\*(-.*)?)$", Permissions.secureAgent("a.b*").read());
  }

  @Test
  void secureModeRefusesAccountsThatCouldClaimEachOthersIdentities() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> new Rabbitconf("/nanite", "nanite", "nanite-", 2, "testing", true));
    assertEquals("in secure mode account 'nanite' may act as 'nanite-...', which takes in"
        + " account 'nanite-1' and its identities: choose a mapper user and an agent prefix that"
        + " are not one another's followed by a dash", e.getMessage());
    new Rabbitconf("/nanite", "nanite", "nanite-", 2, "testing", false); // open mode: fine
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
