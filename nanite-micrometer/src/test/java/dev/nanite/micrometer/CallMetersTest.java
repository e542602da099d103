package dev.nanite.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The per-path meters: made on first use, bounded in number, named in Micrometer's style. */
class CallMetersTest {
  private static final CallMeters.Kind KIND = new CallMeters.Kind("test.calls", "calls",
      "test.call.duration", "durations", new String[] {"ok", "error"});

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallMeters meters = new CallMeters(registry, KIND, Tags.of("mapper", "m"));

  @Test
  void aPairOfPathAndOutcomeGetsItsMetersOnItsFirstCall() {
    meters.record("/a/b", 0, 1_000);
    meters.record("/a/b", 0, 3_000);
    assertEquals(2, count("/a/b", "ok"));
    assertEquals(2, registry.get("test.call.duration").tags("path", "/a/b", "outcome", "ok",
        "mapper", "m").timer().count());
    assertNull(registry.find("test.calls").tag("outcome", "error").counter(),
        "no series for an outcome that never happened");
  }

  @Test
  void pathsPastTheBoundAreCountedAsOther() {
    for (int i = 0; i < CallMeters.MAX_PATHS; i++) {
      meters.record("/p/n" + i, 1, 1);
    }
    meters.record("/p/late", 1, 1);
    meters.record("/p/later", 1, 1);
    meters.record("/p/n0", 1, 1);
    assertEquals(2, count(CallMeters.OTHER, "error"));
    assertEquals(2, count("/p/n0", "error"), "paths within the bound keep their series");
    assertNull(registry.find("test.calls").tag("path", "/p/late").counter());
    assertEquals(CallMeters.MAX_PATHS + 1, registry.find("test.calls").counters().size());
  }

  @Test
  void counterNamesAreDotted() {
    assertEquals("late.replies", NamedCounters.dotted("lateReplies"));
    assertEquals("all.as.one", NamedCounters.dotted("allAsOne"));
    assertEquals("sent", NamedCounters.dotted("sent"));
  }

  private double count(String path, String outcome) {
    Counter counter = registry.get("test.calls").tags("path", path, "outcome", outcome)
        .counter();
    return counter.count();
  }
}
