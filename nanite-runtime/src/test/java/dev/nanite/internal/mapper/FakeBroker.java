package dev.nanite.internal.mapper;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import dev.nanite.internal.amqp.Publisher;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the broker behind a mapper's publisher: records every message, and leaves to
 * the test whether it was taken, refused or returned.
 */
final class FakeBroker implements Publisher {
  /** One message published. */
  record Message(String exchange, String routingKey, boolean mandatory,
      AMQP.BasicProperties properties, byte[] body, CompletableFuture<Void> taken) {
    Packet packet() {
      try {
        return Packet.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }

    Request request() {
      return packet().getRequest();
    }
  }

  private final List<Message> messages = new ArrayList<>();
  /** Whether messages are taken at once; else each waits for the test to settle it. */
  private boolean takeAtOnce = true;

  @Override
  public synchronized CompletableFuture<Void> publish(String exchange, String routingKey,
      boolean mandatory, AMQP.BasicProperties properties, byte[] body) {
    CompletableFuture<Void> taken = takeAtOnce ? CompletableFuture.completedFuture(null)
        : new CompletableFuture<>();
    messages.add(new Message(exchange, routingKey, mandatory, properties, body, taken));
    return taken;
  }

  synchronized void holdConfirms() {
    takeAtOnce = false;
  }

  /** Every message published so far. */
  synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  /** The requests (not probes) published so far, in order. */
  synchronized List<Message> requests() {
    return messages.stream()
        .filter(m -> m.packet().getBodyCase() == Packet.BodyCase.REQUEST)
        .toList();
  }

  /** The last request published. */
  Message lastRequest() {
    List<Message> requests = requests();
    if (requests.isEmpty()) {
      throw new AssertionError("no request was published");
    }
    return requests.get(requests.size() - 1);
  }

  /** The routing keys of the requests published so far: the agents they went to. */
  List<String> requestedAgents() {
    return requests().stream().map(Message::routingKey).toList();
  }
}
