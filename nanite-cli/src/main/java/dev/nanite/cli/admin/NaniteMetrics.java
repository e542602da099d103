package dev.nanite.cli.admin;

import dev.nanite.CallObserver;
import dev.nanite.Mapper;
import dev.nanite.micrometer.MapperMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * The control tower's meters: nanite-micrometer's {@link MapperMetrics} (docs/metrics.md), which
 * count and time the mapper's calls and read its agents and counters, with two of them under the
 * names the tower served before that module existed, which dashboards and the walkthrough read:
 * the calls timer as {@value #CALLS} (in Prometheus {@code nanite_calls_seconds_count}, {@code
 * _sum}, {@code _max} and {@code _bucket}, tags {@code path} and {@code outcome}) and the live
 * agents as {@value #AGENTS}. Register it with {@code Mapper.Builder.observer} before the mapper
 * starts, then {@link #bindAgents} the started mapper. Thread-safe.
 */
public final class NaniteMetrics implements CallObserver {
  /** The timer of calls: {@link MapperMetrics#CALL_DURATION}, as the tower names it. */
  public static final String CALLS = "nanite.calls";
  /** The gauge of live agents: {@link MapperMetrics#AGENTS}, as the tower names it. */
  public static final String AGENTS = "nanite.agents.online";

  private final MapperMetrics meters = new MapperMetrics();

  /** Meters in {@code registry}, which must have none of them yet. */
  public NaniteMetrics(MeterRegistry registry) {
    // Before the meters exist: a filter only renames meters registered after it.
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return switch (id.getName()) {
          case MapperMetrics.CALL_DURATION -> id.withName(CALLS);
          case MapperMetrics.AGENTS -> id.withName(AGENTS);
          default -> id;
        };
      }
    });
    meters.bindTo(registry);
  }

  @Override
  public void movedOn(String callId, String path, String agent, MoveReason reason) {
    meters.movedOn(callId, path, agent, reason);
  }

  @Override
  public void finished(String path, String agent, Outcome outcome, long latencyNanos) {
    meters.finished(path, agent, outcome, latencyNanos);
  }

  /** Adds the meters that read {@code mapper}: its live agents, calls in flight, counters. */
  public void bindAgents(Mapper mapper) {
    meters.monitor(mapper);
  }
}
