package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.ResilientConsumer;
import dev.nanite.internal.protocol.Packet;
import java.util.function.Consumer;

/**
 * Takes packets from one of the mapper's queues (its inbox, its reply queue) and hands each to
 * a handler; a message that is not a packet, or that the handler cannot take, is refused and
 * counted. Never throws into amqp-client.
 */
final class PacketConsumer extends ResilientConsumer {
  private final String queue;
  private final Membership membership;
  private final int maxPacketBytes;
  private final Consumer<Packet> handler;
  private final Consumer<byte[]> tooLarge;

  /**
   * @param handler throws IllegalArgumentException for a packet of a kind it does not take
   * @param tooLarge told of each message refused as over {@code maxPacketBytes}
   */
  PacketConsumer(String mapper, String queue, Membership membership, int maxPacketBytes,
      Consumer<Packet> handler, Consumer<byte[]> tooLarge) {
    super("Mapper " + mapper + " " + queue);
    this.queue = queue;
    this.membership = membership;
    this.maxPacketBytes = maxPacketBytes;
    this.handler = handler;
    this.tooLarge = tooLarge;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      handler.accept(Packets.parse(body, maxPacketBytes));
    } catch (Packets.BadPacketException | IllegalArgumentException e) {
      membership.reject("a message in the " + queue + ": " + e.getMessage());
      if (body != null && body.length > maxPacketBytes) {
        tooLarge.accept(body);
      }
    } catch (Throwable t) {
      membership.reject("a message in the " + queue + " that failed: " + t);
    }
  }

  /** The inbox: registrations, unregistrations and pings. */
  static void inbox(Packet packet, Membership membership) {
    switch (packet.getBodyCase()) {
      case PING -> membership.pinged(packet.getPing());
      case REGISTER -> membership.registered(packet.getRegister());
      case UNREGISTER -> membership.unregistered(packet.getUnregister().getIdentity());
      default -> throw new IllegalArgumentException("a " + packet.getBodyCase() + " packet");
    }
  }

  /** The reply queue: results. */
  static void replies(Packet packet, Calls calls) {
    if (packet.getBodyCase() != Packet.BodyCase.RESULT) {
      throw new IllegalArgumentException("a " + packet.getBodyCase() + " packet");
    }
    calls.replied(packet.getResult());
  }
}
