package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The actor pool's queue: it wakes a waiting thread only when its rule says so. */
class CallQueueTest {
  private final CallQueue queue = new CallQueue();

  @Test
  void aCallTheRuleLetsWaitStaysQueuedUntilAThreadIsWoken() throws Exception {
    AtomicBoolean wake = new AtomicBoolean(false);
    queue.wakeWhen(queued -> wake.get());
    CompletableFuture<Runnable> taken = waitingThread();
    Runnable call = () -> { };
    queue.offer(call);
    // Not woken: the thread still waits and the call is still queued (a woken thread would
    // have taken it, or would be taking it under the lock these checks take).
    assertTrue(queue.hasWaitingThread());
    assertEquals(1, queue.size());
    assertFalse(taken.isDone());

    assertTrue(queue.wakeOne());
    assertSame(call, taken.get(10, TimeUnit.SECONDS));
    assertFalse(queue.wakeOne(), "nobody waits any more");
  }

  @Test
  void aCallTheRuleSaysNeedsAThreadWakesOne() throws Exception {
    queue.wakeWhen(queued -> true);
    CompletableFuture<Runnable> taken = waitingThread();
    Runnable call = () -> { };
    queue.offer(call);
    assertSame(call, taken.get(10, TimeUnit.SECONDS));
  }

  @Test
  void theRuleIsAskedOnlyWhileAThreadWaitsAndToldHowManyCallsAreQueued() throws Exception {
    List<Integer> asked = new ArrayList<>();
    queue.wakeWhen(queued -> {
      asked.add(queued);
      return false;
    });
    queue.offer(() -> { }); // nobody waits: nobody to wake
    assertEquals(List.of(), asked);
    assertTrue(queue.poll() != null);
    CompletableFuture<Runnable> taken = waitingThread();
    queue.offer(() -> { });
    assertEquals(List.of(1), asked);
    assertTrue(queue.wakeOne());
    taken.get(10, TimeUnit.SECONDS);
  }

  @Test
  void pollGivesUpAfterItsTimeoutAndDrainEmptiesInOrder() throws Exception {
    assertNull(queue.poll(1, TimeUnit.MILLISECONDS));
    Runnable first = () -> { };
    Runnable second = () -> { };
    queue.offer(first);
    queue.offer(second);
    assertSame(first, queue.peek());
    List<Runnable> drained = new ArrayList<>();
    assertEquals(2, queue.drainTo(drained));
    assertEquals(List.of(first, second), drained);
    assertTrue(queue.isEmpty());
  }

  /** A thread waiting in poll, as an idle pool thread does; returns once it is parked. */
  private CompletableFuture<Runnable> waitingThread() {
    CompletableFuture<Runnable> taken = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        taken.complete(queue.poll(30, TimeUnit.SECONDS));
      } catch (Throwable e) {
        taken.completeExceptionally(e);
      }
    });
    thread.setDaemon(true);
    thread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // Parked in the wait itself, not between counting itself and its last look at the queue.
    while (!queue.hasWaitingThread() || thread.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "the thread never started waiting");
      Thread.onSpinWait();
    }
    return taken;
  }
}
