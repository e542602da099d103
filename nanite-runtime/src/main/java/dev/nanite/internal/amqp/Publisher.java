package dev.nanite.internal.amqp;

import com.rabbitmq.client.AMQP;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages to the broker. The seam between what a mapper decides and the wire: the
 * runtime publishes through a {@link ChannelPool}, tests through a fake that records each
 * message and lets the test say what the broker did with it.
 */
@FunctionalInterface
public interface Publisher {
  /**
   * Publishes a message; the future completes when the broker has it (confirmed, or at once
   * without confirms), or fails when it could not be published.
   */
  CompletableFuture<Void> publish(String exchange, String routingKey, boolean mandatory,
      AMQP.BasicProperties properties, byte[] body);
}
