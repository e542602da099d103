package dev.nanite.bench.scale;

import dev.nanite.Agent;
import dev.nanite.Broker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many agents in one JVM, each with its own identity, connection and queue, so that SIGKILL of
 * this JVM is that many agents crashing at once (no unregistration; the broker drops their
 * exclusive queues with the connections).
 *
 * <p>Options: {@code --uri U --prefix P --count N --ping MILLIS --tag T} and optionally
 * {@code --parallel K} (agents started side by side, default 4), {@code --heartbeat
 * shared|own} (amqp-client's heartbeat timer: one for all agents of this JVM, the default, or
 * one thread per connection as amqp-client makes by default), {@code --threads true} (print the
 * live threads by name). Identities are {@code P-0} to {@code P-(N-1)}.
 *
 * <p>Prints {@code COST agents=M threads=T heapBytes=H rssBytes=R startMillis=S allMillis=A}:
 * what the agents after the first (M = N - 1) added to this JVM (heap after a full GC) and how
 * long they took to start; the first starts alone, as it loads the classes and makes what all
 * share. A is the time all N took. Then {@code READY P N} once every agent has started: connected, consuming its queue, registration sent. Serves until its standard
 * input ends (the parent is gone, even SIGKILLed itself), so that no host outlives its run.
 */
public final class AgentHostMain {
  private AgentHostMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String uri = options.get("uri");
    String prefix = options.get("prefix");
    int count = Integer.parseInt(options.get("count"));
    Duration ping = Duration.ofMillis(Long.parseLong(options.get("ping")));
    String tag = options.get("tag");
    int parallel = Integer.parseInt(options.getOrDefault("parallel", "4"));
    boolean sharedHeartbeat = !"own".equals(options.get("heartbeat"));

    // amqp-client gives every connection a thread of its own for its heartbeats unless the
    // factory names an executor; one timer sends them all here (a heartbeat is one small write).
    ScheduledExecutorService heartbeats = sharedHeartbeat
        ? Executors.newSingleThreadScheduledExecutor(daemon("amqp-heartbeats")) : null;

    long started = System.nanoTime();
    List<Agent> agents = new ArrayList<>();
    ExecutorService starter = Executors.newFixedThreadPool(parallel, daemon("agent-starter"));
    long threadsBefore = 0;
    long heapBefore = 0;
    long rssBefore = 0;
    long restStarted = 0;
    try {
      // The first agent alone: it loads the classes and makes what all agents share, which the
      // per-agent figures below leave out by counting from after it.
      agents.add(start(uri, prefix + "-0", ping, tag, heartbeats));
      threadsBefore = liveThreads();
      heapBefore = heapAfterGc();
      rssBefore = rss();
      restStarted = System.nanoTime();
      List<Future<Agent>> starting = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        String identity = prefix + "-" + i;
        starting.add(starter.submit(() -> start(uri, identity, ping, tag, heartbeats)));
      }
      for (Future<Agent> agent : starting) {
        agents.add(agent.get());
      }
    } catch (Exception e) {
      System.out.println("FAILED " + prefix + ": " + e);
      System.out.flush();
      e.printStackTrace();
      System.exit(1);
    }
    long startMillis = (System.nanoTime() - started) / 1_000_000;
    long restMillis = (System.nanoTime() - restStarted) / 1_000_000;
    starter.shutdown();
    starter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS); // not counted as agents'
    int rest = count - 1;
    System.out.println("COST agents=" + rest + " threads=" + (liveThreads() - threadsBefore)
        + " heapBytes=" + (heapAfterGc() - heapBefore) + " rssBytes=" + (rss() - rssBefore)
        + " startMillis=" + restMillis + " allMillis=" + startMillis);
    if (Boolean.parseBoolean(options.getOrDefault("threads", "false"))) {
      System.out.println("THREADS " + threadsByName());
    }
    System.out.println("READY " + prefix + " " + count);
    System.out.flush();
    while (System.in.read() != -1) {
      // nothing is ever written; we only wait for the end
    }
    System.exit(0); // as a crash would: no unregistration
  }

  private static Agent start(String uri, String identity, Duration ping, String tag,
      ScheduledExecutorService heartbeats) {
    Broker.Builder broker = Broker.builder(uri);
    if (heartbeats != null) {
      broker.connectionFactory(factory -> factory.setHeartbeatExecutor(heartbeats));
    }
    return Agent.builder()
        .broker(broker.build())
        .identity(identity)
        .pingInterval(ping)
        .tags(tag)
        .status(() -> 0) // a fixed status: the load average costs a system call per ping
        .actor(new MemberActor(identity))
        .start();
  }

  private static long liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /**
   * The live heap: what the heap's pools held as a full collection ended (not the use read
   * afterwards, which counts in full any allocation buffer a thread takes meanwhile).
   */
  private static long heapAfterGc() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        used += afterGc.getUsed();
      }
    }
    return used;
  }

  /** This process's resident set, from Linux's /proc; 0 elsewhere. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return 0;
  }

  /** Live threads by name, digits and identities folded. */
  private static Map<String, Integer> threadsByName() {
    Map<String, Integer> byName = new TreeMap<>();
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      String name = info.getThreadName().replaceAll("scale-[A-Za-z0-9-]+", "ID")
          .replaceAll("\\d+", "#");
      byName.merge(name, 1, Integer::sum);
    }
    return byName;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
