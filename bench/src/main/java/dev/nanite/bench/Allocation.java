package dev.nanite.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by every thread of this JVM over a stretch of work, from the JVM's per-thread
 * allocation counters (threads that end during the stretch are missed, so run it on warm pools).
 */
public final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> before;

  private Allocation(Map<Long, Long> before) {
    this.before = before;
  }

  /** Starts counting. */
  public static Allocation start() {
    return new Allocation(snapshot());
  }

  /** Bytes allocated since {@link #start()}, by all threads. */
  public long bytes() {
    long total = 0;
    for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  private static Map<Long, Long> snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }
}
