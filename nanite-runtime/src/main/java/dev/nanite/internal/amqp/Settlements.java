package dev.nanite.internal.amqp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the futures of confirmed (or refused) messages off the connection's I/O thread,
 * where confirms arrive, in the order they were settled, with at most one task on the executor
 * at a time: confirms that arrive while a task runs join its queue instead of waking another
 * thread.
 *
 * <p>Why: a task per confirm frame woke an idle executor thread for almost every frame, since
 * under load the broker confirms a message or two at a time. The push benchmark measured about
 * twice the context switches per message of plain amqp-client, which completes its futures on
 * the I/O thread; a library cannot, because whatever depends on a future would run there.
 * Thread-safe.
 */
final class Settlements {
  private static final Logger log = LoggerFactory.getLogger(Settlements.class);

  private record Settled(List<CompletableFuture<Void>> futures, Throwable error) {}

  private final Executor executor;
  private final ConcurrentLinkedQueue<Settled> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  Settlements(Executor executor) {
    this.executor = executor;
  }

  /** Completes {@code futures}, normally if {@code error} is null, else with it. */
  void settle(List<CompletableFuture<Void>> futures, Throwable error) {
    if (futures.isEmpty()) {
      return;
    }
    queue.add(new Settled(futures, error));
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException stopping) {
        // The owner is closing and its executor takes no more work: nobody is left to see
        // these futures but their callers, who must not be left waiting.
        log.debug("completing confirms on the calling thread: the executor is stopping");
        drain();
      }
    }
  }

  private void drain() {
    while (true) {
      for (Settled settled = queue.poll(); settled != null; settled = queue.poll()) {
        for (CompletableFuture<Void> future : settled.futures()) {
          if (settled.error() == null) {
            future.complete(null);
          } else {
            future.completeExceptionally(settled.error());
          }
        }
      }
      scheduled.set(false);
      // A settlement queued after the last poll but before the reset found `scheduled` still
      // set and left its work to this drain: take it, unless a new drain already has.
      if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
