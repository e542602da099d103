package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.internal.context.Cancellation;
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
    CountDownLatch interrupted = new CountDownLatch(1);
    boolean[] told = new boolean[1];
    Thread call = new Thread(() -> {
      Deadlines.Slot slot = deadlines.start(System.currentTimeMillis() + 20, new Cancellation());
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      told[0] = deadlines.finish(slot);
    });
    call.start();
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "interrupted at its deadline");
    call.join(5_000);
    assertTrue(told[0], "finish says it was interrupted");
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

    CountDownLatch interrupted = new CountDownLatch(1);
    Thread call = new Thread(() -> {
      Deadlines.Slot slot = deadlines.start(System.currentTimeMillis() + 20, new Cancellation());
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      deadlines.finish(slot);
    });
    call.start();
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "interrupted at its deadline");
    call.join(5_000);
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
    CountDownLatch interrupted = new CountDownLatch(1);
    Thread call = new Thread(() -> {
      Deadlines.Slot slot = deadlines.start(System.currentTimeMillis() + 20, cancellation);
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      deadlines.finish(slot);
    });
    call.start();
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "interrupted at its deadline");
    call.join(5_000);
    assertEquals(java.util.Optional.of("its deadline passed"), cancellation.reason());
  }

  @Test
  void cancelledCall_isInterrupted() throws Exception {
    Cancellation cancellation = new Cancellation();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    boolean[] told = new boolean[1];
    Thread call = new Thread(() -> {
      Deadlines.Slot slot = deadlines.start(System.currentTimeMillis() + 60_000, cancellation);
      started.countDown();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      told[0] = deadlines.finish(slot);
    });
    call.start();
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertTrue(cancellation.cancel("cancelled by its caller"));
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "interrupted by the cancel");
    call.join(5_000);
    assertTrue(told[0], "finish says it was interrupted");
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

  private static void awaitTrue(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }
}
