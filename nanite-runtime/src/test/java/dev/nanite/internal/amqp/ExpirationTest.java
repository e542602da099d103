package dev.nanite.internal.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The expiration property as each broker reads it. */
class ExpirationTest {
  @Test
  void rabbitMqGetsAClampedTimeToLive() {
    long now = System.currentTimeMillis();
    long ttl = Long.parseLong(Expiration.RELATIVE.value(now + 5_000));
    assertTrue(ttl > 4_000 && ttl <= 5_000, "about 5 s to live: " + ttl);
    assertEquals("1", Expiration.RELATIVE.value(now - 10_000), "already due: the minimum");
    assertEquals(Long.toString(0xFFFF_FFFFL), Expiration.RELATIVE.value(Long.MAX_VALUE),
        "RabbitMQ closes the channel on a larger value");
  }

  @Test
  void qpidGetsTheAbsoluteTimeAndOthersNothing() {
    assertEquals("1700000000000", Expiration.ABSOLUTE.value(1_700_000_000_000L));
    assertNull(Expiration.NONE.value(1_700_000_000_000L));
  }
}
