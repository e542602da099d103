package dev.nanite.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Three private {@link RabbitNode}s joined into one RabbitMQ cluster on loopback, for tests of
 * what clients see when a node of a cluster dies: quorum queues that outlive a node, a
 * multi-host URI that leads to the nodes left. The nodes share an Erlang cookie of their own
 * (each node's private home holds a copy), which is all that clustering them needs.
 */
public final class RabbitCluster implements AutoCloseable {
  private static final int SIZE = 3;
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern RUNNING = Pattern.compile("\"running_nodes\":\\[([^\\]]*)\\]");

  private final List<RabbitNode> nodes;

  private RabbitCluster(List<RabbitNode> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts three nodes and returns once {@code cluster_status} shows all of them running. */
  public static RabbitCluster start() throws IOException, InterruptedException {
    return start(UnaryOperator.identity());
  }

  /**
   * Starts three nodes, each set up by {@code each} as well (a TLS listener, plugins, config),
   * and returns once {@code cluster_status} shows all of them running.
   */
  public static RabbitCluster start(UnaryOperator<RabbitNodeBuilder> each)
      throws IOException, InterruptedException {
    String cookie = RabbitNode.newCookie();
    List<RabbitNode> started = new CopyOnWriteArrayList<>();
    List<Callable<RabbitNode>> starts = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      starts.add(() -> {
        RabbitNode node = each.apply(RabbitNode.builder().cookie(cookie)).start();
        started.add(node);
        return node;
      });
    }
    RabbitCluster cluster;
    try {
      // In parallel: independent nodes until they join, and booting is most of the time.
      cluster = new RabbitCluster(all(starts));
    } catch (IOException | InterruptedException | RuntimeException e) {
      closeAll(started, e);
      throw e;
    }
    try {
      cluster.join();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      closeAll(cluster.nodes, e);
      throw e;
    }
  }

  /** Joins every node to the first, the way the RabbitMQ clustering guide does by hand. */
  private void join() throws IOException, InterruptedException {
    RabbitNode first = nodes.get(0);
    List<RabbitNode> others = nodes.subList(1, SIZE);
    all(others.stream().map(n -> (Callable<String>) () -> n.ctl("stop_app")).toList());
    // One at a time: each join changes the cluster's membership, and the guide joins nodes
    // one by one.
    for (RabbitNode node : others) {
      node.ctl("join_cluster", first.nodeName());
    }
    all(others.stream().map(n -> (Callable<String>) () -> n.ctl("start_app")).toList());
    Set<String> names = nodes.stream().map(RabbitNode::nodeName).collect(Collectors.toSet());
    Await.until("cluster_status showing " + names + " running", FORM_TIMEOUT,
        () -> runningNodesUnchecked().containsAll(names));
  }

  public List<RabbitNode> nodes() {
    return nodes;
  }

  public RabbitNode node(int i) {
    return nodes.get(i);
  }

  /**
   * A multi-host URI naming every node:
   * {@code amqp://guest:guest@127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}.
   */
  public String uri() {
    return "amqp://guest:guest@" + nodes.stream().map(n -> "127.0.0.1:" + n.port())
        .collect(Collectors.joining(","));
  }

  /** The URI of node {@code i} alone. */
  public String uriOf(int i) {
    return nodes.get(i).uri();
  }

  /** Kills node {@code i} with SIGKILL; see {@link RabbitNode#kill()}. */
  public void kill(int i) throws InterruptedException {
    nodes.get(i).kill();
  }

  /** The nodes {@code cluster_status} lists as running, asked of the first node still up. */
  public Set<String> runningNodes() throws IOException, InterruptedException {
    return runningNodes(nodes.stream().filter(RabbitNode::running).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster is running")));
  }

  /** The nodes {@code cluster_status} lists as running, as {@code asked} sees them. */
  public Set<String> runningNodes(RabbitNode asked) throws IOException, InterruptedException {
    String status = asked.ctl("cluster_status", "--formatter", "json");
    Matcher running = RUNNING.matcher(status);
    if (!running.find()) {
      throw new IOException("no running_nodes in the cluster_status of " + asked.nodeName()
          + ": " + status);
    }
    Set<String> names = new TreeSet<>();
    for (String name : running.group(1).split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim().replace("\"", ""));
      }
    }
    return names;
  }

  private Set<String> runningNodesUnchecked() {
    try {
      return runningNodes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking for the cluster status", e);
    }
  }

  /** Runs {@code tasks} in parallel; once all have ended, returns their results or throws. */
  private static <T> List<T> all(List<Callable<T>> tasks) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      IOException failure = null;
      List<T> results = new ArrayList<>();
      for (Future<T> future : pool.invokeAll(tasks)) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = new IOException(e.getCause().getMessage(), e.getCause());
          } else {
            failure.addSuppressed(e.getCause());
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void closeAll(List<RabbitNode> nodes, Throwable failure) {
    for (RabbitNode node : nodes) {
      try {
        node.close();
      } catch (InterruptedException e) {
        // go on closing the others, and leave the interrupt for the caller to see
        Thread.currentThread().interrupt();
        failure.addSuppressed(e);
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Kills every node and deletes their directories. */
  @Override
  public void close() throws IOException, InterruptedException {
    IOException failure = new IOException("could not close every node of the cluster");
    closeAll(nodes, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }
}
