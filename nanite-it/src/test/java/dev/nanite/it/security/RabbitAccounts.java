package dev.nanite.it.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway vhost on the machine's RabbitMQ (127.0.0.1:5672) and accounts on it, made with
 * {@code rabbitmqctl} as {@code nanite rabbitconf} makes them (the same permissions), and
 * deleted on close. Account names are {@code <prefix><n>}: with {@code AccountPolicy.byName()}
 * account {@code <prefix>1} may act as {@code <prefix>1} and {@code <prefix>1-*} only.
 */
final class RabbitAccounts implements AutoCloseable {
  /** A mapper's permissions, as rabbitconf sets them. */
  private static final List<String> MAPPER = List.of(
      "^(heartbeat|registration|advertise|nanite\\.offline|nanite\\.mapper\\..+)$",
      "^(amq\\.default|advertise|nanite\\.offline|nanite\\.mapper\\..+)$",
      "^(heartbeat|registration|nanite\\.offline|nanite\\.mapper\\..+)$");
  /** An agent's permissions, as rabbitconf sets them. */
  private static final List<String> AGENT = List.of(
      "^(?!nanite\\.).+$",
      "^(?!nanite\\.|advertise$).+$",
      "^(?!nanite\\.|heartbeat$|registration$).+$");
  private static final long TIMEOUT_SECONDS = 60;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String vhost = "/nanite-hostile-" + suffix;
  private final String prefix = "hostile-" + suffix + "-";
  private final String password = "pw-" + suffix;
  private final List<String> users = new ArrayList<>();
  private volatile boolean vhostMade;
  private static Boolean available;

  /** Whether {@code rabbitmqctl status} answers here (else there are no accounts to make). */
  static synchronized boolean available() {
    if (available == null) {
      try {
        run(List.of("-q", "status"), "");
        available = true;
      } catch (IOException e) {
        available = false;
      }
    }
    return available;
  }

  /**
   * Makes the vhost, a mapper account named {@code <prefix><name>} for each of
   * {@code mappers} and an agent account for each of {@code agents}, with rabbitconf's
   * permissions. Each rabbitmqctl takes over a second (it starts an Erlang node): they run side
   * by side, in two rounds.
   */
  RabbitAccounts(List<String> mappers, List<String> agents) throws IOException {
    Map<String, List<String>> permissions = new LinkedHashMap<>();
    mappers.forEach(name -> permissions.put(account(name), MAPPER));
    agents.forEach(name -> permissions.put(account(name), AGENT));
    try {
      List<Step> made = new ArrayList<>();
      made.add(() -> {
        run(List.of("-q", "add_vhost", vhost), "");
        vhostMade = true;
      });
      for (String user : permissions.keySet()) {
        made.add(() -> {
          run(List.of("-q", "add_user", user), password + "\n");
          synchronized (users) {
            users.add(user);
          }
        });
      }
      parallel(made);
      parallel(permissions.entrySet().stream().map(entry -> (Step) () -> {
        List<String> args = new ArrayList<>(List.of("-q", "set_permissions", "-p", vhost,
            entry.getKey()));
        args.addAll(entry.getValue());
        run(args, "");
      }).toList());
    } catch (IOException | RuntimeException e) {
      try {
        close();
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** The account named {@code <prefix><name>}. */
  String account(String name) {
    return prefix + name;
  }

  /** The URI on which {@code account} logs in to the vhost. */
  String uri(String account) {
    return "amqp://" + account + ":" + password + "@127.0.0.1:5672/"
        + URLEncoder.encode(vhost, StandardCharsets.UTF_8);
  }

  String password() {
    return password;
  }

  /** Deletes the accounts and the vhost. */
  @Override
  public void close() throws IOException {
    List<Step> steps = new ArrayList<>();
    for (String user : users) {
      steps.add(() -> run(List.of("-q", "delete_user", user), ""));
    }
    if (vhostMade) {
      steps.add(() -> run(List.of("-q", "delete_vhost", vhost), ""));
    }
    parallel(steps);
  }

  private interface Step {
    void run() throws IOException;
  }

  /** Runs every step at once; throws the first failure once all have ended. */
  private static void parallel(List<Step> steps) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, steps.size()));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Step step : steps) {
        running.add(pool.submit(() -> {
          step.run();
          return null;
        }));
      }
      IOException failed = null;
      for (Future<?> step : running) {
        try {
          step.get(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
          failed = new IOException("a rabbitmqctl step did not end", e);
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String run(List<String> args, String input) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("rabbitmqctl");
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(
        () -> read(process.getInputStream()));
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("rabbitmqctl " + args + " did not end in " + TIMEOUT_SECONDS + " s");
      }
      String out = output.get(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new IOException("rabbitmqctl " + args.get(args.size() > 1 ? 1 : 0) + " exited with "
            + process.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for rabbitmqctl", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("reading rabbitmqctl's output failed", e);
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }
}
