package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsDurationsAsPeopleWriteThem() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofSeconds(3), Durations.parse("3"));
    assertEquals(Duration.ofSeconds(2), Durations.parse("PT2S"));
  }

  @Test
  void printsThemBack() {
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals("10s", Durations.format(Duration.ofSeconds(10)));
    assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
  }

  @Test
  void refusesNonsense() {
    assertEquals("not a duration: 'soon' (write it like 500ms, 2s, 1.5s, 1m or PT2S)",
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon")).getMessage());
    assertEquals("the duration must be positive, not '0s'",
        assertThrows(IllegalArgumentException.class, () -> Durations.positive("0s")).getMessage());
  }
}
