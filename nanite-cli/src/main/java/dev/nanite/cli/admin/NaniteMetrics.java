package dev.nanite.cli.admin;

import dev.nanite.CallObserver;
import dev.nanite.Mapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A mapper's metrics in Micrometer: every call it finishes, timed, by path and outcome
 * ({@value #CALLS}, in Prometheus {@code nanite_calls_seconds_count}, {@code _sum} and
 * {@code _max}, with {@code outcome} one of ok, error, timeout, no_agent, lost), and the live
 * agents it knows ({@value #AGENTS}). Register it with {@code Mapper.Builder.observer} before the
 * mapper starts, then {@link #bindAgents} the started mapper. Thread-safe.
 */
public final class NaniteMetrics implements CallObserver {
  /** The timer of calls. */
  public static final String CALLS = "nanite.calls";
  /** The gauge of live agents. */
  public static final String AGENTS = "nanite.agents.online";
  /** At most this many paths get their own series; calls to others are not recorded. */
  static final int MAX_PATHS = 256;

  private final MeterRegistry registry;

  /** Meters in {@code registry}. */
  public NaniteMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.config().meterFilter(
        MeterFilter.maximumAllowableTags(CALLS, "path", MAX_PATHS, MeterFilter.deny()));
  }

  @Override
  public void finished(String path, String agent, Outcome outcome, long latencyNanos) {
    Timer.builder(CALLS)
        .description("Calls made by this mapper, by path and outcome (one per agent asked)")
        .tag("path", path)
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  /** Adds the gauge of the live agents {@code mapper} knows. */
  public void bindAgents(Mapper mapper) {
    Gauge.builder(AGENTS, mapper, m -> m.agents().size())
        .description("Live agents this mapper knows")
        .strongReference(true)
        .register(registry);
  }
}
