package dev.nanite.micrometer;

import dev.nanite.CallObserver;
import dev.nanite.Mapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mapper's meters: its calls by path and outcome, counted and timed, re-routes by reason, and,
 * read from the mapper at each scrape, the calls in flight, the live agents and the mapper's own
 * counters. It is the mapper's {@link CallObserver}, so give it to the builder, then tell it the
 * started mapper:
 *
 * <pre>{@code
 * MapperMetrics metrics = new MapperMetrics();
 * Mapper mapper = Mapper.builder().observer(metrics).start();
 * metrics.monitor(mapper).bindTo(registry);
 * }</pre>
 *
 * <p>Binding and {@link #monitor} may come in either order (a framework binds its {@code
 * MeterBinder}s when it starts); calls are counted from the first binding. The meters, with the
 * tags given to the constructor on each (docs/metrics.md):
 *
 * <ul>
 *   <li>{@value #CALLS} (counter) and {@value #CALL_DURATION} (timer, with a percentile
 *       histogram), tags {@code path} and {@code outcome}: {@code ok}, {@code error}, {@code
 *       timeout}, {@code no_agent}, {@code lost} or {@code cancelled}. A call to all counts once
 *       per agent asked, a push once. No agent identity is a tag: agents come and go, and each
 *       would make series of its own. Past 256 paths, calls to new ones are counted under the
 *       path {@code other}.
 *   <li>{@value #REROUTES} (counter), tag {@code reason}: {@code returned}, {@code agent_lost}
 *       or {@code connection_lost}: a call that left an agent without its answer for another.
 *   <li>{@value #IN_FLIGHT}, {@value #AGENTS} and {@value #CONNECTED} (gauges).
 *   <li>{@code nanite.mapper.sent}, {@code .replies}, {@code .timeouts}, ... (function
 *       counters): every one of {@link Mapper#counters()}, {@code lateReplies} as {@code
 *       nanite.mapper.late.replies}.
 * </ul>
 *
 * <p>Thread-safe; bind it to any number of registries. One instance per mapper: a process with
 * two mappers gives each its own, with a tag that tells them apart ({@code Tags.of("mapper",
 * "orders")}).
 */
public final class MapperMetrics implements CallObserver, MeterBinder {
  /** Calls finished, by path and outcome. */
  public static final String CALLS = "nanite.mapper.calls";
  /** How long calls took, from being made to their end, by path and outcome. */
  public static final String CALL_DURATION = "nanite.mapper.call.duration";
  /** Calls made and not finished. */
  public static final String IN_FLIGHT = "nanite.mapper.calls.in.flight";
  /** Live agents the mapper knows. */
  public static final String AGENTS = "nanite.mapper.agents";
  /** Calls that moved on from an agent to another, by reason. */
  public static final String REROUTES = "nanite.mapper.reroutes";
  /** 1 while the mapper can send calls, else 0. */
  public static final String CONNECTED = "nanite.mapper.connected";

  private static final String PREFIX = "nanite.mapper.";
  private static final Set<String> TAKEN = Set.of(CALLS, CALL_DURATION, IN_FLIGHT, AGENTS,
      REROUTES, CONNECTED);
  private static final CallMeters.Kind KIND = new CallMeters.Kind(CALLS,
      "Calls this mapper finished, by path and outcome (a call to all: one per agent asked)",
      CALL_DURATION, "How long this mapper's calls took, from being made to their end",
      tagValues(Outcome.values()));
  private static final String[] REASONS = tagValues(MoveReason.values());

  private final Tags tags;
  private final List<CallMeters> calls = new CopyOnWriteArrayList<>();
  private final List<Counter[]> reroutes = new CopyOnWriteArrayList<>();
  private final Binding<Mapper> binding = new Binding<>("mapper", this::registerGauges);

  /** Meters without tags of their own. */
  public MapperMetrics() {
    this(Tags.empty());
  }

  /** Meters that carry {@code tags}, such as the mapper's name, besides their own. */
  public MapperMetrics(Iterable<Tag> tags) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Reads {@code mapper} for the gauges and its counters in every registry this is bound to,
   * now and later.
   *
   * @return this, to bind
   * @throws IllegalStateException if another mapper is monitored already
   */
  public MapperMetrics monitor(Mapper mapper) {
    binding.monitor(mapper);
    return this;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Counter[] byReason = new Counter[REASONS.length];
    for (int i = 0; i < REASONS.length; i++) {
      byReason[i] = Counter.builder(REROUTES)
          .description("Calls that left an agent without its answer and moved on, by reason")
          .tags(tags).tag("reason", REASONS[i]).register(registry);
    }
    reroutes.add(byReason);
    calls.add(new CallMeters(registry, KIND, tags));
    binding.bind(registry);
  }

  private void registerGauges(MeterRegistry registry, Mapper mapper) {
    Gauge.builder(IN_FLIGHT, mapper, Mapper::inFlight)
        .description("Calls this mapper made that have not finished")
        .tags(tags).register(registry);
    Gauge.builder(AGENTS, mapper, m -> m.agents().size())
        .description("Live agents this mapper knows")
        .tags(tags).register(registry);
    Gauge.builder(CONNECTED, mapper, m -> m.isConnected() ? 1 : 0)
        .description("1 while this mapper can send calls, 0 while its connection is down")
        .tags(tags).register(registry);
    NamedCounters.register(registry, PREFIX, mapper, Mapper::counters, "mapper", TAKEN, tags);
  }

  @Override
  public void movedOn(String callId, String path, String agent, MoveReason reason) {
    for (Counter[] byReason : reroutes) {
      byReason[reason.ordinal()].increment();
    }
  }

  @Override
  public void finished(String path, String agent, Outcome outcome, long latencyNanos) {
    for (CallMeters meters : calls) {
      meters.record(path, outcome.ordinal(), latencyNanos);
    }
  }

  static String[] tagValues(Enum<?>[] values) {
    String[] tags = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      tags[i] = values[i].name().toLowerCase(Locale.ROOT);
    }
    return tags;
  }
}
