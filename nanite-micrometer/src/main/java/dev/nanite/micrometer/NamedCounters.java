package dev.nanite.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A mapper's or an agent's own counters ({@code Mapper.counters()}, {@code Agent.counters()})
 * as function counters, read at each scrape, so nothing is counted twice: {@code lateReplies}
 * becomes {@code <prefix>.late.replies}.
 */
final class NamedCounters {
  private NamedCounters() {}

  /**
   * Registers a counter for every name {@code counters} has now, named {@code prefix} and the
   * name in dotted lower case, except those that would take a name in {@code taken}.
   */
  static <T> void register(MeterRegistry registry, String prefix, T source,
      Function<T, Map<String, Long>> counters, String what, Set<String> taken, Tags tags) {
    for (String name : counters.apply(source).keySet()) {
      String meter = prefix + dotted(name);
      if (taken.contains(meter)) {
        continue; // never so far; a counter added to the runtime later must not replace a meter
      }
      FunctionCounter.builder(meter, source, s -> counters.apply(s).getOrDefault(name, 0L))
          .description("The " + what + "'s '" + name + "' counter")
          .tags(tags)
          .register(registry);
    }
  }

  /** {@code lateReplies} as {@code late.replies}. */
  static String dotted(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1.$2").toLowerCase(Locale.ROOT);
  }
}
