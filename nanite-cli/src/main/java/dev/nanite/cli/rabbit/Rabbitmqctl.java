package dev.nanite.cli.rabbit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nanite.cli.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ administration through {@code rabbitmqctl}, which must run as a user that may use
 * the node (root, or rabbitmq with its Erlang cookie). Listing uses {@code --formatter json}.
 * Passwords go to {@code add_user} on its standard input, never on its command line, where
 * every user of the machine could read them.
 */
public final class Rabbitmqctl implements RabbitAdmin {
  private static final long TIMEOUT_SECONDS = 60;

  private final String executable;
  private final List<String> node;

  /**
   * Runs {@code executable} (a path, or a name on the PATH) against {@code node} ({@code
   * rabbit@host}), or against its default node if null.
   */
  public Rabbitmqctl(String executable, String node) {
    this.executable = executable;
    this.node = node == null ? List.of() : List.of("-n", node);
  }

  /** Whether {@code rabbitmqctl status} succeeds: the tool runs and the node answers. */
  public boolean available() {
    try {
      run(List.of("-q", "status"));
      return true;
    } catch (RabbitAdminException e) {
      return false;
    }
  }

  @Override
  public String describe() {
    return executable + (node.isEmpty() ? "" : " -n " + node.get(1));
  }

  @Override
  public boolean vhostExists(String vhost) throws RabbitAdminException {
    for (JsonElement row : list(List.of("list_vhosts", "name"))) {
      if (vhost.equals(field(row, "name"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void addVhost(String vhost) throws RabbitAdminException {
    run(List.of("-q", "add_vhost", vhost));
  }

  @Override
  public void deleteVhost(String vhost) throws RabbitAdminException {
    run(List.of("-q", "delete_vhost", vhost));
  }

  @Override
  public boolean userExists(String user) throws RabbitAdminException {
    for (JsonElement row : list(List.of("list_users"))) {
      if (user.equals(field(row, "user"))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Set<String>> userTags(String user) throws RabbitAdminException {
    for (JsonElement row : list(List.of("list_users"))) {
      if (user.equals(field(row, "user"))) {
        return Optional.of(tags(row.getAsJsonObject().get("tags")));
      }
    }
    return Optional.empty();
  }

  /** Tags as list_users prints them: a JSON list (3.9 and later), or a string "[a, b]". */
  static Set<String> tags(JsonElement tags) {
    Set<String> set = new TreeSet<>();
    if (tags == null || tags.isJsonNull()) {
      return set;
    }
    if (tags.isJsonArray()) {
      tags.getAsJsonArray().forEach(tag -> set.add(tag.getAsString()));
      return set;
    }
    for (String tag : tags.getAsString().replaceAll("[\\[\\]]", "").split("[,\\s]+")) {
      if (!tag.isEmpty()) {
        set.add(tag);
      }
    }
    return set;
  }

  @Override
  public void setUserTags(String user, Set<String> tags) throws RabbitAdminException {
    List<String> args = new ArrayList<>(List.of("-q", "set_user_tags", user));
    args.addAll(tags);
    run(args);
  }

  @Override
  public void addUser(String user, String password) throws RabbitAdminException {
    run(List.of("-q", "add_user", user), password + "\n");
  }

  @Override
  public void deleteUser(String user) throws RabbitAdminException {
    run(List.of("-q", "delete_user", user));
  }

  @Override
  public Optional<Permissions> permissions(String vhost, String user) throws RabbitAdminException {
    for (JsonElement row : list(List.of("list_permissions", "-p", vhost))) {
      if (user.equals(field(row, "user"))) {
        return Optional.of(new Permissions(field(row, "configure"), field(row, "write"),
            field(row, "read")));
      }
    }
    return Optional.empty();
  }

  @Override
  public void setPermissions(String vhost, String user, Permissions permissions)
      throws RabbitAdminException {
    run(List.of("-q", "set_permissions", "-p", vhost, user, permissions.configure(),
        permissions.write(), permissions.read()));
  }

  private JsonArray list(List<String> command) throws RabbitAdminException {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--formatter", "json", "-q"));
    String output = run(args);
    try {
      JsonElement parsed = Json.parse(output.isBlank() ? "[]" : output.trim());
      return parsed.getAsJsonArray();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new RabbitAdminException("rabbitmqctl " + String.join(" ", command)
          + " printed what is not a JSON list: " + output.strip());
    }
  }

  private static String field(JsonElement row, String name) {
    JsonObject object = row.getAsJsonObject();
    return object.has(name) && !object.get(name).isJsonNull() ? object.get(name).getAsString()
        : null;
  }

  private String run(List<String> args) throws RabbitAdminException {
    return run(args, "");
  }

  private String run(List<String> args, String input) throws RabbitAdminException {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(node);
    command.addAll(args);
    String shown = executable + " " + String.join(" ", args.stream()
        .filter(a -> !a.equals("-q")).toList());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new RabbitAdminException("cannot run " + executable + ": " + e.getMessage(), e);
    }
    try {
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RabbitAdminException(shown + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      String text = output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new RabbitAdminException(shown + " failed (exit " + process.exitValue()
            + "): " + text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new RabbitAdminException("interrupted while running " + executable, e);
    } catch (IOException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new RabbitAdminException("cannot read the output of " + executable + ": " + e, e);
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable output: " + e + ")";
    }
  }
}
