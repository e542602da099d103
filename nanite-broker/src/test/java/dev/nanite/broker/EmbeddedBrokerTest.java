package dev.nanite.broker;

import static dev.nanite.broker.Amqp.text;
import static dev.nanite.broker.Amqp.utf8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the demo and the test suites rely on, checked with amqp-client against the broker. */
@Timeout(60)
class EmbeddedBrokerTest {
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

  @Test
  void startsOnAFreePortWithAGuestUri() {
    assertTrue(broker.port() > 0, "port " + broker.port());
    assertEquals("amqp://guest:guest@127.0.0.1:" + broker.port(), broker.uri());
  }

  @Test
  void routesThroughFanoutAndDirectExchangesToServerNamedAndDurableQueues() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      channel.exchangeDeclare("test.fanout", BuiltinExchangeType.FANOUT, false, true, null);
      channel.exchangeDeclare("test.direct", BuiltinExchangeType.DIRECT, false, true, null);
      String exclusive = channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
      channel.queueDeclare("test.durable", true, false, false, null);
      channel.queueBind(exclusive, "test.fanout", "");
      channel.queueBind("test.durable", "test.direct", "key");
      BlockingQueue<String> fromFanout = Amqp.consume(channel, exclusive);
      BlockingQueue<String> fromDirect = Amqp.consume(channel, "test.durable");

      channel.basicPublish("test.fanout", "ignored", null, utf8("to everyone"));
      channel.basicPublish("test.direct", "key", null, utf8("to key"));

      assertEquals("to everyone", fromFanout.poll(WAIT_MS, MILLISECONDS));
      assertEquals("to key", fromDirect.poll(WAIT_MS, MILLISECONDS));
      channel.queueDelete("test.durable");
    }
  }

  @Test
  void virtualHostIsReachableByNameAndAsSlash() throws Exception {
    for (String virtualHost : new String[] {"/", broker.virtualHost()}) {
      ConnectionFactory factory = Amqp.factory(broker);
      factory.setVirtualHost(virtualHost);
      try (Connection connection = factory.newConnection()) {
        assertTrue(connection.createChannel().queueDeclare().getQueue().length() > 0, virtualHost);
      }
    }
  }

  @Test
  void publisherConfirmsAckRoutedMessages() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      for (int i = 0; i < 100; i++) {
        channel.basicPublish("", queue, null, utf8("m" + i));
      }
      channel.waitForConfirmsOrDie(WAIT_MS);
      assertEquals(100, channel.queueDeclarePassive(queue).getMessageCount());
    }
  }

  @Test
  void mandatoryUnroutableMessageIsReturned() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      CompletableFuture<Return> returned = new CompletableFuture<>();
      channel.addReturnListener(returned::complete);

      channel.basicPublish("amq.direct", "no.such.key", true, null, utf8("lost"));

      Return unroutable = returned.get(WAIT_MS, MILLISECONDS);
      assertEquals(AMQP.NO_ROUTE, unroutable.getReplyCode());
      assertEquals("no.such.key", unroutable.getRoutingKey());
      assertEquals("lost", text(unroutable.getBody()));
    }
  }

  /**
   * Qpid reads the {@code expiration} property as an absolute time in epoch milliseconds (the
   * old Qpid JMS convention), where RabbitMQ reads a TTL: see {@link QpidDifferencesTest}.
   */
  @Test
  void messageExpiresAtItsExpirationTime() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      long expiresAt = System.currentTimeMillis() + 1_000;
      AMQP.BasicProperties expiring =
          new AMQP.BasicProperties.Builder().expiration(Long.toString(expiresAt)).build();
      channel.basicPublish("", queue, expiring, utf8("short-lived"));
      channel.basicPublish("", queue, null, utf8("long-lived"));

      GetResponse early = channel.basicGet(queue, false);
      assertEquals("short-lived", text(early.getBody()), "delivered before its expiration");
      channel.basicNack(early.getEnvelope().getDeliveryTag(), false, true);

      Await.until("the short-lived message expires", () -> {
        GetResponse next = channel.basicGet(queue, false);
        long tag = next.getEnvelope().getDeliveryTag();
        if (text(next.getBody()).equals("long-lived")) {
          channel.basicAck(tag, false);
          return true;
        }
        channel.basicNack(tag, false, true);
        return false;
      });
      assertTrue(System.currentTimeMillis() >= expiresAt, "expired only once its time came");
      assertNull(channel.basicGet(queue, true), "the expired message is gone for good");
    }
  }

  @Test
  void restartsOnTheSamePortWithNothingKept() throws Exception {
    EmbeddedBroker first = EmbeddedBroker.start();
    int port = first.port();
    CompletableFuture<ShutdownSignalException> lost = new CompletableFuture<>();
    Connection connection = Amqp.connect(first);
    try {
      connection.addShutdownListener(lost::complete);
      connection.createChannel().queueDeclare("test.kept?", true, false, false, null);

      first.close();

      ShutdownSignalException signal = lost.get(WAIT_MS, MILLISECONDS);
      assertTrue(signal.isHardError() && !signal.isInitiatedByApplication(), signal.toString());
      assertEquals(AMQP.CONNECTION_FORCED,
          ((AMQP.Connection.Close) signal.getReason()).getReplyCode());
    } finally {
      connection.abort();
    }
    assertFalse(Files.exists(first.workDir()), "work folder deleted: " + first.workDir());

    try (EmbeddedBroker second = EmbeddedBroker.start(port);
        Connection again = Amqp.connect(second)) {
      assertEquals(port, second.port());
      Channel channel = again.createChannel();
      IOException missing =
          assertThrows(IOException.class, () -> channel.queueDeclarePassive("test.kept?"));
      assertTrue(missing.getCause().getMessage().contains("404"), missing.getCause().toString());
      Channel fresh = again.createChannel();
      String queue = fresh.queueDeclare().getQueue();
      fresh.basicPublish("", queue, null, utf8("after restart"));
      assertEquals("after restart", Amqp.consume(fresh, queue).poll(WAIT_MS, MILLISECONDS));
    }
  }

  @Test
  void portInUseFailsNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      EmbeddedBrokerException e =
          assertThrows(EmbeddedBrokerException.class, () -> EmbeddedBroker.start(port));
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
  }

  @Test
  void builderSetsUserAndVirtualHost() throws Exception {
    try (EmbeddedBroker custom =
        EmbeddedBroker.builder().user("nanite", "s3cret word").virtualHost("fabric").start()) {
      assertEquals("amqp://nanite:s3cret%20word@127.0.0.1:" + custom.port(), custom.uri());
      ConnectionFactory factory = Amqp.factory(custom);
      factory.setVirtualHost("fabric");
      try (Connection connection = factory.newConnection()) {
        assertNotNull(connection.createChannel().queueDeclare().getQueue());
      }
      ConnectionFactory guest = Amqp.factory(custom);
      guest.setUsername("guest");
      guest.setPassword("guest");
      assertThrows(Exception.class, guest::newConnection, "guest is not a user of this broker");
    }
  }

  @Test
  void closeTwiceIsHarmless() {
    EmbeddedBroker other = EmbeddedBroker.start();
    other.close();
    other.close();
    assertTrue(other.toString().endsWith(", closed]"), other.toString());
  }

  @Test
  void builderRejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.builder().port(70000));
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddedBroker.builder().user("me", "${qpid.work_dir}"));
    assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.builder().virtualHost(""));
  }
}
