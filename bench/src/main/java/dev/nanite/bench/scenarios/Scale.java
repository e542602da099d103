package dev.nanite.bench.scenarios;

import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import dev.nanite.RegistryListener;
import dev.nanite.bench.Bench;
import dev.nanite.bench.CpuTime;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Row;
import dev.nanite.bench.Samples;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.scale.AgentHost;
import dev.nanite.bench.scale.FanoutCapacity;
import dev.nanite.internal.agent.AgentStats;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Ping;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 7: a fabric of 1,000 agents (100 to a JVM, each agent with its own identity,
 * connection and queue) and 4 mappers in this JVM. It times how soon every registry holds every
 * agent, when the agents start and when a mapper starts among them; checks that the four
 * registries stay equal to the live set over several pings; kills one agent JVM (100 agents
 * crash at once) and times how soon all four registries lose exactly those; and measures what
 * the pings cost: mapper, broker and agent CPU per ping, the mapper's heap per agent, and the
 * broker's fanout capacity against the pings a second the fabric asks of it.
 *
 * <p>{@code NANITE_BENCH_SCALE_AGENTS} sets the number of agents of a full run (default 1,000):
 * a RabbitMQ node takes as many connections as its file-descriptor limit allows (832 sockets
 * with the default 1,024), and each agent is one. {@code NANITE_BENCH_SCALE_PING_MILLIS} sets
 * its ping interval (default 2,000), to find how large a fabric an interval allows.
 */
public final class Scale implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(Scale.class);
  private static final String SCENARIO = "7 scale";
  private static final int MAPPERS = 4;
  /** Host JVMs launched side by side: each takes a core or so while its agents start. */
  private static final int LAUNCHING = 2;
  private static final Duration HOST_START = Duration.ofMinutes(3);

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    int agents = bench.size(fullSize(), 40);
    int perHost = bench.size(100, 20);
    // Short enough that a run takes a couple of minutes and its windows of a few pings hold
    // tens of thousands of pings; long enough that the mappers' agent timeout, twice that,
    // leaves a loaded two-core host a ping's worth of slack. (At 1 s, with the embedded broker
    // in the mappers' JVM and a load average of 20, starting 1,000 agents delayed pings past
    // the timeout.)
    Duration ping = Duration.ofMillis(bench.size(fullPing(), 500));
    Duration agentTimeout = ping.multipliedBy(2); // the mapper's default for that interval
    int windowPings = bench.size(5, 2);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "scale-" + run;
    // One line per agent and mapper as each registers is 4,000 lines: keep the warnings only.
    // (Read when the class's logger is made, which in a forked run is the first mapper.)
    System.setProperty("org.slf4j.simpleLogger.log.dev.nanite.internal.mapper.Membership",
        "warn");

    // A mapper's heap before it knows any agent: that of the second (the first also makes
    // what all mappers of a JVM share).
    List<Mapper> mappers = new ArrayList<>();
    List<Watch> watches = new ArrayList<>();
    for (int i = 0; i < MAPPERS; i++) {
      watches.add(new Watch(prefix));
    }
    mappers.add(mapper(bench, watches.get(0), agentTimeout));
    long beforeSecond = heapAfterGc();
    mappers.add(mapper(bench, watches.get(1), agentTimeout));
    long emptyMapperHeap = heapAfterGc() - beforeSecond;

    // The agents, with two mappers listening.
    List<AgentHost> hosts = new ArrayList<>();
    Set<String> everyone = new HashSet<>();
    int hostCount = (agents + perHost - 1) / perHost;
    for (int h = 0; h < hostCount; h++) {
      int count = Math.min(perHost, agents - h * perHost);
      AgentHost host = bench.track(AgentHost.launchLater(bench.uri(), prefix + "-h" + h, count,
          ping, run));
      hosts.add(host);
      everyone.addAll(host.identities());
    }
    long launched = System.nanoTime();
    long lastReady = startAll(hosts);
    log.info("{} agents in {} JVMs started in {} ms", agents, hostCount,
        (lastReady - launched) / 1_000_000);
    for (int i = 0; i < 2; i++) {
      watches.get(i).awaitAll(everyone, Duration.ofSeconds(60));
    }
    long lastJoin = Math.max(watches.get(0).lastJoinNanos(), watches.get(1).lastJoinNanos());
    double joinAfterStart = Math.max(0, millis(lastJoin - lastReady));
    double startup = millis(lastJoin - launched);

    // Two mappers start among them: they ask every agent to register.
    long beforeLate = heapAfterGc();
    long[] startedAt = new long[MAPPERS];
    for (int i = 2; i < MAPPERS; i++) {
      startedAt[i] = System.nanoTime();
      mappers.add(mapper(bench, watches.get(i), agentTimeout));
    }
    double mapperLearns = 0;
    for (int i = 2; i < MAPPERS; i++) {
      watches.get(i).awaitAll(everyone, Duration.ofSeconds(60));
      mapperLearns = Math.max(mapperLearns, millis(watches.get(i).lastJoinNanos() - startedAt[i]));
      double[] joins = watches.get(i).joinedAfter(startedAt[i]);
      log.info("mapper {} started among the agents: it knew the first after {} ms, half after {}"
          + " ms, 90 % after {} ms, all after {} ms; {} registrations again meanwhile", i,
          joins[0], joins[joins.length / 2], joins[joins.length * 9 / 10],
          joins[joins.length - 1], watches.get(i).reregistrations());
    }
    log.info("the 2 mappers already running heard {} and {} registrations again", watches.get(0)
        .reregistrations(), watches.get(1).reregistrations());
    int known = mappers.get(2).agents().size(); // every agent it holds, ours or not
    long lateHeap = heapAfterGc() - beforeLate;
    double heapPerAgent = (lateHeap - 2.0 * emptyMapperHeap) / (2.0 * known);
    log.info("two mappers knowing {} agents: {} bytes of heap; an empty one {} bytes", known,
        lateHeap, emptyMapperHeap);

    // Consistency: the four registries, sampled four times a ping, against the live set.
    int changesBefore = changes(watches);
    int samples = 0;
    int differing = 0;
    long windowEnd = System.nanoTime() + ping.multipliedBy(windowPings).toNanos();
    differing += registriesDiffering(mappers, prefix, everyone);
    while (System.nanoTime() < windowEnd) {
      for (Watch watch : watches) {
        samples++;
        if (!watch.live().equals(everyone)) {
          differing++;
        }
      }
      Thread.sleep(ping.toMillis() / 4); // the sampling period, not a wait for anything
    }
    differing += registriesDiffering(mappers, prefix, everyone);
    int spurious = changes(watches) - changesBefore;
    log.info("consistency: {} of {} samples differed from the live set; {} registry changes",
        differing, samples, spurious);

    // What pings cost, over a window in which nothing else happens: this thread only waits.
    long pingsBefore = pingsSent(mappers.get(0));
    long agentCpuBefore = hostsCpu(hosts);
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long ownBefore = threads.getCurrentThreadCpuTime();
    CpuTime cpu = CpuTime.start(bench);
    Thread.sleep(ping.multipliedBy(windowPings).toMillis()); // the measurement window
    long[] nanos = cpu.nanos();
    nanos[1] -= threads.getCurrentThreadCpuTime() - ownBefore; // this thread's: measuring
    long agentCpu = hostsCpu(hosts) - agentCpuBefore;
    long pingsSent = pingsSent(mappers.get(0)) - pingsBefore;
    long pingsReceived = pingsSent * MAPPERS;
    cpu.logPerCall((int) Math.max(1, pingsReceived));
    double mapperCpuPerPing = nanos[1] / 1e3 / pingsReceived;
    double brokerCpuPerPing = bench.brokerCpu() == null ? Double.NaN
        : nanos[0] / 1e3 / pingsReceived;
    double agentCpuPerPing = agentCpu / 1e3 / pingsSent;
    log.info("{} pings sent, {} received in {} pings' time; expected {}", pingsSent,
        pingsReceived, windowPings, (long) agents * windowPings);

    // Live agents a registry dropped at any time so far, start-up and mapper starts included.
    int evictedAlive = watches.stream().mapToInt(Watch::removals).sum();

    // One JVM of agents crashes.
    AgentHost victim = hosts.get(0);
    Set<String> killed = new HashSet<>(victim.identities());
    Set<String> survivors = new HashSet<>(everyone);
    survivors.removeAll(killed);
    int changesBeforeKill = changes(watches);
    long killedAt = System.nanoTime();
    victim.kill();
    Duration removalDeadline = agentTimeout.multipliedBy(3).plusSeconds(10);
    for (Watch watch : watches) {
      watch.awaitGone(killed, removalDeadline);
    }
    long lastRemoval = 0;
    long firstRemoval = Long.MAX_VALUE;
    for (Watch watch : watches) {
      for (String identity : killed) {
        long at = watch.removedAt(identity);
        lastRemoval = Math.max(lastRemoval, at);
        firstRemoval = Math.min(firstRemoval, at);
      }
    }
    int wronglyRemoved = changes(watches) - changesBeforeKill - killed.size() * MAPPERS;
    wronglyRemoved += registriesDiffering(mappers, prefix, survivors);
    double allGone = millis(lastRemoval - killedAt);
    log.info("{} killed agents out of all {} registries {} to {} ms after SIGKILL", killed.size(),
        MAPPERS, millis(firstRemoval - killedAt), allGone);

    // The broker alone, for the sizing note: close the fabric first.
    for (Mapper mapper : mappers) {
      mapper.close();
    }
    for (AgentHost host : hosts) {
      host.close();
    }
    int pingBytes = pingBytes(prefix + "-h99-99");
    Duration warmup = Duration.ofSeconds(bench.size(3, 1));
    Duration measure = Duration.ofSeconds(bench.size(5, 1));
    double capacity = FanoutCapacity.deliveriesPerSecond(bench.uri(), MAPPERS, MAPPERS, pingBytes,
        warmup, measure);
    double pingsPerSecond = (double) agents * MAPPERS * 1_000 / ping.toMillis();
    log.info("fanout capacity {} deliveries/s of {} bytes; the fabric asks {}/s", capacity,
        pingBytes, pingsPerSecond);

    List<Row> rows = new ArrayList<>();
    String setting = " (" + agents + " agents in " + hostCount + " JVMs, " + MAPPERS
        + " mappers, ping " + ping.toMillis() + " ms)";
    String bound = "≤ 1 ping (" + ping.toMillis() + " ms)";
    rows.add(Row.value(SCENARIO, "agents start → every agent in the 2 mappers already running:"
        + " the last registration heard after the last agent JVM said all its agents had started"
        + " (0: before)" + setting, "ms", joinAfterStart,
        Goal.valueAtMost(ping.toMillis(), bound)));
    rows.add(Row.value(SCENARIO, "start-up: first agent JVM launched → every agent in those 2"
        + " registries" + setting, "ms", startup, Goal.NONE));
    rows.add(Row.value(SCENARIO, "2 mappers start among the agents → each knows every agent"
        + setting, "ms", mapperLearns, Goal.valueAtMost(ping.toMillis(), bound)));
    rows.add(Row.value(SCENARIO, "consistency: registry samples differing from the live set, of "
        + samples + " over " + windowPings + " pings, 4 registries" + setting, "samples",
        differing, Goal.valueAtMost(0, "0")));
    rows.add(Row.value(SCENARIO, "consistency: live agents evicted or re-registered as new"
        + " meanwhile" + setting, "events", spurious, Goal.valueAtMost(0, "0")));
    rows.add(Row.value(SCENARIO, "live agents dropped by a registry at any time before the kill,"
        + " start-up and mapper starts included, 4 registries" + setting, "removals",
        evictedAlive, Goal.valueAtMost(0, "0")));
    long sweepBound = agentTimeout.toMillis() + sweepMillis(agentTimeout);
    rows.add(Row.value(SCENARIO, "SIGKILL of one JVM of " + killed.size() + " agents → gone from"
        + " all 4 registries (agent timeout " + agentTimeout.toMillis() + " ms; first removal "
        + String.format(Locale.ROOT, "%.0f", millis(firstRemoval - killedAt)) + " ms)" + setting,
        "ms", allGone, Goal.valueAtMost(sweepBound, "≤ agent timeout + 1 sweep ("
            + sweepBound + " ms)")));
    rows.add(Row.value(SCENARIO, "survivors dropped, or registries differing, after the kill"
        + setting, "agents", wronglyRemoved, Goal.valueAtMost(0, "0")));
    rows.add(Row.value(SCENARIO, "mapper CPU per ping received (all 4 mappers' threads, over "
        + windowPings + " pings)" + setting, "µs", mapperCpuPerPing, Goal.NONE));
    if (bench.brokerCpu() != null) {
      rows.add(Row.value(SCENARIO, "broker CPU per ping delivered (" + bench.brokerCpu() + ")"
          + setting, "µs", brokerCpuPerPing, Goal.NONE));
    }
    rows.add(Row.value(SCENARIO, "agent CPU per ping sent (agent JVMs' processes, idle agents)"
        + setting, "µs", agentCpuPerPing, Goal.NONE));
    rows.add(Row.value(SCENARIO, "mapper heap per registered agent (after GC, 2 mappers knowing "
        + known + " against none" + (bench.embedded()
            ? "; the embedded broker shares the heap, its part for their queues counted too"
            : "") + ")", "bytes", heapPerAgent, Goal.NONE));
    AgentHost.Cost cost = hosts.get(hosts.size() - 1).cost();
    rows.add(Row.value(SCENARIO, "agent JVM: threads per agent (" + cost.agents() + " agents,"
        + " a connection each, heartbeat timer shared)", "threads",
        (double) cost.threads() / cost.agents(), Goal.NONE));
    rows.add(Row.value(SCENARIO, "agent JVM: heap per agent (after GC)", "bytes",
        (double) cost.heapBytes() / cost.agents(), Goal.NONE));
    rows.add(Row.value(SCENARIO, "agent JVM: resident memory per agent", "bytes",
        (double) cost.rssBytes() / cost.agents(), Goal.NONE));
    rows.add(Row.value(SCENARIO, "agent JVM: start-up per agent (4 starting side by side)", "ms",
        (double) cost.startMillis() / cost.agents(), Goal.NONE));
    rows.add(new Row(SCENARIO, "pings delivered/s = agents × mappers / interval, against the"
        + " broker's fanout capacity (plain amqp-client, " + pingBytes + "-byte messages, "
        + MAPPERS + " publishers, " + MAPPERS + " queues)" + setting, "msg/s", pingsPerSecond,
        capacity, "fanout capacity", Goal.NONE));
    return rows;
  }

  /** The agents of a full run: {@code NANITE_BENCH_SCALE_AGENTS}, or 1,000. */
  private static int fullSize() {
    return env("NANITE_BENCH_SCALE_AGENTS", 1_000);
  }

  /** The ping interval of a full run, ms: {@code NANITE_BENCH_SCALE_PING_MILLIS}, or 2,000. */
  private static int fullPing() {
    return env("NANITE_BENCH_SCALE_PING_MILLIS", 2_000);
  }

  private static int env(String name, int otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : Integer.parseInt(value.trim());
  }

  private static Mapper mapper(Bench bench, Watch watch, Duration agentTimeout) {
    return bench.mapper(Mapper.builder().agentTimeout(agentTimeout).listener(watch));
  }

  /**
   * Starts the hosts, {@value #LAUNCHING} at a time; returns when the last was ready.
   *
   * @throws java.io.IOException naming the host that failed
   */
  private static long startAll(List<AgentHost> hosts) throws Exception {
    ExecutorService launcher = Executors.newFixedThreadPool(LAUNCHING);
    try {
      List<Future<Long>> ready = new ArrayList<>();
      for (AgentHost host : hosts) {
        ready.add(launcher.submit(() -> {
          host.start();
          host.awaitReady(HOST_START);
          return System.nanoTime();
        }));
      }
      long last = 0;
      for (Future<Long> at : ready) {
        try {
          last = Math.max(last, at.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new java.io.IOException("an agent JVM did not start (on RabbitMQ, a node takes"
              + " as many connections as its file-descriptor limit allows: see"
              + " rabbitmq-diagnostics status)", e.getCause());
        }
      }
      return last;
    } finally {
      launcher.shutdownNow();
    }
  }

  /** The mappers' registries, read in full, that differ from {@code expected} among ours. */
  private static int registriesDiffering(List<Mapper> mappers, String prefix,
      Set<String> expected) {
    int differing = 0;
    for (Mapper mapper : mappers) {
      Set<String> ours = new HashSet<>();
      for (AgentInfo agent : mapper.agents()) {
        if (agent.identity().startsWith(prefix + "-")) {
          ours.add(agent.identity());
        }
      }
      if (!ours.equals(expected)) {
        differing++;
      }
    }
    return differing;
  }

  /** Joins and removals all watches have heard of so far. */
  private static int changes(List<Watch> watches) {
    return watches.stream().mapToInt(Watch::changes).sum();
  }

  /** Pings every agent the mapper knows has sent, as of its last ping. */
  private static long pingsSent(Mapper mapper) {
    long pings = 0;
    for (AgentInfo agent : mapper.agents()) {
      pings += agent.counters().getOrDefault("pings", 0L);
    }
    return pings;
  }

  private static long hostsCpu(List<AgentHost> hosts) throws java.io.IOException {
    long total = 0;
    for (AgentHost host : hosts) {
      total += host.cpuNanos();
    }
    return total;
  }

  /** The size of a ping as an agent sends it, from the runtime's own encoding. */
  private static int pingBytes(String identity) {
    Ping ping = Ping.newBuilder().setIdentity(identity).setStatus(0.5)
        .setPingIntervalMillis(1_000).setCounters(new AgentStats().toCounters(0)).build();
    return Packets.newPacket().setPing(ping).build().toByteArray().length;
  }

  /** How often the mapper sweeps for silent agents with this agent timeout (MapperRuntime). */
  private static long sweepMillis(Duration agentTimeout) {
    return Math.max(10, Math.min(250, agentTimeout.toMillis() / 10));
  }

  /**
   * The live heap: what the heap's pools held as a full collection ended, the median of three.
   * Not the heap's use read afterwards, which counts in full every allocation buffer a busy
   * thread takes between the collection and the reading, megabytes with the parallel collector.
   */
  private static long heapAfterGc() {
    double[] used = new double[3];
    for (int i = 0; i < used.length; i++) {
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        MemoryUsage afterGc = pool.getCollectionUsage();
        if (pool.getType() == MemoryType.HEAP && afterGc != null) {
          used[i] += afterGc.getUsed();
        }
      }
    }
    return (long) Samples.median(used);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /**
   * What one mapper's registry says of this run's agents, stamped in the listener itself so
   * that a time does not depend on how often the scenario looks.
   */
  private static final class Watch implements RegistryListener {
    private final String prefix;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> removedAt = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> joinedAt = new ConcurrentHashMap<>();
    private final AtomicLong lastJoin = new AtomicLong();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger reregistrations = new AtomicInteger();
    private final AtomicInteger removals = new AtomicInteger();

    Watch(String prefix) {
      this.prefix = prefix + "-";
    }

    @Override
    public void registered(AgentInfo agent) {
      if (agent.identity().startsWith(prefix)) {
        long now = System.nanoTime();
        live.add(agent.identity());
        joinedAt.putIfAbsent(agent.identity(), now);
        lastJoin.set(now);
        changes.incrementAndGet();
      }
    }

    @Override
    public void reregistered(AgentInfo agent) {
      if (agent.identity().startsWith(prefix)) {
        reregistrations.incrementAndGet();
      }
    }

    @Override
    public void unregistered(AgentInfo agent) {
      removed(agent);
    }

    @Override
    public void timedOut(AgentInfo agent) {
      removed(agent);
    }

    private void removed(AgentInfo agent) {
      if (agent.identity().startsWith(prefix)) {
        removedAt.put(agent.identity(), System.nanoTime());
        removals.incrementAndGet();
        live.remove(agent.identity());
        changes.incrementAndGet();
      }
    }

    Set<String> live() {
      return Set.copyOf(live);
    }

    /** When each agent first joined, in milliseconds after {@code since}, sorted. */
    double[] joinedAfter(long since) {
      return joinedAt.values().stream().mapToDouble(at -> millis(at - since)).sorted().toArray();
    }

    long lastJoinNanos() {
      return lastJoin.get();
    }

    int changes() {
      return changes.get();
    }

    /** Agents of this run the registry dropped, for whatever reason. */
    int removals() {
      return removals.get();
    }

    /** Registrations heard from agents already listed. */
    int reregistrations() {
      return reregistrations.get();
    }

    long removedAt(String identity) {
      return removedAt.get(identity);
    }

    void awaitAll(Set<String> identities, Duration timeout) throws Exception {
      Bench.await("a registry holding all " + identities.size() + " agents", timeout,
          () -> live.size() == identities.size() && live.containsAll(identities));
    }

    void awaitGone(Set<String> identities, Duration timeout) throws Exception {
      Bench.await("a registry losing the " + identities.size() + " killed agents", timeout,
          () -> identities.stream().noneMatch(live::contains));
    }
  }
}
