package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.internal.context.Cancellation;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls past their deadline are interrupted; with no call running, the timer is left alone. */
class DeadlinesTest {
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final Deadlines deadlines = new Deadlines(timer);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void idle_schedulesNothing() {
    assertEquals(0, timer.getQueue().size(), "no look without a call");
    assertEquals(0, timer.getCompletedTaskCount());
  }

  @Test
  void callPastItsDeadline_interruptedThenLooksStop() throws Exception {
    SleepingCall call = new SleepingCall(System.currentTimeMillis() + 20, new Cancellation());
    call.awaitInterrupted("at its deadline");
    assertTrue(call.told, "finish says it was interrupted");
    // No look running (one that runs may schedule the next) and none scheduled, in that order.
    awaitTrue("the looks stop once no call runs",
        () -> timer.getActiveCount() == 0 && timer.getQueue().isEmpty());
    long looks = timer.getCompletedTaskCount();
    Thread.sleep(4 * Deadlines.LOOK_MILLIS); // time for looks that should not happen
    assertEquals(looks, timer.getCompletedTaskCount(), "no look while idle");
  }

  @Test
  void callAfterTheLooksStopped_startsThemAgain() throws Exception {
    Deadlines.Slot quick = deadlines.start(System.currentTimeMillis() + 60_000, new Cancellation());
    assertFalse(deadlines.finish(quick));
    awaitTrue("the looks stop once no call runs",
        () -> timer.getActiveCount() == 0 && timer.getQueue().isEmpty());

    new SleepingCall(System.currentTimeMillis() + 20, new Cancellation())
        .awaitInterrupted("at its deadline");
  }

  @Test
  void noDeadline_noLook() {
    Deadlines.Slot slot = deadlines.start(0, new Cancellation());
    assertEquals(0, timer.getQueue().size());
    assertFalse(deadlines.finish(slot));
  }

  @Test
  void callPastItsDeadline_isCancelledWithTheReason() throws Exception {
    Cancellation cancellation = new Cancellation();
    new SleepingCall(System.currentTimeMillis() + 20, cancellation)
        .awaitInterrupted("at its deadline");
    assertEquals(Optional.of("its deadline passed"), cancellation.reason());
  }

  @Test
  void cancelledCall_isInterrupted() throws Exception {
    Cancellation cancellation = new Cancellation();
    SleepingCall call = new SleepingCall(System.currentTimeMillis() + 60_000, cancellation);
    assertTrue(call.started.await(5, TimeUnit.SECONDS));
    assertTrue(cancellation.cancel("cancelled by its caller"));
    call.awaitInterrupted("by the cancel");
    assertTrue(call.told, "finish says it was interrupted");
    assertFalse(cancellation.cancel("again"), "cancelled once");
  }

  @Test
  void aLateCancelMissesTheThreadsNextCall() {
    Cancellation first = new Cancellation();
    Deadlines.Slot done = deadlines.start(System.currentTimeMillis() + 60_000, first);
    assertFalse(deadlines.finish(done));
    Deadlines.Slot next = deadlines.start(System.currentTimeMillis() + 60_000,
        new Cancellation());
    first.cancel("cancelled by its caller, after it ended");
    assertFalse(Thread.currentThread().isInterrupted(), "the next call was not interrupted");
    assertFalse(deadlines.finish(next));
  }

  /** A call on a thread of its own that sleeps until it is interrupted. */
  private final class SleepingCall {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final Thread thread;
    volatile boolean told;

    SleepingCall(long deadlineMillis, Cancellation cancellation) {
      thread = new Thread(() -> {
        Deadlines.Slot slot = deadlines.start(deadlineMillis, cancellation);
        started.countDown();
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        told = deadlines.finish(slot);
      });
      thread.start();
    }

    void awaitInterrupted(String how) throws InterruptedException {
      assertTrue(interrupted.await(5, TimeUnit.SECONDS), "interrupted " + how);
      thread.join(5_000);
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }
}
