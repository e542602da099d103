package dev.nanite.it.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;

/**
 * What the broker itself says of a queue, asked on a connection of the test's own (a plain
 * amqp-client one, outside Nanite), so that a test can tell a fault has happened at the broker
 * before it makes a call.
 */
public final class Queues {
  private Queues() {}

  /**
   * Whether {@code queue} exists: a passive declare on a fresh channel, which the broker answers
   * with 404 (closing the channel) once the queue is gone. An agent's request queue is named by
   * its identity, and an exclusive one goes with its connection; while it is there, the broker
   * refuses the declare with 405 (another connection owns it), which also says it exists.
   */
  public static boolean exists(String uri, String queue) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
      try (Connection connection = factory.newConnection("nanite-test-queues")) {
        Channel channel = connection.createChannel();
        channel.queueDeclarePassive(queue);
        return true;
      }
    } catch (IOException e) {
      int code = replyCode(e);
      if (code == AMQP.NOT_FOUND) {
        return false;
      }
      if (code == AMQP.RESOURCE_LOCKED) {
        return true;
      }
      throw new IllegalStateException("could not ask the broker about " + queue, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not ask the broker about " + queue, e);
    }
  }

  /** The reply code the broker closed the channel with, or -1. */
  private static int replyCode(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal
          && signal.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyCode();
      }
    }
    return -1;
  }

  /** Deletes {@code queue} if it exists, for tests that leave a durable one behind. */
  public static void delete(String uri, String queue) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
      try (Connection connection = factory.newConnection("nanite-test-queues")) {
        connection.createChannel().queueDelete(queue);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not delete " + queue, e);
    }
  }
}
