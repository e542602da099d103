package dev.nanite.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU time over a stretch of work, split between the broker and everyone else (mapper, agents,
 * baseline clients, the load driver), so a result can say whether the broker or the client side
 * is the limit. The broker is the embedded broker's threads, or a broker process on this host
 * ({@link BrokerProcess}). Threads that end during the stretch are missed, so run it on warm
 * pools.
 */
public final class CpuTime {
  private static final Logger log = LoggerFactory.getLogger(CpuTime.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> before;
  private final Map<Long, Boolean> broker = new HashMap<>();
  private final long switchesBefore = contextSwitches();
  private final BrokerProcess process;
  private final long processBefore;

  private CpuTime(BrokerProcess process) throws java.io.IOException {
    this.process = process;
    this.processBefore = process == null ? 0 : process.cpuNanos();
    this.before = snapshot();
  }

  /** Starts counting, with the broker process of {@code bench} if it has one. */
  public static CpuTime start(Bench bench) throws java.io.IOException {
    return new CpuTime(bench.brokerProcess());
  }

  /**
   * CPU nanoseconds since {@link #start}: [the broker (its threads here, or its process), all
   * other threads of this JVM].
   */
  public long[] nanos() throws java.io.IOException {
    long[] split = new long[2];
    if (process != null) {
      split[0] = process.cpuNanos() - processBefore;
    }
    for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
      long used = now.getValue() - before.getOrDefault(now.getKey(), 0L);
      split[broker.getOrDefault(now.getKey(), false) ? 0 : 1] += used;
    }
    return split;
  }

  /** CPU nanoseconds since {@link #start()} per thread name, digits folded ("pool-#-thread-#"). */
  public Map<String, Long> byThreadName() {
    Map<String, Long> byName = new TreeMap<>();
    for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
      ThreadInfo info = THREADS.getThreadInfo(now.getKey());
      String name = info == null ? "?" : info.getThreadName().replaceAll("[0-9a-f]{6,}|\\d+", "#");
      byName.merge(name, now.getValue() - before.getOrDefault(now.getKey(), 0L), Long::sum);
    }
    return byName;
  }

  /** Logs CPU µs per call by thread name, to see which side a difference comes from. */
  public void logPerCall(int calls) {
    if (log.isInfoEnabled()) {
      Map<String, String> perCall = new TreeMap<>();
      byThreadName().forEach((name, used) -> {
        if (used > 0) {
          perCall.put(name, String.format(Locale.ROOT, "%.1f", used / 1e3 / calls));
        }
      });
      log.info("CPU µs per call by thread: {}", perCall);
      long switches = contextSwitches() - switchesBefore;
      if (switchesBefore >= 0 && switches >= 0) {
        log.info("context switches per call, whole JVM: {}",
            String.format(Locale.ROOT, "%.2f", (double) switches / calls));
      }
    }
  }

  /**
   * Voluntary and involuntary context switches of this JVM's live threads so far (Linux's
   * /proc), or -1 where they cannot be read: each is a thread parking or being preempted, which
   * can cost more than the small piece of work handed between threads.
   */
  private static long contextSwitches() {
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return -1;
    }
    long total = 0;
    for (java.io.File task : tasks) {
      try {
        for (String line : java.nio.file.Files.readAllLines(task.toPath().resolve("status"))) {
          if (line.startsWith("voluntary_ctxt_switches:")
              || line.startsWith("nonvoluntary_ctxt_switches:")) {
            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
          }
        }
      } catch (java.io.IOException | NumberFormatException e) {
        // the thread ended while reading: its switches are lost, as its CPU time is
      }
    }
    return total;
  }

  private Map<Long, Long> snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long nanos = THREADS.getThreadCpuTime(id);
      if (nanos < 0) {
        continue;
      }
      cpu.put(id, nanos);
      broker.computeIfAbsent(id, CpuTime::isBroker);
    }
    return cpu;
  }

  private static boolean isBroker(long id) {
    ThreadInfo info = THREADS.getThreadInfo(id);
    if (info == null) {
      return false;
    }
    String name = info.getThreadName();
    // Qpid Broker-J's threads: its virtual host's I/O and task pools and the selector that
    // feeds the I/O pool, the broker's and the node's configuration threads, and its
    // housekeeping.
    return name.startsWith("virtualhost-") || name.startsWith("Selector-")
        || name.startsWith("Broker-")
        || name.startsWith("VirtualHostNode-") || name.startsWith("IO-")
        || name.contains("Housekeeping") || name.startsWith("QpidBroker");
  }
}
