package dev.nanite.it.support;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Agents in their own JVMs and mappers, for one test class. Every agent carries the cluster's
 * run tag and every call the tests make requires it, so a test only ever reaches its own agents
 * even on a broker other runs share.
 */
public final class Cluster implements AutoCloseable {
  private final String uri;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<AgentProcess> agents = new CopyOnWriteArrayList<>();
  private final List<Mapper> mappers = new CopyOnWriteArrayList<>();
  private final Path statusDir;

  /** A cluster on the suite's broker. */
  public Cluster() throws IOException {
    this(Brokers.uri());
  }

  /** A cluster on the broker at {@code uri}. */
  public Cluster(String uri) throws IOException {
    this.uri = uri;
    this.statusDir = Files.createTempDirectory("nanite-status-");
  }

  /** A directory of the cluster's own for files such as journals. */
  public Path dir() {
    return statusDir;
  }

  public String uri() {
    return uri;
  }

  /** The tag every agent of this cluster carries. */
  public String tag() {
    return run;
  }

  /** Call options that reach only this cluster's agents. */
  public CallOptions options() {
    return CallOptions.DEFAULT.withTags(run).withTimeout(Duration.ofSeconds(10));
  }

  /** A unique agent identity built from {@code name}. */
  public String identity(String name) {
    return name + "-" + run;
  }

  /**
   * Starts an agent named {@code name} whose status is read from a file at every ping (see
   * {@link #status}), with extra AgentMain options.
   */
  public AgentProcess agent(String name, double status, String... options) throws IOException {
    status(name, status);
    List<String> all = new ArrayList<>(List.of(
        "--status-file", statusFile(name).toString(), "--tags", tagsWith(options)));
    for (int i = 0; i + 1 < options.length; i += 2) {
      if (!options[i].equals("--tags")) {
        all.add(options[i]);
        all.add(options[i + 1]);
      }
    }
    AgentProcess agent = AgentProcess.start(uri, identity(name), all.toArray(String[]::new));
    agents.add(agent);
    return agent;
  }

  /**
   * Starts one agent per name, all with {@code status} and {@code options}, side by side: each
   * JVM takes about a second to start, and a test that needs several need not wait for each in
   * turn. Returns them in the order of {@code names}.
   */
  public List<AgentProcess> agents(List<String> names, double status, String... options)
      throws IOException, InterruptedException {
    ExecutorService starter = Executors.newFixedThreadPool(Math.min(names.size(), 4));
    try {
      List<Future<AgentProcess>> started = new ArrayList<>();
      for (String name : names) {
        started.add(starter.submit(() -> agent(name, status, options)));
      }
      List<AgentProcess> all = new ArrayList<>();
      for (Future<AgentProcess> agent : started) {
        try {
          all.add(agent.get());
        } catch (ExecutionException e) {
          throw new IOException("starting an agent failed", e.getCause());
        }
      }
      return all;
    } finally {
      starter.shutdownNow();
    }
  }

  private String tagsWith(String... options) {
    for (int i = 0; i + 1 < options.length; i += 2) {
      if (options[i].equals("--tags")) {
        return run + "," + options[i + 1];
      }
    }
    return run;
  }

  /** Sets the status agent {@code name} reports at its next ping. */
  public void status(String name, double status) throws IOException {
    Path file = statusFile(name);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Double.toString(status));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private Path statusFile(String name) {
    return statusDir.resolve(name + ".status");
  }

  /** Starts a mapper, closed with the cluster. */
  public Mapper mapper(Mapper.Builder builder) {
    Mapper mapper = builder.uri(uri).start();
    mappers.add(mapper);
    return mapper;
  }

  public Mapper mapper() {
    return mapper(Mapper.builder().requestTimeout(Duration.ofSeconds(10)));
  }

  @Override
  public void close() throws Exception {
    for (Mapper mapper : mappers) {
      mapper.close();
    }
    for (AgentProcess agent : agents) {
      agent.close();
    }
  }
}
