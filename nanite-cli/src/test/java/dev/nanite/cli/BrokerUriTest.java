package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the CLI reads from a broker URI itself: the user, and the redacted form. */
class BrokerUriTest {
  @Test
  void redactsThePasswordOfEveryForm() {
    assertEquals("amqp://guest:***@localhost:5672", BrokerUri.redact(BrokerUri.LOCAL_RABBITMQ));
    assertEquals("amqps://nanite1:***@rabbit1:5671,rabbit2:5671,[::1]:5671/nanite?heartbeat=30",
        BrokerUri.redact("amqps://nanite1:s3cret@rabbit1:5671,rabbit2:5671,[::1]:5671/nanite"
            + "?heartbeat=30"));
    assertEquals("amqp://nanite1@rabbit1:5672,rabbit2:5672/%2Fnanite",
        BrokerUri.redact("amqp://nanite1@rabbit1:5672,rabbit2:5672/%2Fnanite"), "no password");
    assertEquals("amqp://rabbit1:5672,rabbit2:5672", BrokerUri.redact(
        "amqp://rabbit1:5672,rabbit2:5672"), "no user");
    assertEquals("amqp://nanite1:***@h1:5672,h2:5672",
        BrokerUri.redact("amqp://nanite1:p@ss/w:rd@h1:5672,h2:5672"),
        "a password with an unescaped @ or / is hidden whole");
    assertEquals("amqp://nanite1:***@h1", BrokerUri.redact("amqp://nanite1:%40%2F@h1"));
    assertEquals("amqp://nanite1:***@h1", BrokerUri.redact("amqp://nanite1:p?ss#w@h1"));
    assertEquals("not a uri, but:***@somewhere",
        BrokerUri.redact("not a uri, but:secret@somewhere"),
        "what does not parse is redacted too");
  }

  @Test
  void readsTheUserAndWhetherThereIsAPassword() {
    String multi = "amqps://nanite%2B1@rabbit1:5671,rabbit2:5671/nanite";
    assertEquals("nanite+1", BrokerUri.user(multi));
    assertFalse(BrokerUri.hasPassword(multi));
    assertTrue(BrokerUri.tls(multi));
    assertTrue(BrokerUri.hasPassword("amqp://guest:guest@h1:5672,h2:5672"));
    assertEquals("guest", BrokerUri.user("amqp://guest:guest@h1:5672,h2:5672"));
    assertNull(BrokerUri.user("amqp://h1:5672,h2:5672/v@x"), "an @ in the vhost is no user");
    assertFalse(BrokerUri.hasPassword("amqp://h1:5672/v@x"));
    assertFalse(BrokerUri.tls("amqp://h1"));
    assertTrue(BrokerUri.passwordNeedsEscaping("amqp://u:pa/ss@h1,h2"));
    assertTrue(BrokerUri.passwordNeedsEscaping("amqp://u:p@ss@h1"));
    assertTrue(BrokerUri.passwordNeedsEscaping("amqp://u:p?ss@h1"));
    assertFalse(BrokerUri.passwordNeedsEscaping("amqp://u:p%2Fss:w@h1/v?heartbeat=5"));
    assertFalse(BrokerUri.passwordNeedsEscaping("amqp://u@h1:5672,h2:5672/vhost"));
    assertTrue(BrokerUri.hostsHoldAt("amqp://u:p@ss@h1:5672"));
    assertFalse(BrokerUri.hostsHoldAt("amqp://u:pw@h1:5672/v@x"), "an @ in the vhost");
    assertFalse(BrokerUri.hostsHoldAt("amqp://u:pa/ss@h1"), "the parser refuses this one");
  }
}
