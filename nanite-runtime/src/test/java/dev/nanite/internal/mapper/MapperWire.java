package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Metadata;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Result;

/**
 * What a mapper puts on the wire for one request or push, and what its reply carries, taken
 * from the mapper's own {@link Envelopes}: for the bench module's baselines that send as many
 * bytes as the fabric ({@code FabricWire}), which reach the package-private encoders through
 * this module's test jar.
 */
public final class MapperWire {
  private MapperWire() {}

  /**
   * One message as the mapper sends it.
   *
   * @param token the token its reply carries back
   * @param bodyBytes the size of its body
   * @param properties its AMQP properties
   */
  public record Message(String token, int bodyBytes, AMQP.BasicProperties properties) {}

  /**
   * A request of {@code endpoint} with the encoded {@code args} from mapper {@code mapper} with
   * default options (transient), due back by {@code deadlineMillis}.
   *
   * @param absoluteExpiration whether the broker reads expirations as absolute times (the
   *     embedded broker) or as times to live (RabbitMQ)
   */
  public static Message request(String mapper, boolean absoluteExpiration, Endpoint<?, ?> endpoint,
      ByteString args, long deadlineMillis) {
    Envelopes envelopes = envelopes(mapper, absoluteExpiration);
    String replyQueue = Topology.mapperReplies(mapper);
    String token = envelopes.newToken();
    byte[] body = Envelopes.body(envelopes.request(token, endpoint, args, replyQueue,
        deadlineMillis, Metadata.EMPTY));
    return new Message(token, body.length,
        envelopes.properties(token, replyQueue, CallOptions.DEFAULT, deadlineMillis));
  }

  /** A push of {@code endpoint}, as {@link #request} makes a request. */
  public static Message push(String mapper, boolean absoluteExpiration, Endpoint<?, ?> endpoint,
      ByteString args, long deadlineMillis) {
    Envelopes envelopes = envelopes(mapper, absoluteExpiration);
    String token = envelopes.newPushToken();
    byte[] body = Envelopes.body(envelopes.request(token, endpoint, args, "", deadlineMillis,
        Metadata.EMPTY));
    return new Message(token, body.length,
        envelopes.pushProperties(CallOptions.DEFAULT, deadlineMillis));
  }

  /** The size of the body of agent {@code agent}'s reply to {@code request} with {@code value}. */
  public static int replyBytes(Message request, String agent, ByteString value,
      long deadlineMillis) {
    return Packets.newPacket().setResult(Result.newBuilder().setToken(request.token())
        .setAgent(agent).setValue(value).setDeadlineUnixMillis(deadlineMillis))
        .build().getSerializedSize();
  }

  private static Envelopes envelopes(String mapper, boolean absoluteExpiration) {
    return new Envelopes(mapper, false,
        absoluteExpiration ? Expiration.ABSOLUTE : Expiration.RELATIVE);
  }
}
