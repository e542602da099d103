package dev.nanite.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The exchanges and queues of a Nanite fabric (docs/protocol.md):
 *
 * <ul>
 *   <li>{@value #HEARTBEAT}, a fanout: agents publish pings to it;
 *   <li>{@value #REGISTRATION}, a fanout: agents publish registrations to it;
 *   <li>one request queue per agent, named by its identity, reached through the default
 *       exchange; exclusive to the agent's connection unless the agent asks for a durable one;
 *   <li>{@value #ALL}, a headers exchange every request queue is bound to under the header
 *       {@code @<identity>}: one message with several such headers reaches several agents;
 *   <li>per mapper an inbox bound to both fanouts and a reply queue, both exclusive to it.
 * </ul>
 */
public final class Topology {
  /** The fanout exchange of pings. */
  public static final String HEARTBEAT = "heartbeat";

  /** The fanout exchange of registrations and unregistrations. */
  public static final String REGISTRATION = "registration";

  /** The default exchange, which routes a message to the queue named by its routing key. */
  public static final String DEFAULT_EXCHANGE = "";

  /** The headers exchange of calls to several agents at once. */
  public static final String ALL = "nanite.all";

  /** An AMQP field-table key (a short string) holds at most this many bytes. */
  private static final int MAX_KEY_BYTES = 255;

  private Topology() {}

  /** Declares the two fanout exchanges (durable, so durable queues can outlive a restart). */
  public static void declareExchanges(Channel channel) throws IOException {
    channel.exchangeDeclare(HEARTBEAT, BuiltinExchangeType.FANOUT, true);
    channel.exchangeDeclare(REGISTRATION, BuiltinExchangeType.FANOUT, true);
    channel.exchangeDeclare(ALL, BuiltinExchangeType.HEADERS, true);
  }

  /**
   * The header that routes a message through {@value #ALL} to the agent {@code identity}. The
   * prefix keeps identities starting with {@code x-}, which brokers read as binding options,
   * from being taken for one.
   */
  public static String allHeader(String identity) {
    return "@" + identity;
  }

  /** The agent a header made by {@link #allHeader} names, or null for another header. */
  public static String agentOfAllHeader(String header) {
    return header.startsWith("@") ? header.substring(1) : null;
  }

  /** Whether the agent {@code identity} can be reached through {@value #ALL} (its header fits). */
  public static boolean reachableThroughAll(String identity) {
    return allHeader(identity).getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES;
  }

  /**
   * Binds an agent's request queue to {@value #ALL} under its header, if it fits (see {@link
   * #reachableThroughAll}).
   */
  public static void bindForAll(Channel channel, String identity) throws IOException {
    if (reachableThroughAll(identity)) {
      channel.queueBind(identity, ALL, "", Map.of("x-match", "any", allHeader(identity), true));
    }
  }

  /**
   * Declares an agent's request queue. An exclusive queue disappears with the agent's
   * connection, so a request sent to a dead agent comes back at once as unroutable; a durable
   * one survives broker restarts and keeps persistent requests.
   */
  public static void declareAgentQueue(Channel channel, String identity, boolean durable)
      throws IOException {
    if (durable) {
      channel.queueDeclare(identity, true, false, false, Map.of());
    } else {
      channel.queueDeclare(identity, false, true, true, Map.of());
    }
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
