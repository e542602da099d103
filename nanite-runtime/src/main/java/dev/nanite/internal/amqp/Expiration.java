package dev.nanite.internal.amqp;

import com.rabbitmq.client.Connection;

/**
 * The AMQP 0-9-1 {@code expiration} property, whose meaning the specification leaves to the
 * broker: RabbitMQ reads it as a time to live in milliseconds (and closes the channel on a
 * value over 2^32-1), Qpid Broker-J as an absolute time in milliseconds since the epoch. Other
 * brokers get no expiration; the agent still skips a request whose deadline has passed.
 */
public enum Expiration {
  /** A time to live in milliseconds. */
  RELATIVE,
  /** An absolute time in milliseconds since the epoch. */
  ABSOLUTE,
  /** Not set. */
  NONE;

  private static final long MAX_RELATIVE = 0xFFFF_FFFFL;

  /** How the broker behind {@code connection} reads the property. */
  public static Expiration of(Connection connection) {
    Object product = connection.getServerProperties().get("product");
    String name = product == null ? "" : product.toString();
    if (name.contains("RabbitMQ")) {
      return RELATIVE;
    }
    if (name.contains("Qpid")) {
      return ABSOLUTE;
    }
    return NONE;
  }

  /** The property value for a message that expires at {@code deadlineMillis}, or null. */
  public String value(long deadlineMillis) {
    switch (this) {
      case RELATIVE:
        long ttl = deadlineMillis - System.currentTimeMillis();
        return Long.toString(Math.min(MAX_RELATIVE, Math.max(1, ttl)));
      case ABSOLUTE:
        return Long.toString(deadlineMillis);
      default:
        return null;
    }
  }
}
