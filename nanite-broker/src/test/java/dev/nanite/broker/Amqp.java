package dev.nanite.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** amqp-client helpers for the tests: connections without recovery, and a collecting consumer. */
final class Amqp {
  private Amqp() {}

  /** Opens a connection to {@code broker} without automatic recovery, so errors stay visible. */
  static Connection connect(EmbeddedBroker broker) throws Exception {
    return factory(broker).newConnection();
  }

  /** A connection factory for {@code broker} without automatic recovery. */
  static ConnectionFactory factory(EmbeddedBroker broker) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(broker.uri());
    factory.setAutomaticRecoveryEnabled(false);
    return factory;
  }

  /** Consumes {@code queue} with auto-ack and returns the queue the bodies arrive in, as text. */
  static BlockingQueue<String> consume(Channel channel, String queue) throws Exception {
    BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(
          String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        bodies.add(new String(body, StandardCharsets.UTF_8));
      }
    });
    return bodies;
  }

  /** The UTF-8 bytes of {@code text}. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The UTF-8 text of {@code body}. */
  static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
