package dev.nanite.cli.rabbit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nanite.cli.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** RabbitMQ administration through the management plugin's HTTP API. */
public final class ManagementApi implements RabbitAdmin {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String authorization;
  private final String adminUser;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * @param base such as {@code http://localhost:15672}
   * @param adminUser a user with the administrator tag
   */
  public ManagementApi(URI base, String adminUser, String adminPassword) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.adminUser = adminUser;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the API answers {@code GET /api/overview} with this user. */
  public boolean available() {
    try {
      return send("GET", "api/overview", null).statusCode() == 200;
    } catch (RabbitAdminException e) {
      return false;
    }
  }

  @Override
  public String describe() {
    return "the management API at " + base;
  }

  @Override
  public boolean vhostExists(String vhost) throws RabbitAdminException {
    return exists("api/vhosts/" + encode(vhost));
  }

  @Override
  public void addVhost(String vhost) throws RabbitAdminException {
    expect(send("PUT", "api/vhosts/" + encode(vhost), "{}"), "create the vhost " + vhost);
  }

  @Override
  public void deleteVhost(String vhost) throws RabbitAdminException {
    expect(send("DELETE", "api/vhosts/" + encode(vhost), null), "delete the vhost " + vhost);
  }

  @Override
  public boolean userExists(String user) throws RabbitAdminException {
    return exists("api/users/" + encode(user));
  }

  @Override
  public void addUser(String user, String password) throws RabbitAdminException {
    JsonObject body = new JsonObject();
    body.addProperty("password", password);
    body.addProperty("tags", "");
    expect(send("PUT", "api/users/" + encode(user), Json.GSON.toJson(body)),
        "create the user " + user);
  }

  @Override
  public Optional<Set<String>> userTags(String user) throws RabbitAdminException {
    return readUser(user).map(json -> tags(json.get("tags")));
  }

  /**
   * Sets the tags with {@code PUT /api/users/NAME}, which also sets the password: it sends the
   * user's password hash back as {@code GET} gave it, so that the password stays.
   */
  @Override
  public void setUserTags(String user, Set<String> tags) throws RabbitAdminException {
    JsonObject current = readUser(user).orElseThrow(() -> new RabbitAdminException(
        "cannot set the tags of " + user + " through " + describe() + ": no such user"));
    if (!current.has("password_hash") || current.get("password_hash").isJsonNull()) {
      throw new RabbitAdminException("cannot set the tags of " + user + " through "
          + describe() + " without its password hash, which it did not give: remove the"
          + " tags " + tags + " by hand (rabbitmqctl set_user_tags " + user + " ...)");
    }
    JsonObject body = new JsonObject();
    body.add("password_hash", current.get("password_hash"));
    if (current.has("hashing_algorithm")) {
      body.add("hashing_algorithm", current.get("hashing_algorithm"));
    }
    body.addProperty("tags", String.join(",", tags));
    expect(send("PUT", "api/users/" + encode(user), Json.GSON.toJson(body)),
        "set the tags of " + user);
  }

  private Optional<JsonObject> readUser(String user) throws RabbitAdminException {
    HttpResponse<String> response = send("GET", "api/users/" + encode(user), null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, "read the user " + user);
    return Optional.of(Json.parse(response.body()).getAsJsonObject());
  }

  /** Tags as the API gives them: a list (3.9 and later), or one comma-separated string. */
  private static Set<String> tags(JsonElement tags) {
    Set<String> set = new TreeSet<>();
    if (tags == null || tags.isJsonNull()) {
      return set;
    }
    if (tags.isJsonArray()) {
      tags.getAsJsonArray().forEach(tag -> set.add(tag.getAsString()));
      return set;
    }
    for (String tag : tags.getAsString().split("[,\\s]+")) {
      if (!tag.isEmpty()) {
        set.add(tag);
      }
    }
    return set;
  }

  @Override
  public void deleteUser(String user) throws RabbitAdminException {
    expect(send("DELETE", "api/users/" + encode(user), null), "delete the user " + user);
  }

  @Override
  public Optional<Permissions> permissions(String vhost, String user) throws RabbitAdminException {
    HttpResponse<String> response = send("GET",
        "api/permissions/" + encode(vhost) + "/" + encode(user), null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, "read the permissions of " + user + " on " + vhost);
    JsonObject json = Json.parse(response.body()).getAsJsonObject();
    return Optional.of(new Permissions(json.get("configure").getAsString(),
        json.get("write").getAsString(), json.get("read").getAsString()));
  }

  @Override
  public void setPermissions(String vhost, String user, Permissions permissions)
      throws RabbitAdminException {
    JsonObject body = new JsonObject();
    body.addProperty("configure", permissions.configure());
    body.addProperty("write", permissions.write());
    body.addProperty("read", permissions.read());
    expect(send("PUT", "api/permissions/" + encode(vhost) + "/" + encode(user),
        Json.GSON.toJson(body)), "set the permissions of " + user + " on " + vhost);
  }

  private boolean exists(String path) throws RabbitAdminException {
    HttpResponse<String> response = send("GET", path, null);
    if (response.statusCode() == 404) {
      return false;
    }
    expect(response, "read " + path);
    return true;
  }

  private void expect(HttpResponse<String> response, String what) throws RabbitAdminException {
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new RabbitAdminException(describe() + " refused the administrator " + adminUser
          + " (HTTP " + status + "); give one with --admin-user and --admin-password");
    }
    if (status / 100 != 2) {
      throw new RabbitAdminException("cannot " + what + " through " + describe() + ": HTTP "
          + status + " " + response.body().strip());
    }
  }

  private HttpResponse<String> send(String method, String path, String json)
      throws RabbitAdminException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Authorization", authorization)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RabbitAdminException("cannot reach " + describe() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RabbitAdminException("interrupted while calling " + describe(), e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
