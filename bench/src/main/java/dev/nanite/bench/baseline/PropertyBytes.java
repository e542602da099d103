package dev.nanite.bench.baseline;

import com.rabbitmq.client.AMQP;

/**
 * The bytes that the property values a fabric message or a baseline sets take on the wire: each
 * short string (correlation id, reply queue, expiration) a length byte and its characters (ASCII
 * here), the delivery mode one byte. One count for both sides, so that a same-wire baseline pads
 * its bodies by exactly what its own properties leave over.
 */
public final class PropertyBytes {
  private PropertyBytes() {}

  /** The bytes of the property values {@code properties} sets (headers aside). */
  public static int of(AMQP.BasicProperties properties) {
    return string(properties.getCorrelationId()) + string(properties.getReplyTo())
        + string(properties.getExpiration()) + (properties.getDeliveryMode() == null ? 0 : 1);
  }

  private static int string(String value) {
    return value == null ? 0 : 1 + value.length();
  }
}
