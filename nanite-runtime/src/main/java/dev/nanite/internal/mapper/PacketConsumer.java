package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.amqp.ResilientConsumer;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Result;
import dev.nanite.internal.protocol.Service;
import dev.nanite.internal.security.Gate;
import dev.nanite.internal.security.Refusal;
import dev.nanite.internal.security.RefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes packets from one of the mapper's queues (its inbox, its reply queue) and hands each to
 * a handler; a message that is not a packet, or that the handler cannot take, is refused and
 * counted. Never throws into amqp-client.
 */
final class PacketConsumer extends ResilientConsumer {
  private static final RateLimitedLog NOTICES = new RateLimitedLog(
      org.slf4j.LoggerFactory.getLogger(PacketConsumer.class), java.time.Duration.ofSeconds(10));
  private final String queue;
  private final Membership membership;
  private final Gate gate;
  private final Consumer<Gate.Admitted> handler;
  private final Consumer<byte[]> tooLarge;

  /**
   * @param handler throws IllegalArgumentException for a packet of a kind it does not take
   * @param tooLarge told of each message refused as over {@code maxPacketBytes}
   */
  PacketConsumer(String mapper, String queue, Membership membership, Gate gate,
      Consumer<Gate.Admitted> handler, Consumer<byte[]> tooLarge) {
    super("Mapper " + mapper + " " + queue);
    this.queue = queue;
    this.membership = membership;
    this.gate = gate;
    this.handler = handler;
    this.tooLarge = tooLarge;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      handler.accept(gate.admit(properties, body));
    } catch (RefusedException e) {
      // counted and logged by the gate; nothing to answer
    } catch (Packets.BadPacketException | IllegalArgumentException e) {
      membership.reject("a message in the " + queue + ": " + e.getMessage());
      if (body != null && body.length > gate.maxPacketBytes()) {
        tooLarge.accept(body);
      }
    } catch (Throwable t) {
      membership.reject("a message in the " + queue + " that failed: " + t);
    }
  }

  /** The inbox: registrations, unregistrations and pings. */
  static void inbox(Gate.Admitted admitted, Membership membership, Gate gate) {
    Packet packet = admitted.packet();
    switch (packet.getBodyCase()) {
      case PING -> membership.pinged(packet.getPing());
      case REGISTER -> membership.registered(
          servable(packet.getRegister(), admitted.account(), gate));
      case UNREGISTER -> membership.unregistered(packet.getUnregister().getIdentity());
      default -> throw new IllegalArgumentException("a " + packet.getBodyCase() + " packet");
    }
  }

  /**
   * A registration with only the paths its account may serve (secure mode); each path left out
   * is counted and logged as forbidden.
   */
  private static Register servable(Register register, String account, Gate gate) {
    if (!gate.secure()) {
      return register;
    }
    List<Service> allowed = new ArrayList<>();
    for (Service service : register.getServicesList()) {
      if (gate.policy().mayServe(account, service.getPath())) {
        allowed.add(service);
      } else {
        gate.refuse(Refusal.FORBIDDEN, account, "path " + service.getPath() + " of agent '"
            + register.getIdentity() + "': account '" + account + "' may not serve it");
      }
    }
    return allowed.size() == register.getServicesCount() ? register
        : register.toBuilder().clearServices().addAllServices(allowed).build();
  }

  /** The reply queue: results, in secure mode only from the agent each call was sent to. */
  static void replies(Gate.Admitted admitted, Calls calls, Gate gate) {
    Packet packet = admitted.packet();
    if (packet.getBodyCase() != Packet.BodyCase.RESULT) {
      throw new IllegalArgumentException("a " + packet.getBodyCase() + " packet");
    }
    Result result = packet.getResult();
    if (!result.getRefusedToken().isEmpty()) {
      // An agent's notice that it refused a request with a call's token before it could trust
      // its sender (docs/protocol.md, "Refusals"): noted on the call, which it does not fail.
      NOTICES.warn("notice " + result.getError().getType(), "Agent {} refused request {}: {}: {}",
          result.getAgent(), result.getRefusedToken(), result.getError().getType(),
          result.getError().getMessage());
      calls.noteRefusal(result);
      return;
    }
    if (gate.secure() && !calls.fromItsAgent(result)) {
      gate.refuse(Refusal.FORBIDDEN, admitted.account(), "a result for call "
          + result.getToken() + " from '" + result.getAgent() + "', which the call was not"
          + " sent to");
      return;
    }
    calls.replied(result);
  }
}
