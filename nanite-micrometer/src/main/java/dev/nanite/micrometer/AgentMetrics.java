package dev.nanite.micrometer;

import dev.nanite.Agent;
import dev.nanite.AgentInterceptor;
import dev.nanite.CallContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent's meters: the calls its actors served by path and outcome, counted and timed, and,
 * read from the agent at each scrape, the calls in flight and waiting for a thread, and the
 * agent's own counters (requests, failed, rejected, ...). It is an {@link AgentInterceptor}, to
 * see each call: give it to the builder first, so that it is the outermost, then tell it the
 * started agent:
 *
 * <pre>{@code
 * AgentMetrics metrics = new AgentMetrics();
 * Agent agent = Agent.builder().interceptor(metrics).actor(new Mock()).start();
 * metrics.monitor(agent).bindTo(registry);
 * }</pre>
 *
 * <p>Binding and {@link #monitor} may come in either order; calls are counted from the first
 * binding. Without the interceptor only the per-path meters are missing. The meters, with the
 * tags given to the constructor on each (docs/metrics.md):
 *
 * <ul>
 *   <li>{@value #CALLS} (counter) and {@value #CALL_DURATION} (timer, with a percentile
 *       histogram), tags {@code path} and {@code outcome}: {@code ok}, {@code error} (the actor
 *       threw, or an interceptor after this one refused the call) or {@code cancelled} (by its
 *       caller or its deadline; no result was sent). The duration is the actor's, from the
 *       start of the call on its thread to its result, not the time it waited for the thread.
 *       Past 256 paths, calls to new ones are counted under the path {@code other}.
 *   <li>{@value #IN_FLIGHT}, {@value #WAITING} (the agent's queue of calls held up behind
 *       others: {@link Agent#waiting()}) and {@value #CONNECTED} (gauges).
 *   <li>{@code nanite.agent.requests}, {@code .failed}, {@code .rejected}, {@code .expired},
 *       ... (function counters): every one of {@link Agent#counters()}, {@code badSignature}
 *       as {@code nanite.agent.bad.signature}. Requests refused before they reach an actor
 *       (unknown paths, signature mismatches, forbidden callers) are counted there, not by
 *       path.
 * </ul>
 *
 * <p>Thread-safe; bind it to any number of registries. One instance per agent.
 */
public final class AgentMetrics implements AgentInterceptor, MeterBinder {
  /** Calls the agent's actors served, by path and outcome. */
  public static final String CALLS = "nanite.agent.calls";
  /** How long the actors took, by path and outcome. */
  public static final String CALL_DURATION = "nanite.agent.call.duration";
  /** Requests taken from the queue and not yet answered. */
  public static final String IN_FLIGHT = "nanite.agent.calls.in.flight";
  /** Of those, the calls waiting for an actor thread. */
  public static final String WAITING = "nanite.agent.calls.waiting";
  /** 1 while the agent is connected and serving, else 0. */
  public static final String CONNECTED = "nanite.agent.connected";

  private static final String PREFIX = "nanite.agent.";
  private static final Set<String> TAKEN = Set.of(CALLS, CALL_DURATION, IN_FLIGHT, WAITING,
      CONNECTED);
  private static final int OK = 0;
  private static final int ERROR = 1;
  private static final int CANCELLED = 2;
  private static final CallMeters.Kind KIND = new CallMeters.Kind(CALLS,
      "Calls this agent's actors served, by path and outcome", CALL_DURATION,
      "How long this agent's actors took, from the call's start on its thread to its result",
      new String[] {"ok", "error", "cancelled"});

  private final Tags tags;
  private final List<CallMeters> calls = new CopyOnWriteArrayList<>();
  private final Binding<Agent> binding = new Binding<>("agent", this::registerGauges);

  /** Meters without tags of their own. */
  public AgentMetrics() {
    this(Tags.empty());
  }

  /** Meters that carry {@code tags} besides their own. */
  public AgentMetrics(Iterable<Tag> tags) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Reads {@code agent} for the gauges and its counters in every registry this is bound to, now
   * and later.
   *
   * @return this, to bind
   * @throws IllegalStateException if another agent is monitored already
   */
  public AgentMetrics monitor(Agent agent) {
    binding.monitor(agent);
    return this;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    calls.add(new CallMeters(registry, KIND, tags));
    binding.bind(registry);
  }

  private void registerGauges(MeterRegistry registry, Agent agent) {
    Gauge.builder(IN_FLIGHT, agent, Agent::inFlight)
        .description("Requests this agent took and has not answered")
        .tags(tags).register(registry);
    Gauge.builder(WAITING, agent, Agent::waiting)
        .description("Requests this agent took that wait for an actor thread")
        .tags(tags).register(registry);
    Gauge.builder(CONNECTED, agent, a -> a.isConnected() ? 1 : 0)
        .description("1 while this agent is connected and serving, 0 while it reconnects")
        .tags(tags).register(registry);
    NamedCounters.register(registry, PREFIX, agent, Agent::counters, "agent", TAKEN, tags);
  }

  /** Times the call from here to its result, and counts it by path and outcome. */
  @Override
  public CompletableFuture<?> interceptDispatch(CallContext context, Chain next) {
    long start = System.nanoTime();
    CompletableFuture<?> outcome;
    try {
      outcome = next.proceed(context);
    } catch (RuntimeException e) {
      record(context, ERROR, start);
      throw e;
    }
    if (outcome == null) {
      record(context, ERROR, start); // the agent fails the call, naming the interceptor
      return null;
    }
    // Watched, not replaced: the agent gets the very future the chain gave, so its error type
    // reaches the caller unchanged.
    outcome.whenComplete((value, error) -> record(context,
        context.isCancelled() ? CANCELLED : error != null ? ERROR : OK, start));
    return outcome;
  }

  private void record(CallContext context, int outcome, long start) {
    long nanos = System.nanoTime() - start;
    for (CallMeters meters : calls) {
      meters.record(context.path(), outcome, nanos);
    }
  }
}
