package dev.nanite.broker;

import static dev.nanite.broker.Amqp.text;
import static dev.nanite.broker.Amqp.utf8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where Qpid Broker-J 9.2.1 behaves unlike RabbitMQ for an amqp-client user. Each test pins one
 * difference, so code that must run on both brokers knows what to avoid, and a Qpid upgrade that
 * changes one shows here.
 */
@Timeout(60)
class QpidDifferencesTest {
  private static final long WAIT_MS = Await.TIMEOUT.toMillis();

  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** RabbitMQ reads "60000" as a 60 s TTL; Qpid as 1970-01-01T00:01:00Z, long past. */
  @Test
  void relativeExpirationIsReadAsAnAbsoluteTimeAndDropsTheMessage() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      AMQP.BasicProperties ttl = new AMQP.BasicProperties.Builder().expiration("60000").build();
      channel.basicPublish("", queue, ttl, utf8("expired on arrival"));
      channel.waitForConfirmsOrDie(WAIT_MS);

      assertNull(channel.basicGet(queue, true));
    }
  }

  /** RabbitMQ's x-message-ttl, x-expires, x-max-length, x-dead-letter-exchange... */
  @Test
  void rabbitQueueArgumentsCloseTheConnection() throws Exception {
    for (String argument : List.of("x-message-ttl", "x-expires", "x-max-length")) {
      Connection connection = Amqp.connect(broker);
      Channel channel = connection.createChannel();

      IOException e = assertThrows(IOException.class,
          () -> channel.queueDeclare("", false, true, true, Map.of(argument, 1000)));

      ShutdownSignalException closed = (ShutdownSignalException) e.getCause();
      assertTrue(closed.isHardError(), "a connection error, not a channel error: " + closed);
      assertTrue(closed.getMessage().contains("Unsupported queue declare argument(s) : "
          + argument), closed.getMessage());
      assertFalse(connection.isOpen());
    }
  }

  /** Qpid's own arguments give a queue TTL: maximumMessageTtl (or x-qpid-maximum-message-age). */
  @Test
  void qpidMaximumMessageTtlArgumentExpiresQueuedMessages() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare("", false, true, true,
          Map.of("maximumMessageTtl", 200L)).getQueue();
      long published = System.currentTimeMillis();
      channel.basicPublish("", queue, null, utf8("short-lived"));

      Await.until("the queue's TTL drops the message", () -> {
        var got = channel.basicGet(queue, false);
        if (got != null) {
          channel.basicNack(got.getEnvelope().getDeliveryTag(), false, true);
        }
        return got == null;
      });
      assertTrue(System.currentTimeMillis() - published >= 200);
    }
  }

  /** RabbitMQ sends basic.cancel to consumers of a deleted queue; Qpid leaves them hanging. */
  @Test
  void deletingAQueueDoesNotCancelItsConsumers() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel consuming = connection.createChannel();
      String queue = consuming.queueDeclare("test.deleted", false, false, false, null).getQueue();
      CompletableFuture<String> cancelled = new CompletableFuture<>();
      consuming.basicConsume(queue, true, new DefaultConsumer(consuming) {
        @Override
        public void handleCancel(String consumerTag) {
          cancelled.complete(consumerTag);
        }
      });

      connection.createChannel().queueDelete(queue);
      // A round trip on the consumer's channel: a basic.cancel would have come before its reply.
      consuming.basicQos(10);

      assertFalse(cancelled.isDone(), "no basic.cancel");
      assertTrue(consuming.isOpen());
    }
  }

  /** RabbitMQ acks a returned message; Qpid nacks it, and the nack comes before the return. */
  @Test
  void mandatoryUnroutableMessageIsNackedAsWellAsReturned() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      List<String> events = new CopyOnWriteArrayList<>();
      channel.addReturnListener(returned -> events.add("return " + returned.getReplyCode()));
      channel.addConfirmListener(new ConfirmListener() {
        @Override
        public void handleAck(long tag, boolean multiple) {
          events.add("ack " + tag);
        }

        @Override
        public void handleNack(long tag, boolean multiple) {
          events.add("nack " + tag);
        }
      });
      channel.confirmSelect();

      channel.basicPublish("amq.direct", "no.such.key", true, null, utf8("lost"));

      assertFalse(channel.waitForConfirms(WAIT_MS), "not all acked");
      Await.until("the return arrives", () -> events.size() == 2);
      assertEquals(List.of("nack 1", "return 312"), events);
    }
  }

  /** RabbitMQ's message count is of ready messages; Qpid's also counts unacknowledged ones. */
  @Test
  void messageCountIncludesUnacknowledgedMessages() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      channel.basicPublish("", queue, null, utf8("one"));
      channel.basicPublish("", queue, null, utf8("two"));
      channel.waitForConfirmsOrDie(WAIT_MS);

      assertEquals("one", text(channel.basicGet(queue, false).getBody()));

      assertEquals(2, channel.queueDeclarePassive(queue).getMessageCount(), "RabbitMQ says 1");
    }
  }

  /**
   * RabbitMQ closes the channel with 405 RESOURCE_LOCKED; Qpid closes the whole connection, with
   * 530 NOT_ALLOWED for a declare and 403 ACCESS_REFUSED for a consume.
   */
  @Test
  void usingAnotherConnectionsExclusiveQueueClosesTheConnection() throws Exception {
    try (Connection owner = Amqp.connect(broker)) {
      String queue = owner.createChannel().queueDeclare().getQueue();

      Channel declaring = Amqp.connect(broker).createChannel();
      IOException declare = assertThrows(IOException.class,
          () -> declaring.queueDeclare(queue, false, true, true, null));
      assertEquals(AMQP.NOT_ALLOWED, connectionCloseCode(declare));

      Channel consuming = Amqp.connect(broker).createChannel();
      IOException consume = assertThrows(IOException.class,
          () -> consuming.basicConsume(queue, true, new DefaultConsumer(consuming)));
      assertEquals(AMQP.ACCESS_REFUSED, connectionCloseCode(consume));
    }
  }

  /**
   * RabbitMQ drops (or dead-letters) a message rejected without requeue; Qpid requeues it unless
   * the queue has a maximum delivery count (x-qpid-maximum-delivery-count).
   */
  @Test
  void rejectWithoutRequeueKeepsTheMessage() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      channel.basicPublish("", queue, null, utf8("unwanted"));
      channel.waitForConfirmsOrDie(WAIT_MS);

      channel.basicReject(channel.basicGet(queue, false).getEnvelope().getDeliveryTag(), false);

      var again = channel.basicGet(queue, true);
      assertEquals("unwanted", text(again.getBody()));
      assertTrue(again.getEnvelope().isRedeliver());
    }
  }

  /** The reply code of the connection.close that {@code e} reports. */
  private static int connectionCloseCode(IOException e) {
    ShutdownSignalException closed = (ShutdownSignalException) e.getCause();
    assertTrue(closed.isHardError(), "a connection error, not a channel error: " + closed);
    return ((AMQP.Connection.Close) closed.getReason()).getReplyCode();
  }

  /**
   * RabbitMQ lists its capabilities (publisher_confirms, consumer_cancel_notify,
   * connection.blocked, exchange_exchange_bindings...) in the server properties; Qpid lists none
   * and has none of connection.blocked (it throttles publishers with channel.flow instead),
   * exchange-to-exchange bindings or direct reply-to.
   */
  @Test
  void serverAdvertisesNoRabbitCapabilities() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Map<String, Object> properties = connection.getServerProperties();
      assertFalse(properties.containsKey("capabilities"), properties.toString());
      assertEquals("true", String.valueOf(properties.get("qpid.confirmed_publish_supported")));

      Channel channel = connection.createChannel();
      IOException e = assertThrows(IOException.class,
          () -> channel.basicConsume("amq.rabbitmq.reply-to", true, new DefaultConsumer(channel)));
      assertEquals(AMQP.NOT_FOUND,
          ((AMQP.Channel.Close) ((ShutdownSignalException) e.getCause()).getReason())
              .getReplyCode());
    }
  }
}
