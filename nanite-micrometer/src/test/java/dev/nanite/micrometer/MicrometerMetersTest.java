package dev.nanite.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.NoAgentException;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.broker.EmbeddedBroker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meters of a mapper and two agents in a {@link SimpleMeterRegistry} after real calls over
 * an embedded broker: answered, failed in the actor, past their deadline, to all, to a path no
 * agent serves, and held on a busy agent while the gauges are read.
 */
class MicrometerMetersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final Semaphore gate = new Semaphore(0);
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** A second registry the mapper's meters are bound to, to read as Prometheus does. */
  private static final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static EmbeddedBroker broker;
  /** Runs b's calls one at a time, so that a second call to b waits for the first. */
  private static ExecutorService oneThread;
  private static Agent a;
  private static Agent b;
  private static Mapper mapper;
  private static ProbeClient probe;
  private static CallOptions options;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedBroker.start();
    options = CallOptions.DEFAULT.withTimeout(WAIT);
    oneThread = Executors.newSingleThreadExecutor();
    a = agent("probe-a", null);
    b = agent("probe-b", oneThread);
    // Bound before the mapper exists, as a framework binds its MeterBinders.
    MapperMetrics metrics = new MapperMetrics();
    metrics.bindTo(registry);
    metrics.bindTo(prometheus);
    mapper = Mapper.builder().uri(broker.uri()).observer(metrics).discovery(Duration.ZERO)
        .start();
    metrics.monitor(mapper);
    probe = new ProbeClient(mapper);
    assertTrue(mapper.awaitAgents(ProbePaths.NAME, 2, WAIT), "both agents registered");
  }

  /** An agent whose meters carry its identity, monitored before being bound, as documented. */
  private static Agent agent(String identity, ExecutorService executor) {
    AgentMetrics metrics = new AgentMetrics(Tags.of("agent", identity));
    Agent.Builder builder = Agent.builder().uri(broker.uri()).identity(identity)
        .pingInterval(Duration.ofMillis(500)).interceptor(metrics)
        .actor(new Probe(identity, gate));
    if (executor != null) {
      builder.executor(executor);
    }
    Agent agent = builder.start();
    metrics.monitor(agent).bindTo(registry);
    return agent;
  }

  @AfterAll
  static void stop() {
    gate.release(100); // lets any call a failed test left held go
    for (AutoCloseable closing : new AutoCloseable[] {mapper, a, b, broker}) {
      try {
        if (closing != null) {
          closing.close();
        }
      } catch (Exception e) {
        // the next one still closes
      }
    }
    if (oneThread != null) {
      oneThread.shutdownNow();
    }
  }

  @Test
  void answeredCallsAreCountedAndTimedByPathAndOutcomeOnBothSides() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals("hi", probe.echo("hi", Selector.LEAST_LOADED, options)
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }
    assertEquals(3, calls(MapperMetrics.CALLS, ProbePaths.ECHO, "ok"));
    Timer timer = registry.get(MapperMetrics.CALL_DURATION)
        .tags("path", ProbePaths.ECHO, "outcome", "ok").timer();
    assertEquals(3, timer.count());
    assertTrue(timer.totalTime(TimeUnit.NANOSECONDS) > 0);
    // A percentile histogram, for latency quantiles over every mapper (a simple registry
    // keeps no buckets: Prometheus does).
    String scraped = prometheus.scrape();
    assertTrue(scraped.contains("nanite_mapper_calls_total{outcome=\"ok\",path=\"/probe/echo\"} 3"),
        scraped);
    assertTrue(scraped.contains("nanite_mapper_call_duration_seconds_count{outcome=\"ok\","
        + "path=\"/probe/echo\"} 3"), scraped);
    assertTrue(scraped.contains("nanite_mapper_call_duration_seconds_bucket{outcome=\"ok\","
        + "path=\"/probe/echo\",le=\"+Inf\"} 3"), scraped);
    // No agent identity on a mapper's call meters: agents come and go.
    assertEquals(Set.of("path", "outcome"), tagKeys(timer));
    // Which agent served each call is up to the mapper: together they served three.
    awaitValue("the agents counted three echoes", 3,
        () -> calls(AgentMetrics.CALLS, ProbePaths.ECHO, "ok"));
    awaitValue("the agents timed three echoes", 3, () -> registry.find(AgentMetrics.CALL_DURATION)
        .tags("path", ProbePaths.ECHO, "outcome", "ok").timers().stream()
        .mapToLong(Timer::count).sum());
  }

  @Test
  void anActorThatThrowsIsAnErrorForTheMapperAndTheAgent() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> probe.boom("no", Selector.target(a.identity()), options)
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(RemoteException.class, e.getCause());
    assertEquals(1, calls(MapperMetrics.CALLS, ProbePaths.BOOM, "error"));
    awaitValue("agent a counted the failure", 1,
        () -> calls(AgentMetrics.CALLS, ProbePaths.BOOM, "error", "agent", a.identity()));
    awaitValue("agent a's own 'failed' counter", 1, () -> registry.get("nanite.agent.failed")
        .tag("agent", a.identity()).functionCounter().count());
  }

  @Test
  void aCallPastItsDeadlineTimesOutAndIsCancelledOnTheAgent() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> probe.stall(30_000, Selector.target(b.identity()),
                options.withTimeout(Duration.ofMillis(300)))
            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(RequestTimeoutException.class, e.getCause());
    assertEquals(1, calls(MapperMetrics.CALLS, ProbePaths.STALL, "timeout"));
    assertEquals(1, registry.get("nanite.mapper.timeouts").functionCounter().count());
    // The agent interrupts the actor at the deadline and sends nothing back.
    awaitValue("agent b counted the call cancelled", 1,
        () -> calls(AgentMetrics.CALLS, ProbePaths.STALL, "cancelled", "agent", b.identity()));
    awaitValue("agent b's own 'expired' counter", 1, () -> registry.get("nanite.agent.expired")
        .tag("agent", b.identity()).functionCounter().count());
  }

  @Test
  void aCallToAllCountsOncePerAgentAsked() throws Exception {
    Replies<String> replies = probe.name(Selector.ALL, options)
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(Set.of(a.identity(), b.identity()), replies.values().keySet());
    assertEquals(2, calls(MapperMetrics.CALLS, ProbePaths.NAME, "ok"));
    for (Agent agent : new Agent[] {a, b}) {
      awaitValue(agent.identity() + " counted its part", 1,
          () -> calls(AgentMetrics.CALLS, ProbePaths.NAME, "ok", "agent", agent.identity()));
    }
  }

  @Test
  void aCallNoAgentServesIsNoAgent() {
    CompletableFuture<ByteString> call = mapper.request("/nobody/home", ByteString.EMPTY,
        Selector.LEAST_LOADED, options);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertInstanceOf(NoAgentException.class, e.getCause());
    assertEquals(1, calls(MapperMetrics.CALLS, "/nobody/home", "no_agent"));
  }

  @Test
  void theGaugesShowCallsInFlightAndWaitingWhileAnAgentIsBusy() throws Exception {
    awaitValue("b idle after the other tests", 0, b::inFlight);
    CompletableFuture<Boolean> first = probe.hold(30_000, Selector.target(b.identity()), options);
    CompletableFuture<Boolean> second = probe.hold(30_000, Selector.target(b.identity()), options);
    awaitValue("the mapper's two calls in flight", 2, () -> gauge(MapperMetrics.IN_FLIGHT));
    awaitValue("b's two calls in flight", 2,
        () -> gauge(AgentMetrics.IN_FLIGHT, "agent", b.identity()));
    // b has one thread: the second call waits for the first.
    awaitValue("b's second call waiting", 1,
        () -> gauge(AgentMetrics.WAITING, "agent", b.identity()));

    gate.release(2);
    assertTrue(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    awaitValue("no call in flight on the mapper", 0, () -> gauge(MapperMetrics.IN_FLIGHT));
    awaitValue("none on b", 0, () -> gauge(AgentMetrics.IN_FLIGHT, "agent", b.identity()));
    assertEquals(0, gauge(AgentMetrics.WAITING, "agent", b.identity()));
    // The agent records a call as it ends, maybe just after its reply went out.
    awaitValue("b counted both", 2,
        () -> calls(AgentMetrics.CALLS, ProbePaths.HOLD, "ok", "agent", b.identity()));
  }

  @Test
  void theMapperAndAgentsAreReadAtEachScrape() {
    assertEquals(2, gauge(MapperMetrics.AGENTS));
    assertEquals(1, gauge(MapperMetrics.CONNECTED));
    assertTrue(registry.get("nanite.mapper.sent").functionCounter().count() >= 1);
    assertNotNull(registry.find("nanite.mapper.late.replies").functionCounter(),
        "lateReplies, in Micrometer's dotted style");
    for (String reason : new String[] {"returned", "agent_lost", "connection_lost"}) {
      assertEquals(0, registry.get(MapperMetrics.REROUTES).tag("reason", reason).counter()
          .count(), "no call moved on from an agent, which stayed up");
    }
    for (Agent agent : new Agent[] {a, b}) {
      String id = agent.identity();
      assertEquals(1, gauge(AgentMetrics.CONNECTED, "agent", id));
      assertEquals(0, registry.get("nanite.agent.rejected").tag("agent", id)
          .functionCounter().count());
      awaitValue(id + " pinged (every 500 ms)", 1, () -> Math.min(1,
          registry.get("nanite.agent.pings").tag("agent", id).functionCounter().count()));
    }
  }

  /** The calls counted under {@code name} with these path and outcome (and other) tags. */
  private static double calls(String name, String path, String outcome, String... more) {
    return registry.find(name).tags("path", path, "outcome", outcome).tags(more).counters()
        .stream().mapToDouble(Counter::count).sum();
  }

  private static double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  private static Set<String> tagKeys(Meter meter) {
    return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
  }

  /** Waits, at most {@link #WAIT}, until {@code value} reads {@code expected}. */
  private static void awaitValue(String what, double expected, DoubleSupplier value) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    double last;
    while ((last = value.getAsDouble()) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT + " for " + what + ": " + expected
            + " expected, last read " + last);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }
}
