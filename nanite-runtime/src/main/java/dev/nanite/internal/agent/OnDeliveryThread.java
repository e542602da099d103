package dev.nanite.internal.agent;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent connection's consumer dispatch "executor": it runs amqp-client's consumer
 * callbacks on the thread that read the delivery, instead of handing each to a dispatch pool.
 *
 * <p>Why: with amqp-client's default pool a request crossed two threads before its actor ran
 * (connection reader → dispatch thread → actor thread), one more hand-off than a plain
 * amqp-client worker pays, and the request/reply benchmark measured that hop as most of the
 * gap to the baseline. {@link RequestConsumer} only parses, routes and queues the call on the
 * {@link ActorPool} (whose {@code execute} never blocks), and passes anything that may block
 * (publishing, opening a channel) to that pool, so the reader is never held up. Used only with
 * the agent's own pool: a user's executor may block or run the call in {@code execute}.
 */
final class OnDeliveryThread extends AbstractExecutorService {
  private volatile boolean shutdown;

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
