package dev.nanite.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line of {@link EmbeddedBrokerMain}. */
class EmbeddedBrokerMainTest {

  @Test
  void portDefaultsTo5673() {
    assertEquals(5673, EmbeddedBrokerMain.parsePort(new String[0]));
  }

  @Test
  void portComesFromTheFirstArgument() {
    assertEquals(5680, EmbeddedBrokerMain.parsePort(new String[] {"5680"}));
    assertEquals(0, EmbeddedBrokerMain.parsePort(new String[] {" 0 "}));
  }

  @Test
  void badPortsAreRefusedWithTheReason() {
    IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedBrokerMain.parsePort(new String[] {"amqp"}));
    assertTrue(notANumber.getMessage().contains("not 'amqp'"), notANumber.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddedBrokerMain.parsePort(new String[] {"65536"}));
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddedBrokerMain.parsePort(new String[] {"1", "2"}));
  }
}
