package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.ResilientConsumer;
import dev.nanite.internal.protocol.Packet;

/** Takes results from the mapper's reply queue; never throws. */
final class ReplyConsumer extends ResilientConsumer {
  private final Calls calls;
  private final Membership membership;
  private final int maxPacketBytes;

  ReplyConsumer(String mapper, Calls calls, Membership membership, int maxPacketBytes) {
    super("Mapper " + mapper + " replies");
    this.calls = calls;
    this.membership = membership;
    this.maxPacketBytes = maxPacketBytes;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      Packet packet = Packets.parse(body, maxPacketBytes);
      if (packet.getBodyCase() == Packet.BodyCase.RESULT) {
        calls.replied(packet.getResult());
      } else {
        membership.reject("a " + packet.getBodyCase() + " packet in the reply queue");
      }
    } catch (Packets.BadPacketException e) {
      membership.reject("a message in the reply queue: " + e.getMessage());
    } catch (Throwable t) {
      membership.reject("a reply that failed: " + t);
    }
  }
}
