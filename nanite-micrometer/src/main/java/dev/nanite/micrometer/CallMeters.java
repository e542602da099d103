package dev.nanite.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls by path and outcome in one registry: a counter and a timer for each pair, made when the
 * pair first occurs, so that a scrape shows no series of outcomes that never happened. Calls
 * are recorded on mapper and actor threads: after its first call, a pair costs a map lookup by
 * path and two array reads, not a registry lookup (which builds an id per call).
 *
 * <p>Paths are few in a fabric, but a shell or a tool can call any path it is typed, and each
 * path costs every registry a series per outcome (and the timer's histogram buckets): past
 * {@link #MAX_PATHS} paths, calls to the others are recorded under the path {@value #OTHER},
 * which no real path can be (they start with a slash).
 */
final class CallMeters {
  /** The most paths with series of their own, per registry. */
  static final int MAX_PATHS = 256;
  /** The path tag of calls to paths past {@link #MAX_PATHS}. */
  static final String OTHER = "other";

  private static final Logger log = LoggerFactory.getLogger(CallMeters.class);

  /** The names, descriptions and tag values of one kind of call: a mapper's, an agent's. */
  record Kind(String calls, String callsDescription, String duration,
      String durationDescription, String[] outcomes) {}

  private final MeterRegistry registry;
  private final Kind kind;
  private final Tags tags;
  private final ConcurrentHashMap<String, PathMeters> paths = new ConcurrentHashMap<>();
  private final AtomicBoolean full = new AtomicBoolean();

  CallMeters(MeterRegistry registry, Kind kind, Tags tags) {
    this.registry = registry;
    this.kind = kind;
    this.tags = tags;
  }

  /** Records a call to {@code path} that ended with {@code kind.outcomes()[outcome]}. */
  void record(String path, int outcome, long nanos) {
    PathMeters meters = paths.get(path);
    if (meters == null) {
      meters = add(path);
    }
    meters.record(outcome, nanos);
  }

  private PathMeters add(String path) {
    if (paths.size() >= MAX_PATHS) {
      if (full.compareAndSet(false, true)) {
        log.warn("{} has series for {} paths already: calls to {} and to any other new path are"
            + " counted under path=\"{}\"", kind.calls(), MAX_PATHS, path, OTHER);
      }
      return paths.computeIfAbsent(OTHER, PathMeters::new);
    }
    return paths.computeIfAbsent(path, PathMeters::new);
  }

  /** The meters of one path, by outcome, each registered on its first call. */
  private final class PathMeters {
    private final String path;
    private final AtomicReferenceArray<Counter> counts;
    private final AtomicReferenceArray<Timer> durations;

    PathMeters(String path) {
      this.path = path;
      this.counts = new AtomicReferenceArray<>(kind.outcomes().length);
      this.durations = new AtomicReferenceArray<>(kind.outcomes().length);
    }

    void record(int outcome, long nanos) {
      Counter count = counts.get(outcome);
      Timer duration = durations.get(outcome);
      if (count == null || duration == null) {
        // Two threads may both get here: the registry hands both the same meters.
        Tags these = tags.and("path", path, "outcome", kind.outcomes()[outcome]);
        count = Counter.builder(kind.calls()).description(kind.callsDescription())
            .tags(these).register(registry);
        duration = Timer.builder(kind.duration()).description(kind.durationDescription())
            .publishPercentileHistogram().tags(these).register(registry);
        counts.set(outcome, count);
        durations.set(outcome, duration);
      }
      count.increment();
      duration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
