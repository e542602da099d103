package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.AgentInfo;
import dev.nanite.Broker;
import dev.nanite.CallOptions;
import dev.nanite.ConnectionListener;
import dev.nanite.Mapper;
import dev.nanite.RegistryListener;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Load;
import dev.nanite.it.support.RabbitCluster;
import dev.nanite.it.support.RabbitNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node of a three-node RabbitMQ cluster killed under load. Agent a dials the whole cluster;
 * the node it lands on is the victim. Agents b and c are pinned each to one of the two other
 * nodes, and the main load's mapper names only those two: the kill takes exactly one agent's
 * node and none of that mapper's. A second mapper dials the whole cluster too, but its first
 * connection is steered to the victim, so that it loses its node with a.
 *
 * <p>Under 2,000 calls from the first mapper and 1,000 from the second, the victim is killed
 * with SIGKILL. Every call completes. Idempotent ones (sent with offline) all succeed. On the
 * first mapper the others succeed or fail with "agent lost" (in a's queue or with a when its
 * node died); on the second they may also fail fast with "broker unavailable" (made while it
 * reconnects). Nothing runs twice that may not. Agent a reconnects to a node left, registers
 * again from there and serves calls targeted at it; the second mapper reconnects and serves:
 * the times from the kill are printed and bounded.
 *
 * <p>Agent q has a quorum queue whose leader is on the victim (q dialled only that node). q is
 * killed, persistent requests are sent to its queue, then the victim dies with the queue's
 * leader: a replica on a node left takes over, and q, started again on the nodes left, runs each
 * request once.
 */
class ClusterNodeLossTest {
  private static final Duration PING = Duration.ofMillis(500);
  /**
   * How long the mappers let an agent go without a ping: 10 pings rather than the default 2.
   * On a two-core machine shared with other builds, all three agents once missed two pings
   * together before the kill (load average 9 to 11), were evicted, and calls made then found no
   * agent. What this test is about does not wait for the timeout: a dead node's agent is
   * dropped when a probe or a request to its queue comes back unroutable, and registers again
   * from its new node. The killed q stays listed for as long, while its requests are sent.
   */
  private static final Duration AGENT_TIMEOUT = PING.multipliedBy(10);
  /** amqp-client's network recovery interval, as Nanite sets it for agents and mappers. */
  private static final Duration RECOVERY = Duration.ofSeconds(1);
  /**
   * From the kill to agent a (or the second mapper) serving again from another node: the
   * recovery interval, then a connection, queue declarations and a registration, a few round
   * trips on loopback. 8 ping intervals more leave room for a busy two-core machine running
   * three nodes, four agent JVMs and the test, where the nodes left are also electing new
   * quorum-queue leaders. Measured: about 1.1 to 1.6 s.
   */
  private static final Duration SERVED_AGAIN_BOUND = RECOVERY.plus(PING.multipliedBy(8));
  private static final int PERSISTENT_CALLS = 5;
  /**
   * Each call's work. Issued every 10 ms, calls of 100 ms keep about ten in flight, a few of
   * them on a, when its node dies.
   */
  private static final int WORK_MILLIS = 100;

  @Test
  @Timeout(300)
  void nodeLoss_underLoad_agentAndMapperMoveToNodesLeft_callsComplete_quorumQueueKeepsRequests()
      throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private cluster");
    long testStarted = System.nanoTime();
    try (RabbitCluster rabbit = RabbitCluster.start();
        Cluster cluster = new Cluster(rabbit.uri())) {
      System.out.printf("cluster of 3 started in %d ms: %s%n", millisSince(testStarted),
          rabbit.uri());
      Path journal = cluster.dir().resolve("journal");
      // The load goes to a, b and c only, by their tag "load": q, killed, stays registered
      // for its agent timeout, and calls chosen for it would wait in its queue until their
      // deadline, as a durable queue's calls do.
      String[] work = {"--ping", Long.toString(PING.toMillis()), "--journal", journal.toString(),
          "--tags", "load"};

      // Agent a dials every node and lands on one at random: that one is the victim.
      AgentProcess a = cluster.agent("a", 0, work);
      String aNode;
      try (Mapper scout = mapperBuilder(rabbit.uri()).start()) {
        aNode = Await.value("a scout mapper knowing a's node", Duration.ofSeconds(20),
            () -> scout.agent(a.identity()).map(AgentInfo::broker).filter(b -> !b.isEmpty())
                .orElse(null));
      }
      int victim = nodeIndex(rabbit, aNode);
      List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
      survivors.remove(Integer.valueOf(victim));
      String survivorsUri = "amqp://guest:guest@" + survivors.stream()
          .map(i -> address(rabbit, i)).collect(Collectors.joining(","));
      Set<String> survivorAddresses =
          survivors.stream().map(i -> address(rabbit, i)).collect(Collectors.toSet());

      // b and c each on one node left; q, with a quorum queue, on the victim only, so that its
      // queue's leader is there.
      List<AgentProcess> started = startAll(List.of(
          () -> cluster.agent("b", 0, with(work, "--uri", rabbit.uriOf(survivors.get(0)))),
          () -> cluster.agent("c", 0, with(work, "--uri", rabbit.uriOf(survivors.get(1)))),
          () -> cluster.agent("q", 0, quorum(journal, rabbit.uriOf(victim)))));
      AgentProcess q = started.get(2);
      List<String> agents = List.of(a.identity(), started.get(0).identity(),
          started.get(1).identity(), q.identity());

      AgentWatch aWatch = new AgentWatch(a.identity(), survivorAddresses);
      ConnectionWatch onVictimWatch = new ConnectionWatch();
      FirstConnectionTo steer = new FirstConnectionTo(rabbit.node(victim).port());
      try (Mapper mapper = mapperBuilder(survivorsUri).listener(aWatch).start();
          Mapper onVictim = mapperBuilder(rabbit.uri())
              .broker(Broker.builder(rabbit.uri())
                  .connectionFactory(factory -> factory.setSocketFactory(steer)).build())
              .connectionListener(onVictimWatch).start()) {
        assertEquals(rabbit.node(victim).port(), steer.connectedPort(),
            "the second mapper's first connection is to the victim");
        WorkClient client = new WorkClient(mapper);
        WorkClient onVictimClient = new WorkClient(onVictim);
        Await.until("both mappers knowing a, b, c and q", Duration.ofSeconds(20),
            () -> Agents.known(mapper, agents).size() == 4
                && Agents.known(onVictim, agents).size() == 4);
        for (String agent : agents) {
          String node = mapper.agent(agent).map(AgentInfo::broker).orElse("?");
          System.out.printf("  agent %-14s on node %d (%s)%n", agent, nodeIndex(rabbit, node),
              node);
        }
        System.out.printf("  mapper %s dials %s; mapper %s on node %d, dials all three%n",
            mapper.identity(), survivorsUri, onVictim.identity(), victim);
        System.out.printf("victim: node %d (%s)%n", victim, address(rabbit, victim));
        assertEquals(aNode, mapper.agent(a.identity()).orElseThrow().broker());

        // q dies; its quorum queue stays, with the persistent requests sent to it now. The
        // broker drops q's consumer when its connection closes; a request sent before that
        // would go to the dead consumer and come back redelivered.
        q.kill();
        String survivorUri = rabbit.uriOf(survivors.get(0));
        Await.until("the broker dropping the killed q's consumer", Duration.ofSeconds(20),
            () -> declareOk(survivorUri, q.identity()).getConsumerCount() == 0);
        CallOptions persistent = cluster.options().withPersistent(true)
            .withTimeout(Duration.ofSeconds(150));
        List<CompletableFuture<String>> kept = new ArrayList<>();
        for (int i = 0; i < PERSISTENT_CALLS; i++) {
          kept.add(client.once("kept-" + i, 0, Selector.target(q.identity()), persistent));
        }
        Await.until("q's queue holding the persistent requests", Duration.ofSeconds(20),
            () -> declareOk(survivorUri, q.identity()).getMessageCount() == PERSISTENT_CALLS);
        String leaderBefore = leader(rabbit.node(survivors.get(0)), q.identity());
        assertEquals(rabbit.node(victim).nodeName(), leaderBefore,
            "q's quorum queue is led from the victim, the node q dialled");

        // The victim dies after 800 of the first mapper's 2,000 calls; then a's way back is
        // watched: its registration from a node left, and the first call targeted at it that
        // succeeds.
        CountDownLatch killNow = new CountDownLatch(1);
        AtomicLong killedAt = new AtomicLong();
        AtomicLong goneAt = new AtomicLong();
        AtomicLong servedAt = new AtomicLong();
        AtomicReference<Throwable> killerFailed = new AtomicReference<>();
        Thread killer = new Thread(() -> {
          try {
            killNow.await();
            killedAt.set(System.nanoTime());
            // The kill returns once every process of the node has exited, which can take a
            // second or more: a's way back is watched meanwhile, from the SIGKILL on.
            Thread kill = new Thread(() -> {
              try {
                rabbit.kill(victim);
                goneAt.set(System.nanoTime());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }, "node-kill");
            kill.start();
            Await.until("a registering again from a node left", Duration.ofSeconds(60),
                () -> aWatch.movedAt() != 0);
            CallOptions probe = cluster.options().withTimeout(Duration.ofSeconds(2));
            Await.until("a call targeted at a succeeding", Duration.ofSeconds(30),
                () -> answers(client, a.identity(), probe));
            servedAt.set(System.nanoTime());
            kill.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(goneAt.get() != 0, "the victim's processes exited");
          } catch (Throwable t) {
            killerFailed.set(t);
          }
        }, "node-killer");
        killer.start();
        CallOptions once = cluster.options().withTags(cluster.tag(), "load")
            .withTimeout(Duration.ofSeconds(30));
        CallOptions twice = once.withOffline(true);
        FutureTask<List<Load.Outcome>> onVictimLoad = new FutureTask<>(() -> Load.run(
            onVictimClient, once, twice, 1_000, 100, WORK_MILLIS, Duration.ofMillis(20),
            issued -> { }, Duration.ofSeconds(120)));
        Thread onVictimLoader = new Thread(onVictimLoad, "load-on-victim-mapper");
        List<Load.Outcome> outcomes;
        List<Load.Outcome> onVictimOutcomes;
        try {
          onVictimLoader.start();
          outcomes = Load.run(client, once, twice, 2_000, 200, WORK_MILLIS, Duration.ofMillis(10),
              issued -> {
                if (issued == 800) {
                  killNow.countDown();
                }
              }, Duration.ofSeconds(120));
          onVictimOutcomes = onVictimLoad.get(150, TimeUnit.SECONDS);
        } finally {
          killNow.countDown(); // a load cut short still lets the killer end
          killer.join(TimeUnit.SECONDS.toMillis(100));
          onVictimLoad.cancel(true);
          onVictimLoader.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(killer.isAlive(), "the killer thread ended");
        if (killerFailed.get() != null) {
          throw new AssertionError("after the kill: " + killerFailed.get().getMessage()
              + "; a's registry events: " + aWatch.events(killedAt.get())
              + "; mapper counters: " + mapper.counters(), killerFailed.get());
        }
        long killed = killedAt.get();
        System.out.printf("victim's processes gone %d ms after the SIGKILL; running nodes: %s%n",
            (goneAt.get() - killed) / 1_000_000, rabbit.runningNodes());

        // q, started again on the nodes left, takes the requests kept by its quorum queue,
        // whose leader died with the victim.
        long qRestarted = System.nanoTime();
        AgentProcess qBack = cluster.agent("q", 0, quorum(journal, survivorsUri));
        try {
          for (CompletableFuture<String> call : kept) {
            assertEquals(qBack.identity(), call.get(60, TimeUnit.SECONDS));
          }
        } catch (Exception | AssertionError e) {
          System.out.println("q after the node loss printed: " + qBack.output()
              + "\nmapper: " + mapper.counters() + " " + mapper.agents());
          throw e;
        }
        long keptServed = millisSince(qRestarted);
        String leaderAfter = leader(rabbit.node(survivors.get(0)), q.identity());

        Map<String, Integer> runs = Journal.runs(journal);
        long aMoved = (aWatch.movedAt() - killed) / 1_000_000;
        long aServed = (servedAt.get() - killed) / 1_000_000;
        long mapperBack = onVictimWatch.reconnectedAt() == 0 ? Long.MAX_VALUE
            : (onVictimWatch.reconnectedAt() - killed) / 1_000_000;
        long mapperServed = servedAgainMillis(onVictimOutcomes, killed);
        String aNow = mapper.agent(a.identity()).map(AgentInfo::broker).orElse("?");
        System.out.println(Load.table("RabbitMQ cluster node " + victim + " killed after 800 of "
            + "2,000 calls from mapper " + mapper.identity() + " (on the nodes left): agent a "
            + "moved from node " + victim + " to node " + nodeIndex(rabbit, aNow) + ", registered "
            + "again " + aMoved + " ms and served a targeted call " + aServed + " ms after the "
            + "kill (ping " + PING.toMillis() + " ms):", outcomes, runs));
        System.out.println(Load.table("the same kill, 1,000 calls from mapper "
            + onVictim.identity() + " (on the victim): connected again " + mapperBack
            + " ms, first success of a call made after the kill " + mapperServed + " ms after "
            + "it:", onVictimOutcomes, runs));
        System.out.println("a's registry events, ms from the kill: " + aWatch.events(killed));
        System.out.println("second mapper's connection events, ms from the kill: "
            + onVictimWatch.events(killed));
        System.out.printf("q's %d persistent requests served %d ms after q was started again "
            + "on the nodes left; q's quorum queue was led by %s (the victim), now by %s%n",
            PERSISTENT_CALLS, keptServed, leaderBefore, leaderAfter);
        System.out.println("mapper counters: " + mapper.counters() + "; on the victim: "
            + onVictim.counters());

        assertCompleted(outcomes, 2_000, Set.of(Load.Kind.OK, Load.Kind.AGENT_LOST));
        assertCompleted(onVictimOutcomes, 1_000,
            Set.of(Load.Kind.OK, Load.Kind.AGENT_LOST, Load.Kind.UNAVAILABLE));
        Load.assertRanAsAllowed(outcomes, runs);
        Load.assertRanAsAllowed(onVictimOutcomes, runs);
        assertTrue(survivorAddresses.contains(aNow), "a is on a node left: " + aNow);
        assertTrue(aServed <= SERVED_AGAIN_BOUND.toMillis(), "a served again " + aServed
            + " ms after the kill, more than " + SERVED_AGAIN_BOUND.toMillis() + " ms");
        assertTrue(mapperBack <= SERVED_AGAIN_BOUND.toMillis(), "the mapper on the victim "
            + "connected again " + mapperBack + " ms after the kill, more than "
            + SERVED_AGAIN_BOUND.toMillis() + " ms");
        assertTrue(survivors.stream().anyMatch(i -> rabbit.node(i).nodeName().equals(leaderAfter)),
            "a node left leads q's queue: " + leaderAfter);
        for (int i = 0; i < PERSISTENT_CALLS; i++) {
          assertEquals(1, runs.getOrDefault("once kept-" + i, 0), "kept-" + i + " ran once");
        }
      }
    } finally {
      System.out.printf("cluster node loss test took %d ms%n", millisSince(testStarted));
    }
  }

  /**
   * Every one of {@code total} calls completed; every idempotent one succeeded; every other
   * ended in one of {@code allowed} ways.
   */
  private static void assertCompleted(List<Load.Outcome> outcomes, int total,
      Set<Load.Kind> allowed) {
    Map<Load.Kind, Integer> idempotent = Load.count(outcomes, true);
    Map<Load.Kind, Integer> other = Load.count(outcomes, false);
    assertEquals(0, idempotent.get(Load.Kind.NOT_COMPLETED) + other.get(Load.Kind.NOT_COMPLETED),
        "every call completes: " + idempotent + " " + other);
    assertEquals(total / 2, idempotent.get(Load.Kind.OK),
        "every idempotent call succeeds: " + idempotent);
    assertEquals(total / 2, allowed.stream().mapToInt(other::get).sum(),
        "the others end as " + allowed + ": " + other);
  }

  /**
   * Every mapper on the vhost agrees on the offline queue's type: a quorum queue, which keeps
   * parked calls through the loss of a node.
   */
  private static Mapper.Builder mapperBuilder(String uri) {
    return Mapper.builder().uri(uri).quorumOfflineQueue(true).agentTimeout(AGENT_TIMEOUT)
        .requestTimeout(Duration.ofSeconds(10));
  }

  /** Whether a call targeted at {@code identity} succeeds now. */
  private static boolean answers(WorkClient client, String identity, CallOptions options) {
    try {
      return identity.equals(client.whoami(Selector.target(identity), options)
          .get(5, TimeUnit.SECONDS));
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Milliseconds from the kill until the first call made after it succeeded, or
   * {@link Long#MAX_VALUE} if none did.
   */
  private static long servedAgainMillis(List<Load.Outcome> outcomes, long killedNanos) {
    return outcomes.stream()
        .filter(o -> o.kind() == Load.Kind.OK && o.issuedNanos() >= killedNanos)
        .mapToLong(Load.Outcome::completedNanos)
        .min()
        .stream().map(at -> (at - killedNanos) / 1_000_000)
        .findFirst().orElse(Long.MAX_VALUE);
  }

  /** The node {@code address} ({@code 127.0.0.1:port}, as an agent reports it) is. */
  private static int nodeIndex(RabbitCluster rabbit, String address) {
    for (int i = 0; i < rabbit.nodes().size(); i++) {
      if (address(rabbit, i).equals(address)) {
        return i;
      }
    }
    throw new AssertionError(address + " is no node of " + rabbit.uri());
  }

  private static String address(RabbitCluster rabbit, int node) {
    return "127.0.0.1:" + rabbit.node(node).port();
  }

  /** AgentMain options of q: a quorum queue, on {@code uri}, without the load's tag. */
  private static String[] quorum(Path journal, String uri) {
    return new String[] {"--quorum", "true", "--ping", Long.toString(PING.toMillis()),
        "--journal", journal.toString(), "--uri", uri};
  }

  private static String[] with(String[] options, String... more) {
    List<String> all = new ArrayList<>(List.of(options));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @FunctionalInterface
  private interface Start {
    AgentProcess start() throws Exception;
  }

  /** Starts agents side by side (a JVM each takes a second or more), in the order given. */
  private static List<AgentProcess> startAll(List<Start> starts) throws Exception {
    List<CompletableFuture<AgentProcess>> started = new ArrayList<>();
    for (Start start : starts) {
      started.add(CompletableFuture.supplyAsync(() -> {
        try {
          return start.start();
        } catch (Exception e) {
          throw new IllegalStateException("starting an agent failed", e);
        }
      }));
    }
    List<AgentProcess> agents = new ArrayList<>();
    for (CompletableFuture<AgentProcess> agent : started) {
      agents.add(agent.get(60, TimeUnit.SECONDS));
    }
    return agents;
  }

  /** What a passive declaration of {@code queue} says, over a plain amqp-client connection. */
  private static AMQP.Queue.DeclareOk declareOk(String uri, String queue) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
      try (Connection connection = factory.newConnection();
          Channel channel = connection.createChannel()) {
        return channel.queueDeclarePassive(queue);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not look at queue " + queue, e);
    }
  }

  /** The node that leads quorum queue {@code queue}, as {@code asked} lists it. */
  private static String leader(RabbitNode asked, String queue)
      throws IOException, InterruptedException {
    String listed = asked.ctl("list_queues", "--no-table-headers", "name", "leader");
    for (String line : listed.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length == 2 && fields[0].equals(queue)) {
        return fields[1];
      }
    }
    throw new AssertionError(asked + " lists no queue " + queue + " with a leader: " + listed);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** Events with their {@link System#nanoTime()}, shown in milliseconds from a given time. */
  private static class Timeline {
    private final List<Map.Entry<Long, String>> events = new CopyOnWriteArrayList<>();

    void add(String event) {
      events.add(Map.entry(System.nanoTime(), event));
    }

    List<String> events(long zeroNanos) {
      return events.stream()
          .map(e -> (e.getKey() - zeroNanos) / 1_000_000 + " ms " + e.getValue()).toList();
    }
  }

  /**
   * A mapper's registry events for one agent, and when it first registered from one of
   * {@code moved} (the nodes left).
   */
  private static final class AgentWatch extends Timeline implements RegistryListener {
    private final String identity;
    private final Set<String> moved;
    private final AtomicLong movedAt = new AtomicLong();

    AgentWatch(String identity, Set<String> moved) {
      this.identity = identity;
      this.moved = moved;
    }

    long movedAt() {
      return movedAt.get();
    }

    @Override
    public void registered(AgentInfo agent) {
      seen("registered", agent);
    }

    @Override
    public void reregistered(AgentInfo agent) {
      seen("re-registered", agent);
    }

    @Override
    public void unregistered(AgentInfo agent) {
      seen("unregistered", agent);
    }

    @Override
    public void timedOut(AgentInfo agent) {
      seen("timed out", agent);
    }

    private void seen(String what, AgentInfo agent) {
      if (agent.identity().equals(identity)) {
        add(what + " on " + agent.broker());
        if (moved.contains(agent.broker())) {
          movedAt.compareAndSet(0, System.nanoTime());
        }
      }
    }
  }

  /** A mapper's connection events, and when it was first connected again. */
  private static final class ConnectionWatch extends Timeline implements ConnectionListener {
    private final AtomicLong reconnectedAt = new AtomicLong();

    long reconnectedAt() {
      return reconnectedAt.get();
    }

    @Override
    public void disconnected(String reason) {
      add("disconnected: " + reason);
    }

    @Override
    public void reconnected() {
      add("reconnected");
      reconnectedAt.compareAndSet(0, System.nanoTime());
    }
  }

  /**
   * Sockets whose first connection goes to one port: amqp-client tries a multi-host URI's nodes
   * in a random order, and one refused moves it to the next, so a connection made through this
   * factory lands on that node. Every later connection (a recovery) dials like any other.
   */
  private static final class FirstConnectionTo extends SocketFactory {
    private final int port;
    private final AtomicLong connected = new AtomicLong();

    FirstConnectionTo(int port) {
      this.port = port;
    }

    /** The port of the first connection made, or 0 before it. */
    int connectedPort() {
      return (int) connected.get();
    }

    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          int to = endpoint instanceof InetSocketAddress address ? address.getPort() : -1;
          if (connected.get() == 0 && to != port) {
            throw new ConnectException("steered to port " + port + ", not " + to);
          }
          super.connect(endpoint, timeout);
          connected.compareAndSet(0, to);
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("amqp-client connects an unconnected socket");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException("amqp-client connects an unconnected socket");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException("amqp-client connects an unconnected socket");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
        int localPort) {
      throw new UnsupportedOperationException("amqp-client connects an unconnected socket");
    }
  }
}
