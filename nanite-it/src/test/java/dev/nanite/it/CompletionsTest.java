package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.CallObserver;
import dev.nanite.Mapper;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where callers hear of their calls: futures complete on the mapper's completion executor, so a
 * callback that blocks stalls neither evictions nor deadlines; and an observer sees every
 * attempt of a call, not only its end.
 */
class CompletionsTest {
  private static final String PING = "250";

  @Test
  void aBlockingCallbackStallsNeitherEvictionNorDeadlines() throws Exception {
    try (Cluster cluster = new Cluster()) {
      AgentProcess victim = cluster.agent("victim", 5, "--ping", PING);
      String worker = cluster.agent("worker", 0, "--ping", PING).identity();
      RecordingListener heard = new RecordingListener();
      Mapper mapper = cluster.mapper(Mapper.builder().listener(heard));
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows both", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(victim.identity(), worker)).size() == 2);

      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocking = new CountDownLatch(1);
      List<String> callbackThreads = new CopyOnWriteArrayList<>();
      // Its outcome is the deadline, found by the thread that also evicts agents.
      work.slow(5_000, Selector.target(worker), cluster.options()
          .withTimeout(Duration.ofMillis(200))).whenComplete((who, timeout) -> {
        callbackThreads.add(Thread.currentThread().getName());
        blocking.countDown();
        try {
          release.await(30, TimeUnit.SECONDS); // a caller's callback that blocks
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      try {
        assertTrue(blocking.await(10, TimeUnit.SECONDS), "the deadline's callback runs");
        victim.kill();
        Await.until("the mapper evicts the killed agent while the callback blocks",
            Duration.ofSeconds(5), () -> heard.timedOut().contains(victim.identity())
                || heard.unregistered().contains(victim.identity()));

        long start = System.nanoTime();
        ExecutionException late = assertThrows(ExecutionException.class,
            () -> work.slow(5_000, Selector.target(worker),
                cluster.options().withTimeout(Duration.ofMillis(300))).get(5, TimeUnit.SECONDS));
        assertInstanceOf(RequestTimeoutException.class, late.getCause());
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 3_000, "the deadline fired on time: " + tookMillis + " ms");
        assertEquals(worker, work.whoami(Selector.target(worker), cluster.options())
            .get(10, TimeUnit.SECONDS), "replies still come in");
      } finally {
        release.countDown();
      }
      assertEquals(1, callbackThreads.size());
      assertTrue(callbackThreads.get(0).contains("-complete-"),
          "ran on the mapper's completion pool: " + callbackThreads);
    }
  }

  @Test
  void futuresCompleteOnTheExecutorTheCallerGave() throws Exception {
    ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "callers-own"));
    try (Cluster cluster = new Cluster()) {
      String agent = cluster.agent("a", 0, "--ping", PING).identity();
      Mapper mapper = cluster.mapper(Mapper.builder().executor(mine));
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent).isPresent());
      String thread = work.whoami(Selector.target(agent), cluster.options())
          .thenApply(who -> Thread.currentThread().getName())
          .get(10, TimeUnit.SECONDS);
      assertEquals("callers-own", thread);
      String pushThread = work.push().whoami(Selector.target(agent), cluster.options())
          .thenApply(nothing -> Thread.currentThread().getName())
          .get(10, TimeUnit.SECONDS);
      assertTrue(pushThread.equals("callers-own") || pushThread.equals("main"),
          "a push completes on the caller's executor (or before it returned): " + pushThread);
    } finally {
      mine.shutdownNow();
    }
  }

  /**
   * An agent killed while idle keeps its listing until it misses its pings, though its queue is
   * gone at once: a call steered to it comes back from the broker and goes to the next agent,
   * and the observer sees both attempts under one call id.
   */
  @Test
  void anObserverSeesEachAttemptOfACallThatMovedOn() throws Exception {
    try (Cluster cluster = new Cluster()) {
      AgentProcess gone = cluster.agent("gone", 0, "--ping", "10000");
      String live = cluster.agent("live", 0, "--ping", "10000").identity();
      List<String> events = new CopyOnWriteArrayList<>();
      CallObserver observer = new CallObserver() {
        @Override
        public void sent(String callId, String path, String agent, int attempt) {
          events.add(callId + " sent " + agent + " #" + attempt);
        }

        @Override
        public void movedOn(String callId, String path, String agent, MoveReason reason) {
          events.add(callId + " left " + agent + " " + reason);
        }

        @Override
        public void finished(String callId, String path, String agent, Outcome outcome,
            long latencyNanos) {
          events.add(callId + " finished " + agent + " " + outcome);
        }

        @Override
        public void finished(String path, String agent, Outcome outcome, long latencyNanos) {}
      };
      Mapper mapper = cluster.mapper(Mapper.builder().observer(observer));
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows both", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(gone.identity(), live)).size() == 2);

      gone.kill();
      awaitQueueGone(cluster.uri(), gone.identity());
      assertTrue(mapper.agent(gone.identity()).isPresent(), "still listed: its pings are 10 s");
      Selector.Single goneFirst = Selector.custom("gone first", candidates -> candidates.stream()
          .filter(a -> a.identity().equals(gone.identity())).findFirst()
          .orElse(candidates.get(0)));
      assertEquals(live, work.whoami(goneFirst, cluster.options()).get(10, TimeUnit.SECONDS));

      Await.until("the observer heard the end", Duration.ofSeconds(5),
          () -> events.stream().anyMatch(e -> e.contains(" finished ")));
      String id = events.get(0).substring(0, events.get(0).indexOf(' '));
      assertEquals(List.of(
          id + " sent " + gone.identity() + " #1",
          id + " left " + gone.identity() + " RETURNED",
          id + " sent " + live + " #2",
          id + " finished " + live + " OK"), events);
    }
  }

  /** Waits until the broker has dropped the queue of a dead agent (a passive declare fails). */
  static void awaitQueueGone(String uri, String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    try (Connection connection = factory.newConnection("queue-watch")) {
      Await.until("the broker drops " + queue, Duration.ofSeconds(10), () -> {
        try (Channel channel = connection.createChannel()) {
          channel.queueDeclarePassive(queue);
          return false;
        } catch (IOException e) {
          return true; // 404: the channel closed with it
        } catch (Exception e) {
          return false;
        }
      });
    }
  }
}
