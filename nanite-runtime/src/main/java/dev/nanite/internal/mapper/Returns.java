package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import dev.nanite.CallObserver.MoveReason;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.protocol.Packet;
import java.util.Map;

/**
 * What a mandatory message the broker could not route means: the queue it was sent to is gone,
 * so its agent is gone. A returned request never reached that agent, so it is taken back first,
 * then the agent leaves the registry (settling the calls it did hold), then the request goes to
 * another agent. In that order, so the request is neither failed with the agent's calls nor sent
 * to the same agent again.
 */
final class Returns {
  private final Calls calls;
  private final Membership membership;
  private final Registry registry;
  /** Whether a returned request was one the offline queue sent on (it parks it again). */
  private final Unparked unparked;

  /** The offline queue's side of a returned request. */
  @FunctionalInterface
  interface Unparked {
    /** Parks the request again if this mapper took it from the offline queue; else false. */
    boolean returned(String token, String replyTo);
  }

  Returns(Calls calls, Membership membership, Registry registry, Unparked unparked) {
    this.calls = calls;
    this.membership = membership;
    this.registry = registry;
    this.unparked = unparked;
  }

  /**
   * A returned message: a request (to one agent, or to all as one message), a probe or an
   * advertisement.
   *
   * @param reason the broker's reply text, NO_ROUTE
   * @param token the request's token, or null
   */
  void returned(String reason, String exchange, String routingKey,
      AMQP.BasicProperties properties, Packet packet, String token) {
    if (packet.getBodyCase() != Packet.BodyCase.REQUEST) {
      agentGone(routingKey, null, reason); // a probe or an advertisement
      return;
    }
    String replyTo = packet.getRequest().getReplyTo();
    if (CallToAll.EXCHANGE.equals(exchange)) {
      // A call to all sent as one message: none of its agents' queues is bound any more. Its
      // headers name the agents.
      Map<String, Object> headers = properties.getHeaders() == null ? Map.of()
          : properties.getHeaders();
      for (String header : headers.keySet()) {
        String identity = CallToAll.agentOf(header);
        if (identity != null) {
          agentGone(identity, calls.takeBackReturned(identity, token, replyTo), reason);
        }
      }
    } else if (unparked.returned(packet.getRequest().getToken(), replyTo)) {
      agentGone(routingKey, null, reason);
    } else {
      agentGone(routingKey, calls.takeBackReturned(routingKey, token, replyTo), reason);
    }
  }

  /** Takes {@code identity} out of dispatch, then sends on the call taken back from it. */
  private void agentGone(String identity, Call takenBack, String reason) {
    AgentState gone = registry.get(identity);
    if (gone != null) {
      membership.agentGone(gone, "its request queue is gone (" + reason + ")");
    }
    if (takenBack != null) {
      calls.moveOn(takenBack, identity, "its request queue was gone", MoveReason.RETURNED);
    }
  }
}
