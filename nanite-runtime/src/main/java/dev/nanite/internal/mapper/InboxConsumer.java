package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.ResilientConsumer;
import dev.nanite.internal.protocol.Packet;

/** Takes registrations, unregistrations and pings from the mapper's inbox; never throws. */
final class InboxConsumer extends ResilientConsumer {
  private final Membership membership;
  private final int maxPacketBytes;

  InboxConsumer(String mapper, Membership membership, int maxPacketBytes) {
    super("Mapper " + mapper + " inbox");
    this.membership = membership;
    this.maxPacketBytes = maxPacketBytes;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      Packet packet = Packets.parse(body, maxPacketBytes);
      switch (packet.getBodyCase()) {
        case PING -> membership.pinged(packet.getPing());
        case REGISTER -> membership.registered(packet.getRegister());
        case UNREGISTER -> membership.unregistered(packet.getUnregister().getIdentity());
        default -> membership.reject("a " + packet.getBodyCase() + " packet in the inbox");
      }
    } catch (Packets.BadPacketException e) {
      membership.reject("a message in the inbox: " + e.getMessage());
    } catch (Throwable t) {
      membership.reject("a message in the inbox that failed: " + t);
    }
  }
}
