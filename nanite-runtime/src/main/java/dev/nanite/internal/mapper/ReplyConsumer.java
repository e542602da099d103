package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Packet;

/** Takes results from the mapper's reply queue; never throws. */
final class ReplyConsumer extends DefaultConsumer {
  private final MapperRuntime mapper;
  private final int maxPacketBytes;

  ReplyConsumer(Channel channel, MapperRuntime mapper, int maxPacketBytes, MapperStats stats) {
    super(channel);
    this.mapper = mapper;
    this.maxPacketBytes = maxPacketBytes;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      Packet packet = Packets.parse(body, maxPacketBytes);
      if (packet.getBodyCase() == Packet.BodyCase.RESULT) {
        mapper.replied(packet.getResult());
      } else {
        mapper.reject("a " + packet.getBodyCase() + " packet in the reply queue");
      }
    } catch (Packets.BadPacketException e) {
      mapper.reject("a message in the reply queue: " + e.getMessage());
    } catch (Throwable t) {
      mapper.reject("a reply that failed: " + t);
    }
  }
}
