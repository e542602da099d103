package dev.nanite.internal.agent;

import com.google.protobuf.ByteString;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Error;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import java.util.concurrent.CompletableFuture;

/**
 * Sends results to the mappers' reply queues. Results are mandatory: one the broker cannot route
 * comes back to {@link UnroutedResults}, which sends it again for a bounded time.
 * Thread-safe.
 */
final class Replier {
  private final ChannelPool channels;
  private final String identity;

  Replier(ChannelPool channels, String identity) {
    this.channels = channels;
    this.identity = identity;
  }

  CompletableFuture<Void> value(Request request, ByteString value) {
    return send(request.getReplyTo(), request.getToken(), request.getDeadlineUnixMillis(),
        Result.newBuilder().setValue(value));
  }

  CompletableFuture<Void> error(Request request, String type, String message) {
    return error(request.getReplyTo(), request.getToken(), request.getDeadlineUnixMillis(), type,
        message);
  }

  /** An error for a message that was not a request: no deadline, so it is not sent again. */
  CompletableFuture<Void> error(String replyTo, String token, String type, String message) {
    return error(replyTo, token, 0, type, message);
  }

  /** A notice that a request with {@code token} was refused before its sender was trusted. */
  CompletableFuture<Void> refusal(String replyTo, String token, String type, String message) {
    return send(replyTo, "", 0, Result.newBuilder().setRefusedToken(token)
        .setError(Error.newBuilder().setType(type).setMessage(message)));
  }

  private CompletableFuture<Void> error(String replyTo, String token, long deadline, String type,
      String message) {
    Error.Builder error = Error.newBuilder().setType(type);
    if (message != null) {
      error.setMessage(message);
    }
    return send(replyTo, token, deadline, Result.newBuilder().setError(error));
  }

  private CompletableFuture<Void> send(String replyTo, String token, long deadline,
      Result.Builder result) {
    byte[] body = Packets.newPacket()
        .setResult(result.setToken(token).setAgent(identity).setDeadlineUnixMillis(deadline))
        .build()
        .toByteArray();
    // No properties but the user-id the channel pool adds: the mapper matches a result by the
    // token in its body, and every hot-path property is a header the client encodes and the
    // broker decodes once per message.
    return channels.publish(Topology.DEFAULT_EXCHANGE, replyTo, true, null, body);
  }

  /** Sends a result the broker returned once already, as it was. */
  CompletableFuture<Void> resend(String replyTo, byte[] body) {
    return channels.publish(Topology.DEFAULT_EXCHANGE, replyTo, true, null, body);
  }
}
