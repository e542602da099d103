package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Metadata;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Cancel;
import dev.nanite.internal.protocol.Request;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a mapper's requests look like on the wire: their tokens, the packet that carries them and
 * their AMQP properties. In one place so that single calls, calls to all, pushes and the offline
 * queue send the same envelope, and so that the benchmarks size the one the mapper sends.
 * Thread-safe.
 */
final class Envelopes {
  private final String mapper;
  private final boolean persistent;
  private final Expiration expiration;
  /**
   * Starts every token, so that tokens are unique per mapper instance and cannot be guessed:
   * a stray or forged result for "token 1" matches no call.
   */
  private final String tokenPrefix =
      Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".";
  private final AtomicLong tokens = new AtomicLong();

  /**
   * @param mapper the identity of the mapper sending the requests
   * @param persistent whether requests whose options do not say are persistent
   * @param expiration how the broker reads a message's expiration
   */
  Envelopes(String mapper, boolean persistent, Expiration expiration) {
    this.mapper = mapper;
    this.persistent = persistent;
    this.expiration = expiration;
  }

  /** A token no other call of this mapper has. */
  String newToken() {
    return tokenPrefix + Long.toString(tokens.incrementAndGet(), 36);
  }

  /** A token for a push, which never equals a call's: pushes are tracked apart from calls. */
  String newPushToken() {
    return "p" + newToken();
  }

  /** A request for no agent yet: one to park, which the mapper that unparks it addresses. */
  Request request(String token, Endpoint<?, ?> endpoint, ByteString args, String replyTo,
      long deadlineMillis, Metadata metadata) {
    return builder(token, endpoint, args, replyTo, deadlineMillis, metadata).build();
  }

  /** The body of a message carrying a request for {@code agent}. */
  byte[] requestBody(String token, Endpoint<?, ?> endpoint, ByteString args, String replyTo,
      long deadlineMillis, Metadata metadata, AgentState agent) {
    Request.Builder request = builder(token, endpoint, args, replyTo, deadlineMillis, metadata)
        .setAgent(agent.identity);
    return body(compatible(request, agent).build());
  }

  /** The body of one message carrying a request for every one of {@code agents}. */
  byte[] requestBodyToAll(String token, Endpoint<?, ?> endpoint, ByteString args,
      String replyTo, long deadlineMillis, Metadata metadata, List<AgentState> agents) {
    Request.Builder request = builder(token, endpoint, args, replyTo, deadlineMillis, metadata);
    for (AgentState agent : agents) {
      compatible(request, agent);
    }
    return body(request.build());
  }

  private Request.Builder builder(String token, Endpoint<?, ?> endpoint, ByteString args,
      String replyTo, long deadlineMillis, Metadata metadata) {
    Request.Builder request = Request.newBuilder()
        .setToken(token)
        .setPath(endpoint.path())
        .setFingerprint(endpoint.fingerprint())
        .setArgs(args)
        .setReplyTo(replyTo)
        .setMapper(mapper)
        .setDeadlineUnixMillis(deadlineMillis);
    if (!metadata.isEmpty()) { // most calls carry none: nothing to copy on the hot path
      for (String key : metadata.keys()) {
        request.putMetadata(key, ByteString.copyFrom(metadata.getBinary(key).orElseThrow()));
      }
    }
    return request;
  }

  /** The message that tells {@code agent} to stop the call of {@code token}. */
  byte[] cancelBody(String token) {
    return Packets.newPacket().setCancel(Cancel.newBuilder().setToken(token).setMapper(mapper))
        .build().toByteArray();
  }

  /**
   * Lists {@code agent}'s fingerprint of the path in {@code request}'s {@code compatible} if it
   * is not the caller's: selection sent the request there because the two are compatible, and
   * the agent serves only fingerprints it is told are.
   */
  static Request.Builder compatible(Request.Builder request, AgentState agent) {
    String theirs = agent.fingerprint(request.getPath());
    if (!request.getFingerprint().isEmpty() && theirs != null && !theirs.isEmpty()
        && !theirs.equals(request.getFingerprint())
        && !request.getCompatibleList().contains(theirs)) {
      request.addCompatible(theirs);
    }
    return request;
  }

  /** The body of a message carrying {@code request}. */
  static byte[] body(Request request) {
    return Packets.newPacket().setRequest(request).build().toByteArray();
  }

  /** The expiration property for a message with this deadline, as the broker reads it. */
  String expiration(long deadlineMillis) {
    return expiration.value(deadlineMillis);
  }

  /**
   * The properties of a request: persistent as asked, expiring with its deadline. No content
   * type: every body on a request queue is a packet, and no receiver looks at it.
   */
  AMQP.BasicProperties properties(String token, String replyTo, CallOptions options,
      long deadlineMillis) {
    return new AMQP.BasicProperties.Builder()
        .correlationId(token) // for an agent that cannot parse the body and answers anyway
        .replyTo(replyTo)
        .deliveryMode(deliveryMode(options))
        // A request left in a queue expires with its deadline instead of running late.
        .expiration(expiration.value(deadlineMillis))
        .build();
  }

  /**
   * The properties of a push: only what the broker acts on. A push gets no reply and a returned
   * one is matched by the token in its body, so it carries neither a correlation id nor a
   * content type; without them the push benchmark spent about a fifth less CPU per push
   * (mapper, agents and broker together).
   */
  AMQP.BasicProperties pushProperties(CallOptions options, long deadlineMillis) {
    return new AMQP.BasicProperties.Builder()
        .deliveryMode(deliveryMode(options))
        .expiration(expiration.value(deadlineMillis))
        .build();
  }

  private int deliveryMode(CallOptions options) {
    Boolean asked = options.persistent();
    return (asked != null ? asked : persistent) ? 2 : 1;
  }
}
