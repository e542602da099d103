package dev.nanite.bench.baseline;

import com.rabbitmq.client.Connection;

/**
 * What the baselines need to know of the broker, written out rather than taken from the fabric
 * so that they stay plain amqp-client: whether it is RabbitMQ, and how to write a message's
 * expiration as the runtime does for it.
 */
final class Broker {
  /** The deadline a baseline's message expires with, as a fabric call's default timeout. */
  private static final long DEADLINE_MILLIS = 30_000;

  private Broker() {}

  /** Whether the broker behind {@code connection} is RabbitMQ (else, here, Qpid). */
  static boolean isRabbitMq(Connection connection) {
    Object product = connection.getServerProperties().get("product");
    return product != null && product.toString().contains("RabbitMQ");
  }

  /**
   * The expiration property of a message sent now with the default deadline: RabbitMQ reads a
   * time to live, Qpid an absolute time.
   */
  static String expiration(boolean rabbitMq) {
    return Long.toString(rabbitMq ? DEADLINE_MILLIS
        : System.currentTimeMillis() + DEADLINE_MILLIS);
  }
}
