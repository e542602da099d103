package dev.nanite.it.security;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Command;
import com.rabbitmq.client.TrafficListener;
import dev.nanite.internal.protocol.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A tap on the wire of one amqp-client connection (a mapper's): every message it publishes to
 * a queue through the default exchange, and every message delivered to it from one queue, as
 * the bytes went over the socket. It sees what a network observer without TLS, or the broker
 * itself, sees: what signing must hold against.
 */
final class Wiretap implements TrafficListener {
  /** One message on the wire. */
  record Message(String routingKey, AMQP.BasicProperties properties, byte[] body) {
    /** The packet, unwrapped from its signature if signed; null if it does not parse. */
    Packet packet() {
      try {
        Packet packet = Packet.parseFrom(body);
        return packet.hasSigned() ? Packet.parseFrom(packet.getSigned().getPacket()) : packet;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        return null;
      }
    }
  }

  private final String deliveredFrom;
  private final ConcurrentLinkedQueue<Message> published = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Message> delivered = new ConcurrentLinkedQueue<>();

  /** @param deliveredFrom the queue whose deliveries it keeps (the mapper's reply queue) */
  Wiretap(String deliveredFrom) {
    this.deliveredFrom = deliveredFrom;
  }

  @Override
  public void write(Command outbound) {
    if (outbound.getMethod() instanceof AMQP.Basic.Publish publish
        && publish.getExchange().isEmpty()) {
      published.add(new Message(publish.getRoutingKey(),
          (AMQP.BasicProperties) outbound.getContentHeader(), outbound.getContentBody()));
    }
  }

  @Override
  public void read(Command inbound) {
    if (inbound.getMethod() instanceof AMQP.Basic.Deliver deliver
        && deliver.getRoutingKey().equals(deliveredFrom)) {
      delivered.add(new Message(deliver.getRoutingKey(),
          (AMQP.BasicProperties) inbound.getContentHeader(), inbound.getContentBody()));
    }
  }

  /** The requests published to {@code queue} so far. */
  List<Message> requestsTo(String queue) {
    List<Message> requests = new ArrayList<>();
    for (Message message : published) {
      Packet packet = message.packet();
      if (message.routingKey().equals(queue) && packet != null && packet.hasRequest()) {
        requests.add(message);
      }
    }
    return requests;
  }

  /** The results delivered so far. */
  List<Packet> results() {
    List<Packet> results = new ArrayList<>();
    for (Message message : delivered) {
      Packet packet = message.packet();
      if (packet != null && packet.hasResult()) {
        results.add(packet);
      }
    }
    return results;
  }
}
