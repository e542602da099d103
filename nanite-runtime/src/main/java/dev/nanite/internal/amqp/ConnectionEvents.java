package dev.nanite.internal.amqp;

import dev.nanite.ConnectionListener;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an agent or a mapper is connected in the sense its user cares about (connected, and
 * its queues consumed again after a reconnect), and the {@link ConnectionListener} events that
 * say when that changes, told in order on a thread of their own.
 *
 * <p>A loss is reported by {@link ConnectionState}'s listener, which runs on a notification
 * thread, and readiness by whoever resubscribed the queues, on another: so each loss carries its
 * number ({@link ConnectionState#losses()}), and {@link #ready} first takes any loss it has not
 * been told of yet. A loss reported late, after the reconnect it preceded, is then still told
 * before that reconnect and never leaves the state "disconnected" while connected.
 */
public final class ConnectionEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionEvents.class);

  private final ConnectionState state;
  private final String name;
  private final List<ConnectionListener> listeners;
  private final Executor executor;
  private volatile boolean ready = true;
  private long lossesTold; // guarded by this

  /**
   * Events run on {@code executor}, which must run tasks one at a time in order.
   *
   * @param name names the owner in logs, such as {@code Agent a1}
   */
  ConnectionEvents(ConnectionState state, String name, List<ConnectionListener> listeners,
      Executor executor) {
    this.state = state;
    this.name = name;
    this.listeners = List.copyOf(listeners);
    this.executor = executor;
  }

  /**
   * Events for {@code listeners}, on a thread named {@code threadName} that exists only while
   * an event is being told (and a few seconds after), so that an owner without listeners, or
   * whose connection holds, has none.
   */
  public static ConnectionEvents create(ConnectionState state, String name, String threadName,
      List<ConnectionListener> listeners) {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
    return new ConnectionEvents(state, name, listeners, executor);
  }

  /** Whether the owner is connected and ready. */
  public boolean isConnected() {
    return ready && state.isUp();
  }

  /** The connection was lost (once or more since the last call): tells it once. */
  public synchronized void lost() {
    long losses = state.losses();
    if (losses > lossesTold) {
      lossesTold = losses;
      if (ready) {
        ready = false;
        String reason = state.lossReason();
        tell(listener -> listener.disconnected(reason));
      }
    }
  }

  /**
   * The owner is ready again: its queues are consumed again after a reconnect. Tells first any
   * loss not told yet; changes nothing while the connection is down (it was lost again
   * meanwhile: the next call of this, after the next reconnect, tells that).
   */
  public synchronized void ready() {
    lost();
    if (!ready && state.isUp()) {
      ready = true;
      tell(ConnectionListener::reconnected);
    }
  }

  private void tell(java.util.function.Consumer<ConnectionListener> event) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      executor.execute(() -> {
        for (ConnectionListener listener : listeners) {
          try {
            event.accept(listener);
          } catch (RuntimeException e) {
            log.warn("{}: a connection listener failed: {}", name, e.toString());
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("{}: closed; a connection event is not told", name);
    }
  }

  /** Tells no new events; those already queued are still told, then the thread ends. */
  @Override
  public void close() {
    if (executor instanceof ExecutorService service) {
      service.shutdown();
    }
  }
}
