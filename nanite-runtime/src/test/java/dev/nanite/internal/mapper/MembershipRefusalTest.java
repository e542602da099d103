package dev.nanite.internal.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What membership refuses. Refused input must never reach the calls, so there are none here: a
 * registration or ping that got through to them would fail the test.
 */
class MembershipRefusalTest {
  private static final long[] OUT_OF_RANGE = {0, 9, 3_600_001, 1L << 40, -1};

  private final Registry registry = new Registry();
  private final MapperStats stats = new MapperStats();
  private final List<String> advertised = new ArrayList<>();
  private final Membership membership = new Membership(
      new MapperSettings(Fabric.UNUSED_BROKER, "test-mapper", null, null, 1.0, 100, false, 1 << 20,
          10, null, List.of(), List.of(), null, Duration.ZERO, List.of(), false, List.of(),
        dev.nanite.internal.security.SecuritySettings.OPEN),
      registry, new Schemas(), stats, null, advertised::add);

  private static Register registration(String identity, long pingIntervalMillis) {
    return Register.newBuilder().setIdentity(identity).setStatus(0.5)
        .setPingIntervalMillis(pingIntervalMillis)
        .addServices(Service.newBuilder().setPath("/a/b").setFingerprint("f"))
        .build();
  }

  private static Ping ping(String identity, long pingIntervalMillis) {
    return Ping.newBuilder().setIdentity(identity).setStatus(0.5)
        .setPingIntervalMillis(pingIntervalMillis).build();
  }

  @Test
  void aRegistrationWithAPingIntervalOutOfRangeIsRefusedAndCounted() {
    for (long millis : OUT_OF_RANGE) {
      membership.registered(registration("agent-" + millis, millis));
      assertNull(registry.get("agent-" + millis), "registered with interval " + millis);
    }
    assertEquals(OUT_OF_RANGE.length, stats.rejected.get());
  }

  @Test
  void aPingWithAPingIntervalOutOfRangeDoesNotKeepAKnownAgentListed() {
    registry.register(registration("known", 1_000), 0);
    for (long millis : OUT_OF_RANGE) {
      membership.pinged(ping("known", millis));
    }
    assertEquals(0, registry.get("known").lastSeenNanos, "a refused ping counted as heard");
    assertEquals(OUT_OF_RANGE.length, stats.rejected.get());

    membership.pinged(ping("known", 1_000));
    assertEquals(true, registry.get("known").lastSeenNanos != 0, "a good ping is heard");
    assertEquals(OUT_OF_RANGE.length, stats.rejected.get());
  }

  @Test
  void aPingWithAPingIntervalOutOfRangeFromAnUnknownAgentDoesNotAskItToRegister() {
    membership.pinged(ping("stranger", 1L << 40));
    assertEquals(List.of(), advertised);
    assertEquals(1, stats.rejected.get());

    membership.pinged(ping("stranger", 1_000));
    assertEquals(List.of("stranger"), advertised);
  }
}
