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
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker checks the AMQP {@code user-id} of published messages against the connection's
 * login, as RabbitMQ does, which secure mode relies on: a message that names its publisher's
 * account, or none, is routed; one that names another account is dropped and its connection
 * closed (where RabbitMQ closes only the channel, with 406).
 */
@Timeout(60)
class UserIdTest {
  private static final long WAIT_MS = Await.TIMEOUT.toMillis();
  private static final String QUEUE = "test.user-id";
  private static final String OTHER = "mallory";
  private static final String OTHER_PASSWORD = "m4llory";

  private static EmbeddedBroker broker;

  private Connection observer;
  private Channel observed;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.builder().extraUser(OTHER, OTHER_PASSWORD).start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void declareQueue() throws Exception {
    observer = Amqp.connect(broker);
    observed = observer.createChannel();
    observed.queueDeclare(QUEUE, false, false, false, null);
  }

  @AfterEach
  void deleteQueue() throws Exception {
    observed.queueDelete(QUEUE);
    observer.close();
  }

  @Test
  void userIdOfTheLoginIsDelivered() throws Exception {
    try (Connection connection = connectAs(OTHER, OTHER_PASSWORD)) {
      publishConfirmed(connection, OTHER, "mine");
    }

    GetResponse got = observed.basicGet(QUEUE, true);
    assertEquals("mine", text(got.getBody()));
    assertEquals(OTHER, got.getProps().getUserId(), "delivered with its user-id");
  }

  @Test
  void noUserIdIsDelivered() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      publishConfirmed(connection, null, "anonymous");
    }

    GetResponse got = observed.basicGet(QUEUE, true);
    assertEquals("anonymous", text(got.getBody()));
    assertNull(got.getProps().getUserId());
  }

  /**
   * RabbitMQ refuses an empty or whitespace user-id from any other login; Qpid takes it as none,
   * and passes it on as it came, so a consumer must take a blank user-id as none too.
   */
  @Test
  void blankUserIdIsDeliveredAsNone() throws Exception {
    try (Connection connection = Amqp.connect(broker)) {
      publishConfirmed(connection, "", "empty");
      publishConfirmed(connection, "  ", "whitespace");
    }

    assertEquals("empty", text(observed.basicGet(QUEUE, true).getBody()));
    GetResponse whitespace = observed.basicGet(QUEUE, true);
    assertEquals("whitespace", text(whitespace.getBody()));
    assertEquals("  ", whitespace.getProps().getUserId());
  }

  @Test
  void userIdOfAnotherAccountClosesTheConnectionAndDropsTheMessage() throws Exception {
    Connection forger = connectAs(OTHER, OTHER_PASSWORD);
    try {
      ShutdownSignalException closed = publishRefused(forger, EmbeddedBroker.DEFAULT_USER);

      AMQP.Connection.Close close = (AMQP.Connection.Close) closed.getReason();
      assertEquals(AMQP.ACCESS_REFUSED, close.getReplyCode());
      assertEquals("The user id of the message 'guest' is not valid on a connection"
          + " authenticated as  mallory", close.getReplyText());
    } finally {
      forger.abort();
    }
    // Qpid checks the user-id before it stores or routes the message, and closes the connection
    // after: once the client has the close, the message is gone for good.
    assertEquals(0, observed.queueDeclarePassive(QUEUE).getMessageCount());
    assertNull(observed.basicGet(QUEUE, true));
  }

  @Test
  void userIdOfNoAccountIsRefusedToo() throws Exception {
    Connection forger = Amqp.connect(broker);
    try {
      ShutdownSignalException closed = publishRefused(forger, "nobody");

      assertEquals(AMQP.ACCESS_REFUSED,
          ((AMQP.Connection.Close) closed.getReason()).getReplyCode());
    } finally {
      forger.abort();
    }
    assertEquals(0, observed.queueDeclarePassive(QUEUE).getMessageCount());
  }

  @Test
  void withTheCheckOffAnotherAccountsUserIdIsDelivered() throws Exception {
    try (EmbeddedBroker unchecked = EmbeddedBroker.builder().checkUserId(false).start();
        Connection connection = Amqp.connect(unchecked)) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      channel.basicPublish("", queue, properties(OTHER), utf8("forged"));
      channel.waitForConfirmsOrDie(WAIT_MS);

      GetResponse got = channel.basicGet(queue, true);
      assertEquals("forged", text(got.getBody()));
      assertEquals(OTHER, got.getProps().getUserId());
    }
  }

  @Test
  void extraUsersAreCheckedWhenBuilt() {
    EmbeddedBroker.Builder twice = EmbeddedBroker.builder().extraUser(OTHER, OTHER_PASSWORD);
    assertThrows(IllegalArgumentException.class, () -> twice.extraUser(OTHER, "again"));
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedBroker.builder().extraUser("guest", "x").start());
    assertTrue(both.getMessage().contains("both the main user and an extra user"),
        both.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddedBroker.builder().extraUser(OTHER, ""));
  }

  @Test
  void extraUserNeedsItsOwnPassword() throws Exception {
    ConnectionFactory wrong = Amqp.factory(broker);
    wrong.setUsername(OTHER);
    wrong.setPassword(EmbeddedBroker.DEFAULT_PASSWORD);
    assertThrows(Exception.class, wrong::newConnection);
  }

  private static Connection connectAs(String user, String password) throws Exception {
    ConnectionFactory factory = Amqp.factory(broker);
    factory.setUsername(user);
    factory.setPassword(password);
    return factory.newConnection();
  }

  private static AMQP.BasicProperties properties(String userId) {
    return new AMQP.BasicProperties.Builder().userId(userId).build();
  }

  /** Publishes {@code body} to the test queue with {@code userId}; waits for the broker's ack. */
  private static void publishConfirmed(Connection connection, String userId, String body)
      throws Exception {
    Channel channel = connection.createChannel();
    channel.confirmSelect();
    channel.basicPublish("", QUEUE, properties(userId), utf8(body));
    channel.waitForConfirmsOrDie(WAIT_MS);
  }

  /**
   * Publishes to the test queue with {@code userId}, which the broker should refuse, and returns
   * the connection's shutdown, checking that it is a connection error the broker sent.
   */
  private static ShutdownSignalException publishRefused(Connection connection, String userId)
      throws Exception {
    CompletableFuture<ShutdownSignalException> lost = new CompletableFuture<>();
    connection.addShutdownListener(lost::complete);
    Channel channel = connection.createChannel();
    channel.confirmSelect();

    channel.basicPublish("", QUEUE, properties(userId), utf8("forged"));

    ShutdownSignalException closed = lost.get(WAIT_MS, MILLISECONDS);
    assertTrue(closed.isHardError(), "a connection error, not a channel error: " + closed);
    assertFalse(closed.isInitiatedByApplication(), closed.toString());
    assertFalse(connection.isOpen());
    return closed;
  }
}
