package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Packet;

/** Takes registrations, unregistrations and pings from the mapper's inbox; never throws. */
final class InboxConsumer extends DefaultConsumer {
  private final MapperRuntime mapper;
  private final int maxPacketBytes;
  private final MapperStats stats;

  InboxConsumer(Channel channel, MapperRuntime mapper, int maxPacketBytes, MapperStats stats) {
    super(channel);
    this.mapper = mapper;
    this.maxPacketBytes = maxPacketBytes;
    this.stats = stats;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      Packet packet = Packets.parse(body, maxPacketBytes);
      switch (packet.getBodyCase()) {
        case PING -> mapper.pinged(packet.getPing());
        case REGISTER -> mapper.registered(packet.getRegister());
        case UNREGISTER -> mapper.unregistered(packet.getUnregister().getIdentity());
        default -> mapper.reject("a " + packet.getBodyCase() + " packet in the inbox");
      }
    } catch (Packets.BadPacketException e) {
      mapper.reject("a message in the inbox: " + e.getMessage());
    } catch (Throwable t) {
      mapper.reject("a message in the inbox that failed: " + t);
    }
  }
}
