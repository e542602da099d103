package dev.nanite.internal.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Completing confirmed messages' futures off the I/O thread, one task at a time. */
class SettlementsTest {
  /** Runs nothing until told to, so a test sees what was handed over. */
  private static final class Manual implements java.util.concurrent.Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    int submitted;

    @Override
    public void execute(Runnable task) {
      submitted++;
      tasks.add(task);
    }

    void runAll() {
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        task.run();
      }
    }
  }

  @Test
  void settlementsWaitingForOneTaskAreCompletedByItInOrder() {
    Manual executor = new Manual();
    Settlements settlements = new Settlements(executor);
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CompletableFuture<Void> future = new CompletableFuture<>();
      int n = i;
      future.thenRun(() -> order.add(n));
      futures.add(future);
      settlements.settle(List.of(future), null);
    }
    assertEquals(1, executor.submitted, "one task for all five, not one each");
    assertTrue(futures.stream().noneMatch(CompletableFuture::isDone),
        "nothing completes on the settling (I/O) thread");
    executor.runAll();
    assertEquals(List.of(0, 1, 2, 3, 4), order);
    CompletableFuture<Void> later = new CompletableFuture<>();
    settlements.settle(List.of(later), null);
    assertEquals(2, executor.submitted, "a settlement after the drain gets a task of its own");
    executor.runAll();
    assertTrue(later.isDone());
  }

  @Test
  void aSettlementMadeByADependentIsTakenByTheRunningTask() {
    Manual executor = new Manual();
    Settlements settlements = new Settlements(executor);
    CompletableFuture<Void> second = new CompletableFuture<>();
    CompletableFuture<Void> first = new CompletableFuture<>();
    first.thenRun(() -> settlements.settle(List.of(second), null));
    settlements.settle(List.of(first), null);
    executor.runAll();
    assertTrue(second.isDone());
    assertEquals(1, executor.submitted);
  }

  @Test
  void aRefusalFailsEveryFutureWithIt() {
    Manual executor = new Manual();
    Settlements settlements = new Settlements(executor);
    IOException nack = new IOException("nack");
    CompletableFuture<Void> a = new CompletableFuture<>();
    CompletableFuture<Void> b = new CompletableFuture<>();
    settlements.settle(List.of(a, b), nack);
    settlements.settle(List.of(), null);
    assertEquals(1, executor.submitted, "nothing to complete needs no task");
    executor.runAll();
    ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> b.get(0, TimeUnit.SECONDS));
    assertSame(nack, failure.getCause());
    assertTrue(a.isCompletedExceptionally());
  }

  @Test
  void aStoppedExecutorLeavesNoFutureWaiting() {
    Settlements settlements = new Settlements(task -> {
      throw new RejectedExecutionException("stopped");
    });
    CompletableFuture<Void> future = new CompletableFuture<>();
    settlements.settle(List.of(future), new IOException("connection closed"));
    assertTrue(future.isCompletedExceptionally());
  }

  @Test
  void concurrentSettlementsAllCompleteInOrderOneAtATime() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Settlements settlements = new Settlements(pool);
    int threads = 4;
    int each = 20_000;
    AtomicInteger completing = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger outOfOrder = new AtomicInteger();
    int[] lastSeen = new int[threads]; // read and written only while completing, one at a time
    List<CompletableFuture<Void>> all = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> settlers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int settlerIndex = t;
      Thread settler = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 1; i <= each; i++) {
          CompletableFuture<Void> future = new CompletableFuture<>();
          int seq = i;
          future.thenRun(() -> {
            if (completing.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            if (lastSeen[settlerIndex] != seq - 1) {
              outOfOrder.incrementAndGet();
            }
            lastSeen[settlerIndex] = seq;
            completing.decrementAndGet();
          });
          all.add(future);
          settlements.settle(List.of(future), null);
        }
      });
      settler.start();
      settlers.add(settler);
    }
    start.countDown();
    for (Thread settler : settlers) {
      settler.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(settler.isAlive(), "settling took over 30 s");
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertEquals(threads * each, all.size());
    assertEquals(0, overlaps.get(), "two threads completed futures at the same time");
    assertEquals(0, outOfOrder.get(), "futures completed out of the order they were settled in");
    pool.shutdown();
  }
}
