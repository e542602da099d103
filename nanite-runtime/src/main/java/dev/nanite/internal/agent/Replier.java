package dev.nanite.internal.agent;

import com.google.protobuf.ByteString;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Error;
import dev.nanite.internal.protocol.Result;
import java.util.concurrent.CompletableFuture;

/** Sends results to the mappers' reply queues. Thread-safe. */
final class Replier {
  private final ChannelPool channels;
  private final String identity;

  Replier(ChannelPool channels, String identity) {
    this.channels = channels;
    this.identity = identity;
  }

  CompletableFuture<Void> value(String replyTo, String token, ByteString value) {
    return send(replyTo, token, Result.newBuilder().setValue(value));
  }

  CompletableFuture<Void> error(String replyTo, String token, String type, String message) {
    Error.Builder error = Error.newBuilder().setType(type);
    if (message != null) {
      error.setMessage(message);
    }
    return send(replyTo, token, Result.newBuilder().setError(error));
  }

  private CompletableFuture<Void> send(String replyTo, String token, Result.Builder result) {
    byte[] body = Packets.newPacket()
        .setResult(result.setToken(token).setAgent(identity))
        .build()
        .toByteArray();
    // No properties: the mapper matches a result by the token in its body, and every hot-path
    // property is a header the client encodes and the broker decodes once per message.
    return channels.publish(Topology.DEFAULT_EXCHANGE, replyTo, false, null, body);
  }
}
