package dev.nanite;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The agent builder's checks, which fail at once rather than when the agent starts. */
class AgentBuilderTest {
  @Test
  void pingIntervalIsFromTenMillisecondsToOneHourAsMappersRequire() {
    Agent.builder().pingInterval(Duration.ofMillis(10));
    Agent.builder().pingInterval(Duration.ofHours(1));
    assertThrows(IllegalArgumentException.class,
        () -> Agent.builder().pingInterval(Duration.ofMillis(9)));
    assertThrows(IllegalArgumentException.class,
        () -> Agent.builder().pingInterval(Duration.ofHours(1).plusMillis(1)));
    assertThrows(IllegalArgumentException.class, () -> Agent.builder().pingInterval(null));
  }
}
