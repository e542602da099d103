package dev.nanite.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one message reaches the queues of several agents, for a call to all (docs/protocol.md).
 * RabbitMQ routes a message published to the default exchange to every queue its {@value #BCC}
 * header names as well (sender-selected distribution): no binding, and no permission beyond
 * the publishing a mapper already has, and the broker strips the header before delivery. Other
 * brokers get the headers exchange {@value #EXCHANGE}, to which each agent binds its own queue
 * under the header {@code @<identity>}.
 */
public final class CallToAll {
  /** The headers exchange of calls to all, on brokers other than RabbitMQ. */
  public static final String EXCHANGE = "nanite.all";
  /** RabbitMQ's header of further routing keys, removed before delivery. */
  public static final String BCC = "BCC";
  /** An AMQP field-table key (a short string) holds at most this many bytes. */
  private static final int MAX_KEY_BYTES = 255;
  private static final Logger log = LoggerFactory.getLogger(CallToAll.class);

  private CallToAll() {}

  /** Whether the broker behind {@code connection} routes by {@value #BCC}: RabbitMQ does. */
  public static boolean routesByBcc(Connection connection) {
    Object product = connection.getServerProperties().get("product");
    return product != null && product.toString().contains("RabbitMQ");
  }

  /**
   * The header that routes a message through {@value #EXCHANGE} to the agent {@code identity}.
   * The prefix keeps an identity starting with {@code x-}, which brokers read as a binding
   * option, from being taken for one.
   */
  public static String header(String identity) {
    return "@" + identity;
  }

  /** The agent a header made by {@link #header} names, or null for another header. */
  public static String agentOf(String header) {
    return header.startsWith("@") ? header.substring(1) : null;
  }

  /** Where one message for several agents is published, and the headers that route it. */
  public record Route(String exchange, String routingKey, Map<String, Object> headers) {}

  /**
   * The route of one message to the queues of {@code identities} (at least one): BCC on the
   * default exchange if {@code bcc}, else a header each on {@value #EXCHANGE}.
   */
  public static Route route(boolean bcc, List<String> identities) {
    if (bcc) {
      return new Route("", identities.get(0),
          Map.of(BCC, List.copyOf(identities.subList(1, identities.size()))));
    }
    Map<String, Object> headers = new HashMap<>(identities.size() * 2);
    for (String identity : identities) {
      headers.put(header(identity), true);
    }
    return new Route(EXCHANGE, "", headers);
  }

  /** Declares {@value #EXCHANGE} (durable, so that every participant's declaration agrees). */
  public static void declare(Channel channel) throws IOException {
    channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.HEADERS, true);
  }

  /**
   * Binds an agent's request queue to {@value #EXCHANGE} under its header, on a channel of its
   * own, and returns whether it did. It does not on RabbitMQ (no binding needed), for an
   * identity whose header does not fit in a field-table key, or when the broker refuses (an
   * account without the permission): mappers then send that agent a message of its own.
   */
  public static boolean tryBind(Connection connection, String identity) {
    if (routesByBcc(connection)
        || header(identity).getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return false;
    }
    return onOwnChannel(connection, "Agent " + identity, channel -> {
      declare(channel);
      channel.queueBind(identity, EXCHANGE, "", Map.of("x-match", "any", header(identity), true));
    });
  }

  /**
   * Declares {@value #EXCHANGE} for a mapper, except on RabbitMQ, on a channel of its own: agents
   * declare it too, so a refusal only means the mapper waits for them.
   */
  public static void tryDeclare(Connection connection, String owner) {
    if (!routesByBcc(connection)) {
      onOwnChannel(connection, owner, CallToAll::declare);
    }
  }

  private interface ChannelWork {
    void run(Channel channel) throws IOException;
  }

  /** Runs {@code work} on a new channel, so a refusal closes only that; true if it succeeded. */
  private static boolean onOwnChannel(Connection connection, String owner, ChannelWork work) {
    Channel channel = null;
    try {
      channel = connection.createChannel();
      work.run(channel);
      return true;
    } catch (IOException | RuntimeException e) {
      log.info("{} could not set up {} ({}); calls to all go out one message per agent", owner,
          EXCHANGE, e.getMessage());
      return false;
    } finally {
      if (channel != null && channel.isOpen()) {
        try {
          channel.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
          // closed with its connection
        }
      }
    }
  }
}
