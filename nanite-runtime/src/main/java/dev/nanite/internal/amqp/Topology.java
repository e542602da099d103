package dev.nanite.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The exchanges and queues of a Nanite fabric (docs/protocol.md):
 *
 * <ul>
 *   <li>{@value #HEARTBEAT}, a fanout: agents publish pings to it;
 *   <li>{@value #REGISTRATION}, a fanout: agents publish registrations to it;
 *   <li>{@value #ADVERTISE}, a fanout bound to every agent's request queue: a mapper that
 *       starts or reconnects publishes an advertise request to it, so that every live agent
 *       registers now rather than at its next ping;
 *   <li>one request queue per agent, named by its identity, reached through the default
 *       exchange; exclusive to the agent's connection unless the agent asks for a durable one;
 *   <li>per mapper an inbox bound to both fanouts and a reply queue, both exclusive to it.
 * </ul>
 */
public final class Topology {
  /** The fanout exchange of pings. */
  public static final String HEARTBEAT = "heartbeat";

  /** The fanout exchange of registrations and unregistrations. */
  public static final String REGISTRATION = "registration";

  /** The fanout exchange through which a mapper asks every agent to register. */
  public static final String ADVERTISE = "advertise";

  /** The default exchange, which routes a message to the queue named by its routing key. */
  public static final String DEFAULT_EXCHANGE = "";

  private Topology() {}

  /** Declares the three fanout exchanges (durable, so durable queues can outlive a restart). */
  public static void declareExchanges(Channel channel) throws IOException {
    channel.exchangeDeclare(HEARTBEAT, BuiltinExchangeType.FANOUT, true);
    channel.exchangeDeclare(REGISTRATION, BuiltinExchangeType.FANOUT, true);
    channel.exchangeDeclare(ADVERTISE, BuiltinExchangeType.FANOUT, true);
  }

  /**
   * Declares an agent's request queue. An exclusive queue disappears with the agent's
   * connection, so a request sent to a dead agent comes back at once as unroutable; a durable
   * one survives broker restarts and keeps persistent requests; a quorum queue is a durable one
   * that RabbitMQ replicates over a cluster's nodes, so it also survives the loss of one. Each is
   * bound to
   * {@value #ADVERTISE}, again after every reconnect, as an exclusive queue comes back without
   * its bindings.
   */
  public static void declareAgentQueue(Channel channel, String identity, boolean durable,
      boolean quorum) throws IOException {
    if (quorum) {
      channel.queueDeclare(identity, true, false, false, Map.of("x-queue-type", "quorum"));
    } else if (durable) {
      channel.queueDeclare(identity, true, false, false, Map.of());
    } else {
      channel.queueDeclare(identity, false, true, true, Map.of());
    }
    channel.queueBind(identity, ADVERTISE, "");
  }

  /**
   * Whether the broker of {@code connection} has quorum queues: RabbitMQ does (3.8 and later);
   * the embedded broker refuses the queue type, and being one node has nothing to replicate to.
   */
  public static boolean hasQuorumQueues(Connection connection) {
    Object product = connection.getServerProperties().get("product");
    return product != null && product.toString().contains("RabbitMQ");
  }

  /**
   * Whether a queue asked to be a quorum queue can be one on {@code connection}'s broker;
   * logs, once per owner, that it is a classic durable queue instead if not.
   */
  public static boolean quorum(boolean asked, Connection connection,
      String owner, Logger log) {
    if (!asked || hasQuorumQueues(connection)) {
      return asked;
    }
    log.warn("{}: the broker ({}) has no quorum queues: declaring a classic durable queue "
        + "instead", owner, connection.getServerProperties().get("product"));
    return false;
  }

  /** The inbox of a mapper: hears every ping and registration. */
  public static String mapperInbox(String mapperIdentity) {
    return "nanite.mapper." + mapperIdentity + ".inbox";
  }

  /** The reply queue of a mapper. */
  public static String mapperReplies(String mapperIdentity) {
    return "nanite.mapper." + mapperIdentity + ".replies";
  }

  /**
   * Declares a mapper's inbox, bound to both fanouts, and its reply queue: both exclusive, with
   * names that stay the same across reconnects, so replies to calls made before a reconnect
   * still arrive after it.
   */
  public static void declareMapperQueues(Channel channel, String mapperIdentity)
      throws IOException {
    String inbox = mapperInbox(mapperIdentity);
    channel.queueDeclare(inbox, false, true, true, Map.of());
    channel.queueBind(inbox, HEARTBEAT, "");
    channel.queueBind(inbox, REGISTRATION, "");
    channel.queueDeclare(mapperReplies(mapperIdentity), false, true, true, Map.of());
  }
}
