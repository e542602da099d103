package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import dev.nanite.NoAgentException;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.amqp.ResilientConsumer;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Park;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.security.Gate;
import dev.nanite.internal.security.RefusedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline failsafe: a call for a path no agent serves is parked, persistent, in the durable
 * {@value #QUEUE} queue. Every mapper consumes it; one holds each parked request (unacked, so
 * the broker keeps it if that mapper dies) and sends it to an agent as soon as one that serves
 * the path registers, checking again at least every redelivery interval, until its deadline.
 * The result goes to the reply queue of the mapper that made the call.
 */
final class OfflineQueue extends ResilientConsumer {
  /** The durable queue of parked requests, shared by every mapper of the vhost. */
  static final String QUEUE = "nanite.offline";
  private static final Logger log = LoggerFactory.getLogger(OfflineQueue.class);

  private final MapperSettings settings;
  private final Selection selection;
  private final Envelopes envelopes;
  private final ChannelPool channels;
  private final MapperStats stats;
  /** Whether the queue is a quorum queue: asked for, and the broker has them. */
  private final boolean quorum;
  private static final long TRANSIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  private final com.rabbitmq.client.Connection connection;
  private Channel declarer;
  private final Map<String, Transit> inTransit = new ConcurrentHashMap<>();
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));

  private final Gate gate;

  OfflineQueue(com.rabbitmq.client.Connection connection, MapperSettings settings,
      Selection selection, Envelopes envelopes, ChannelPool channels, MapperStats stats,
      Gate gate) {
    super("Mapper " + settings.identity() + " offline queue");
    this.connection = connection;
    this.settings = settings;
    this.selection = selection;
    this.envelopes = envelopes;
    this.channels = channels;
    this.stats = stats;
    this.gate = gate;
    this.quorum = Topology.quorum(settings.quorumOfflineQueue(), connection,
        "Mapper " + settings.identity() + " offline queue", log);
  }

  /** Declares the durable queue and takes parked requests from it, at most offlineHeld at once. */
  void subscribe(Channel channel) throws IOException {
    int held = settings.offlineHeld();
    declare(channel);
    channel.basicQos(held);
    channel.basicConsume(QUEUE, false, this);
  }

  /**
   * Parks a request (for a push, with an empty {@code reply_to}); the future completes once the
   * broker has it.
   */
  CompletableFuture<Void> park(Request request, Set<String> tags, Selector.Single selector) {
    return park(Park.newBuilder()
        .setRequest(request)
        .addAllTags(tags)
        .setSelector(selectorName(selector))
        .build());
  }

  private CompletableFuture<Void> park(Park park) {
    try {
      declare(); // after a broker restart it may not be back yet, and a message to a missing
                 // queue would be dropped without a word
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    byte[] body = Packets.newPacket().setPark(park).build().toByteArray();
    stats.parked.incrementAndGet();
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .contentType("application/x-protobuf")
        .deliveryMode(2)
        .expiration(envelopes.expiration(park.getRequest().getDeadlineUnixMillis()))
        .build();
    return channels.publish(Topology.DEFAULT_EXCHANGE, QUEUE, false, properties, body);
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    long tag = envelope.getDeliveryTag();
    try {
      Packet packet = gate.admit(properties, body).packet();
      if (packet.getBodyCase() != Packet.BodyCase.PARK) {
        throw new Packets.BadPacketException("a " + packet.getBodyCase() + " packet");
      }
      held.put(tag, new Held(packet.getPark(), channel()));
      tryDeliver(tag);
    } catch (RefusedException e) {
      ack(channel(), tag); // counted and logged by the gate
    } catch (Packets.BadPacketException | RuntimeException e) {
      stats.rejected.incrementAndGet();
      warnings.warn("offline", "Mapper {} dropped a message in {}: {}", settings.identity(),
          QUEUE, e.getMessage());
      ack(channel(), tag);
    }
  }

  /** A parked request held unacknowledged, with the channel it came on. */
  private record Held(Park park, Channel channel) {}

  /** Declares the queue on a channel kept for that (parking is rare, declaring is idempotent). */
  private synchronized void declare() throws IOException {
    if (declarer == null || !declarer.isOpen()) {
      declarer = connection.createChannel();
    }
    declare(declarer);
  }

  /** Declares the queue durable, and as a quorum queue if the mapper says so. */
  private void declare(Channel channel) throws IOException {
    channel.queueDeclare(QUEUE, true, false, false,
        quorum ? Map.of("x-queue-type", "quorum") : Map.of());
  }

  /** Tries every held request again: called when an agent registers, and periodically. */
  void retry() {
    for (Long tag : new ArrayList<>(held.keySet())) {
      tryDeliver(tag);
    }
  }

  /** The broker dropped the channel: held deliveries go back to the queue by themselves. */
  void forgetHeld() {
    held.clear();
  }

  private void tryDeliver(long tag) {
    Held holding = held.get(tag);
    if (holding == null) {
      return;
    }
    Park park = holding.park();
    Request request = park.getRequest();
    if (request.getDeadlineUnixMillis() > 0
        && System.currentTimeMillis() > request.getDeadlineUnixMillis()) {
      held.remove(tag);
      ack(holding.channel(), tag); // its caller has given up
      return;
    }
    AgentState agent;
    try {
      agent = selection.one(request.getPath(), request.getFingerprint(),
          Set.copyOf(park.getTagsList()), selector(park.getSelector()));
    } catch (NoAgentException | IllegalArgumentException e) {
      return; // still nobody: keep holding it
    }
    if (held.remove(tag) == null) {
      return; // another thread delivered it
    }
    stats.unparked.incrementAndGet();
    inTransit.put(transitKey(request.getToken(), request.getReplyTo()),
        new Transit(park, System.nanoTime()));
    // Sent on as this mapper's (its signature, its account): the result still goes to the
    // reply queue of the mapper that parked it.
    byte[] body = Envelopes.body(Envelopes.compatible(request.toBuilder()
        .setMapper(settings.identity()).setAgent(agent.identity).clearCompatible(), agent).build());
    AMQP.BasicProperties properties = envelopes.properties(request.getToken(),
        request.getReplyTo().isEmpty() ? null : request.getReplyTo(),
        dev.nanite.CallOptions.DEFAULT.withPersistent(true), request.getDeadlineUnixMillis());
    channels.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true, properties, body)
        .whenComplete((ok, error) -> {
          if (error == null) {
            ack(holding.channel(), tag);
          } else {
            held.put(tag, holding); // try again later
          }
        });
  }

  /**
   * The broker returned a request this mapper took out of the queue (its agent's queue was
   * gone): parks it again. Returns false if it was not one of those.
   */
  boolean unroutable(String token, String replyTo) {
    Transit transit = inTransit.remove(transitKey(token, replyTo));
    if (transit == null) {
      return false;
    }
    park(transit.park());
    return true;
  }

  /** Forgets requests sent on long enough ago that the broker would have returned them. */
  void sweep(long nowNanos) {
    inTransit.values().removeIf(t -> nowNanos - t.sentNanos() > TRANSIT_NANOS);
  }

  private static String transitKey(String token, String replyTo) {
    return replyTo + "\n" + token;
  }

  private record Transit(Park park, long sentNanos) {}

  private void ack(Channel channel, long tag) {
    try {
      channel.basicAck(tag, false);
    } catch (IOException | RuntimeException e) {
      log.debug("Mapper {}: cannot ack parked request {}: {}", settings.identity(), tag,
          e.toString());
    }
  }

  static String selectorName(Selector.Single selector) {
    return switch (selector.kind()) {
      case TARGET -> "target:" + selector.name();
      case RANDOM -> "random";
      case ROUND_ROBIN -> "round_robin";
      default -> "least_loaded";
    };
  }

  static Selector.Single selector(String name) {
    if (name.startsWith("target:")) {
      return Selector.target(name.substring("target:".length()));
    }
    return switch (name) {
      case "random" -> Selector.RANDOM;
      case "round_robin" -> Selector.ROUND_ROBIN;
      default -> Selector.LEAST_LOADED;
    };
  }
}
