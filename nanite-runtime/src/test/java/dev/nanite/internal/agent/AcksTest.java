package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import dev.nanite.broker.EmbeddedBroker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batched acknowledgements on a real broker: every delivery ends acknowledged exactly once
 * (a tag acknowledged twice, or one never delivered, closes the channel), in whatever order
 * calls finish, a delivery held back does not hold back the ones after it, and deferred ones go
 * out with a later write. Against an embedded broker, or the RabbitMQ {@code NANITE_AMQP_URI}
 * names.
 */
class AcksTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EmbeddedBroker embedded;
  private static String uri;

  private Connection connection;
  private Channel admin;
  private String queue;

  @BeforeAll
  static void startBroker() {
    String external = System.getenv("NANITE_AMQP_URI");
    if (external != null && !external.isBlank()) {
      uri = external;
    } else {
      embedded = EmbeddedBroker.start();
      uri = embedded.uri();
    }
  }

  @AfterAll
  static void stopBroker() {
    if (embedded != null) {
      embedded.close();
    }
  }

  @BeforeEach
  void open() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    connection = factory.newConnection("acks-test");
    admin = connection.createChannel();
    queue = "acks-test-" + UUID.randomUUID();
    admin.queueDeclare(queue, false, false, false, null);
  }

  @AfterEach
  void close() throws Exception {
    admin.queueDelete(queue);
    connection.close();
  }

  @Test
  void everyDeliveryIsAcknowledgedOnceWhateverOrderCallsFinishIn() throws Exception {
    int count = 3_000;
    publish(count);
    Channel channel = connection.createChannel();
    channel.basicQos(64);
    Acks acks = new Acks(channel, "test");
    AtomicInteger delivered = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    try {
      channel.basicConsume(queue, false, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props,
            byte[] body) {
          delivered.incrementAndGet();
          long deliveryTag = envelope.getDeliveryTag();
          // Calls finish out of order, on several threads at once, as on an agent.
          workers.execute(() -> {
            if (ThreadLocalRandom.current().nextInt(8) == 0) {
              Thread.yield();
            }
            acks.ack(deliveryTag);
          });
        }
      });
      awaitUntil("all " + count + " delivered", WAIT, () -> delivered.get() == count);
    } finally {
      workers.shutdown();
      assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertAllAcknowledged(channel);
  }

  @Test
  void aHeldDeliveryDoesNotHoldBackTheOnesAfterIt() throws Exception {
    int count = 40;
    publish(count);
    Channel channel = connection.createChannel();
    channel.basicQos(4); // the held delivery and three more fill the window unless acknowledged
    Acks acks = new Acks(channel, "test");
    AtomicLong held = new AtomicLong();
    AtomicInteger delivered = new AtomicInteger();
    consume(channel, delivered, tag -> {
      if (!held.compareAndSet(0, tag)) {
        acks.ack(tag);
      }
    });
    awaitUntil("all " + count + " delivered past the held one", WAIT,
        () -> delivered.get() == count);
    acks.ack(held.get()); // closes the gap: one multiple acknowledgement may not cover more
    assertAllAcknowledged(channel);
  }

  @Test
  void deferredTagsAreWrittenOnceTheMostAllowedWait() throws Exception {
    int count = 40;
    publish(count);
    Channel channel = connection.createChannel();
    channel.basicQos(10); // ten deferred and never written would stop the deliveries here
    Acks acks = new Acks(channel, "test");
    AtomicInteger delivered = new AtomicInteger();
    consume(channel, delivered, tag -> acks.defer(tag, 4));
    awaitUntil("all " + count + " delivered", WAIT, () -> delivered.get() == count);
    acks.flush(); // none should be left, 40 being a multiple of 4; a flush of none is harmless
    assertAllAcknowledged(channel);
  }

  @Test
  void deferredTagsStayUnacknowledgedUntilAWrite() throws Exception {
    int count = 10;
    publish(count);
    Channel channel = connection.createChannel();
    Acks acks = new Acks(channel, "test");
    AtomicInteger delivered = new AtomicInteger();
    consume(channel, delivered, tag -> acks.defer(tag, 32));
    awaitUntil("all " + count + " delivered", WAIT, () -> delivered.get() == count);
    channel.close(); // requeues every delivery still unacknowledged
    assertEquals(count, admin.queueDeclarePassive(queue).getMessageCount(),
        "deferred deliveries were acknowledged without a write");
  }

  @Test
  void aFlushWritesWhatWasDeferred() throws Exception {
    int count = 20;
    publish(count);
    Channel channel = connection.createChannel();
    channel.basicQos(10);
    Acks acks = new Acks(channel, "test");
    AtomicInteger delivered = new AtomicInteger();
    consume(channel, delivered, tag -> acks.defer(tag, 32));
    awaitUntil("the first ten delivered", WAIT, () -> delivered.get() == 10);
    acks.flush(); // frees the window: without it the other ten never come
    awaitUntil("all " + count + " delivered", WAIT, () -> delivered.get() == count);
    acks.flush();
    assertAllAcknowledged(channel);
  }

  /** Consumes the queue on {@code channel}, counting deliveries and passing on their tags. */
  private void consume(Channel channel, AtomicInteger delivered, LongConsumer onTag)
      throws Exception {
    channel.basicConsume(queue, false, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props,
          byte[] body) {
        delivered.incrementAndGet();
        onTag.accept(envelope.getDeliveryTag());
      }
    });
  }

  /** Closes the channel, which requeues whatever it left unacknowledged, and counts those. */
  /** The broker took every acknowledgement, and none of the messages went back on closing. */
  private void assertAllAcknowledged(Channel channel) throws Exception {
    assertNull(channel.getCloseReason(), "the broker closed the channel over an acknowledgement");
    channel.close();
    assertEquals(0, admin.queueDeclarePassive(queue).getMessageCount(),
        "messages left unacknowledged went back to the queue");
  }

  /** Returns once {@code condition} holds, or fails naming {@code what} after {@code timeout}. */
  private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  private void publish(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      admin.basicPublish("", queue, null, new byte[] {(byte) i});
    }
  }
}
