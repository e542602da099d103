package dev.nanite.internal.mapper;

import dev.nanite.AgentInfo;
import dev.nanite.RegistryListener;
import dev.nanite.internal.amqp.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registry listeners of each change in the order the registry changed, one event at a
 * time, without holding a lock while a listener runs. Registrations, unregistrations and
 * evictions come on different threads: a change and its event are queued together under this
 * object's monitor, and whichever thread finds nobody telling tells every queued event, so an
 * agent's {@code registered} can never reach a listener after its {@code unregistered}.
 */
final class RegistryEvents {
  private static final Logger log = LoggerFactory.getLogger(RegistryEvents.class);

  private final String mapper;
  private final List<RegistryListener> listeners;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>(); // guarded by this
  private boolean telling; // guarded by this

  RegistryEvents(String mapper, List<RegistryListener> listeners) {
    this.mapper = mapper;
    this.listeners = listeners;
  }

  /**
   * Queues {@code event} about {@code agent}, as the registry has it now. Call while holding
   * this object's monitor, together with the registry change it reports.
   */
  void add(AgentState agent, BiConsumer<RegistryListener, AgentInfo> event) {
    assert Thread.holdsLock(this);
    if (agent == null || listeners.isEmpty()) {
      return;
    }
    AgentInfo info = agent.snapshot();
    queue.add(() -> {
      for (RegistryListener listener : listeners) {
        try {
          event.accept(listener, info);
        } catch (RuntimeException e) {
          warnings.warn("listener", "Mapper {}: a registry listener failed: {}", mapper,
              e.toString());
        }
      }
    });
  }

  /**
   * Tells the listeners every queued event, unless another thread is doing so already (that
   * thread then tells these too), or this one is, from a listener. Call without the monitor.
   */
  void tell() {
    synchronized (this) {
      if (telling || queue.isEmpty()) {
        return;
      }
      telling = true;
    }
    boolean done = false;
    try {
      while (true) {
        Runnable next;
        synchronized (this) {
          next = queue.poll();
          if (next == null) {
            telling = false;
            done = true;
            return;
          }
        }
        next.run();
      }
    } finally {
      if (!done) { // an Error escaped a listener: let the next change tell what is left
        synchronized (this) {
          telling = false;
        }
      }
    }
  }
}
