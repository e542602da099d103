package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nanite.internal.protocol.Counters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counters an agent pings with are the ones {@code Agent.counters()} shows, by name. */
class AgentStatsTest {
  @Test
  void everyCounterTravelsUnderItsOwnName() {
    AgentStats stats = new AgentStats();
    long value = 1;
    for (Object holder : new Object[] {stats, stats.security}) {
      for (java.lang.reflect.Field field : holder.getClass().getFields()) {
        try {
          if (field.get(holder) instanceof java.util.concurrent.atomic.AtomicLong counter) {
            counter.set(value++);
          }
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    Map<String, Long> local = new LinkedHashMap<>(stats.asMap());
    local.put("uncaught", 99L);

    Counters sent = stats.toCounters(99);
    Map<String, Long> remote = new LinkedHashMap<>();
    Counters.getDescriptor().getFields()
        .forEach(field -> remote.put(field.getJsonName(), (Long) sent.getField(field)));
    assertEquals(local, remote, "a counter added to AgentStats needs a field in Counters");
  }
}
