package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node of a three-node RabbitMQ cluster killed under load. Agent a dials the whole cluster;
 * its node is the victim. Agents b and c are each pinned to one of the two other nodes, and the
 * load's mapper names only those two, so the kill takes exactly one agent's node and none of the
 * mapper's: what is under test is an agent moving to another node, and calls in flight to it.
 *
 * <p>Under 2,000 calls the victim is killed with SIGKILL: every call completes; idempotent ones
 * (sent with offline) all succeed; the others succeed or fail with "agent lost" (in a's queue or
 * its connection when the node died); nothing runs twice that may not. Agent a reconnects to a
 * node left, registers again from there, and serves calls targeted at it: the time from the
 * kill to that is printed and bounded.
 *
 * <p>Agent q has a quorum queue whose leader is on the victim (q dialled only that node). q is
 * killed, persistent requests are sent to its queue, then the victim dies with the queue's
 * leader: another replica takes over, and q, started again on the nodes left, runs each request
 * once.
 */
class ClusterNodeLossTest {
  private static final Duration PING = Duration.ofMillis(500);
  /** amqp-client's network recovery interval, as Nanite sets it for agents and mappers. */
  private static final Duration RECOVERY = Duration.ofSeconds(1);
  /**
   * From the kill to agent a serving again from another node: the recovery interval, then a
   * connection, queue declaration and registration, which take a few round trips on loopback;
   * 8 ping intervals more leave room for a busy two-core machine running three nodes, four agent
   * JVMs and the test, where the nodes left are also electing new quorum-queue leaders.
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
  void nodeLoss_underLoad_agentMovesToANodeLeft_callsComplete_quorumQueueKeepsRequests()
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
      // Every mapper on the vhost agrees on the offline queue's type; a quorum queue keeps
      // parked calls through the loss of a node.
      Mapper scout = cluster.mapper(Mapper.builder().quorumOfflineQueue(true)
          .requestTimeout(Duration.ofSeconds(10)));
      String aNode = Await.value("the scout mapper knowing a's node", Duration.ofSeconds(20),
          () -> scout.agent(a.identity()).map(AgentInfo::broker).filter(b -> !b.isEmpty())
              .orElse(null));
      int victim = nodeIndex(rabbit, aNode);
      List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
      survivors.remove(Integer.valueOf(victim));
      String survivorsUri = "amqp://guest:guest@" + survivors.stream()
          .map(i -> address(rabbit, i)).collect(Collectors.joining(","));
      Set<String> survivorAddresses =
          survivors.stream().map(i -> address(rabbit, i)).collect(Collectors.toSet());

      // b and c each on one node left; q, with a quorum queue, on the victim only, so that its
      // queue's leader is there. A long ping keeps q registered once killed.
      List<AgentProcess> started = startAll(List.of(
          () -> cluster.agent("b", 0, with(work, "--uri", rabbit.uriOf(survivors.get(0)))),
          () -> cluster.agent("c", 0, with(work, "--uri", rabbit.uriOf(survivors.get(1)))),
          () -> cluster.agent("q", 0, "--quorum", "true", "--ping", "5000", "--journal",
              journal.toString(), "--uri", rabbit.uriOf(victim))));
      AgentProcess q = started.get(2);
      List<String> loadAgents = List.of(a.identity(), started.get(0).identity(),
          started.get(1).identity());

      List<String> aEvents = new CopyOnWriteArrayList<>();
      AtomicLong aMovedAt = new AtomicLong();
      RegistryListener aWatcher = new RegistryListener() {
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
          if (agent.identity().equals(a.identity())) {
            long now = System.nanoTime();
            aEvents.add(now + " " + what + " on " + agent.broker());
            if (survivorAddresses.contains(agent.broker())) {
              aMovedAt.compareAndSet(0, now);
            }
          }
        }
      };
      try (Mapper mapper = Mapper.builder().uri(survivorsUri).quorumOfflineQueue(true)
          .requestTimeout(Duration.ofSeconds(10)).listener(aWatcher).start()) {
        WorkClient client = new WorkClient(mapper);
        List<String> all = new ArrayList<>(loadAgents);
        all.add(q.identity());
        Await.until("the load's mapper knowing a, b, c and q", Duration.ofSeconds(20),
            () -> Agents.known(mapper, all).size() == 4);
        for (String agent : all) {
          String node = mapper.agent(agent).map(AgentInfo::broker).orElse("?");
          System.out.printf("  %-14s on node %d (%s)%n", agent, nodeIndex(rabbit, node), node);
        }
        System.out.printf("victim: node %d (%s), agent a's and q's queue leader's; the load's "
            + "mapper dials %s%n", victim, address(rabbit, victim), survivorsUri);
        assertEquals(aNode, mapper.agent(a.identity()).orElseThrow().broker());

        // q dies; its quorum queue stays, with the persistent requests sent to it now. The
        // broker drops q's consumer when its connection closes; a request sent before that
        // would go to the dead consumer and come back redelivered.
        q.kill();
        Await.until("the broker dropping the killed q's consumer", Duration.ofSeconds(20),
            () -> consumers(rabbit.uriOf(survivors.get(0)), q.identity()) == 0);
        CallOptions persistent = cluster.options().withPersistent(true)
            .withTimeout(Duration.ofSeconds(150));
        List<CompletableFuture<String>> kept = new ArrayList<>();
        for (int i = 0; i < PERSISTENT_CALLS; i++) {
          kept.add(client.once("kept-" + i, 0, Selector.target(q.identity()), persistent));
        }
        String survivorUri = rabbit.uriOf(survivors.get(0));
        Await.until("q's queue holding the persistent requests", Duration.ofSeconds(20),
            () -> messages(survivorUri, q.identity()) == PERSISTENT_CALLS);
        String leaderBefore = leader(rabbit.node(survivors.get(0)), q.identity());
        assertEquals(rabbit.node(victim).nodeName(), leaderBefore,
            "q's quorum queue is led from the victim, the node q dialled");

        // The victim dies after 800 of 2,000 calls; then a's way back is watched: its
        // registration from a node left, and the first call targeted at it that succeeds.
        CountDownLatch killNow = new CountDownLatch(1);
        AtomicLong killedAt = new AtomicLong();
        AtomicLong servedAt = new AtomicLong();
        AtomicReference<Throwable> killerFailed = new AtomicReference<>();
        AtomicLong goneAt = new AtomicLong();
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
                () -> aMovedAt.get() != 0);
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
        List<Load.Outcome> outcomes;
        try {
          outcomes = Load.run(client, once, twice, 2_000, 200, WORK_MILLIS, Duration.ofMillis(10),
              issued -> {
                if (issued == 800) {
                  killNow.countDown();
                }
              }, Duration.ofSeconds(120));
        } finally {
          killNow.countDown(); // a load cut short still lets the killer end
          killer.join(TimeUnit.SECONDS.toMillis(100));
        }
        assertTrue(!killer.isAlive(), "the killer thread ended");
        if (killerFailed.get() != null) {
          throw new AssertionError("after the kill: " + killerFailed.get().getMessage()
              + "; a's registry events: " + relative(aEvents, killedAt.get())
              + "; mapper counters: " + mapper.counters(), killerFailed.get());
        }
        System.out.printf("victim's processes gone %d ms after the SIGKILL; running nodes: %s%n",
            (goneAt.get() - killedAt.get()) / 1_000_000, rabbit.runningNodes());

        // q, started again on the nodes left, takes the requests kept by its quorum queue,
        // whose leader died with the victim.
        long qRestarted = System.nanoTime();
        AgentProcess qBack = cluster.agent("q", 0, "--quorum", "true", "--ping", "5000",
            "--journal", journal.toString(), "--uri", survivorsUri);
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
        System.out.printf("q's quorum queue was led by %s (the victim), now by %s%n",
            leaderBefore, leaderAfter);
        assertTrue(survivors.stream().anyMatch(i -> rabbit.node(i).nodeName().equals(leaderAfter)),
            "a node left leads q's queue: " + leaderAfter);

        Map<String, Integer> runs = Journal.runs(journal);
        long moved = (aMovedAt.get() - killedAt.get()) / 1_000_000;
        long served = (servedAt.get() - killedAt.get()) / 1_000_000;
        String aNow = mapper.agent(a.identity()).map(AgentInfo::broker).orElse("?");
        System.out.println(Load.table("RabbitMQ cluster node " + victim + " killed after 800 of "
            + "2,000 calls: agent a moved from node " + victim + " to node "
            + nodeIndex(rabbit, aNow) + ", registered again " + moved + " ms and served a "
            + "targeted call " + served + " ms after the kill (ping " + PING.toMillis()
            + " ms):", outcomes, runs));
        System.out.println("a's registry events, ms from the kill: "
            + relative(aEvents, killedAt.get()));
        System.out.printf("q's %d persistent requests served %d ms after q was started again "
            + "on the nodes left%n", PERSISTENT_CALLS, keptServed);
        System.out.println("mapper counters: " + mapper.counters());

        Map<Load.Kind, Integer> idempotent = Load.count(outcomes, true);
        Map<Load.Kind, Integer> other = Load.count(outcomes, false);
        assertEquals(0, idempotent.get(Load.Kind.NOT_COMPLETED) + other.get(Load.Kind.NOT_COMPLETED),
            "every call completes: " + idempotent + " " + other);
        assertEquals(1_000, idempotent.get(Load.Kind.OK),
            "every idempotent call succeeds: " + idempotent);
        assertEquals(1_000, other.get(Load.Kind.OK) + other.get(Load.Kind.AGENT_LOST),
            "the others succeed or fail with agent lost: " + other);
        Load.assertRanAsAllowed(outcomes, runs);
        assertTrue(survivorAddresses.contains(aNow), "a is on a node left: " + aNow);
        assertNotEquals(aNode, aNow);
        assertTrue(served <= SERVED_AGAIN_BOUND.toMillis(), "a served again " + served
            + " ms after the kill, more than " + SERVED_AGAIN_BOUND.toMillis() + " ms");
        for (int i = 0; i < PERSISTENT_CALLS; i++) {
          assertEquals(1, runs.getOrDefault("once kept-" + i, 0), "kept-" + i + " ran once");
        }
      }
    } finally {
      System.out.printf("cluster node loss test took %d ms%n", millisSince(testStarted));
    }
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

  private static long consumers(String uri, String queue) {
    return declareOk(uri, queue).getConsumerCount();
  }

  private static long messages(String uri, String queue) {
    return declareOk(uri, queue).getMessageCount();
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

  private static List<String> relative(List<String> events, long zeroNanos) {
    return events.stream().map(e -> {
      int space = e.indexOf(' ');
      return (Long.parseLong(e.substring(0, space)) - zeroNanos) / 1_000_000 + " ms"
          + e.substring(space);
    }).toList();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
