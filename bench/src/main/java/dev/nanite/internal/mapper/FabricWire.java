package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.bench.Bench;
import dev.nanite.bench.actors.EchoProtocol;
import dev.nanite.bench.baseline.PropertyBytes;
import dev.nanite.bench.baseline.RawRpc;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Result;
import dev.nanite.stub.Args;
import java.time.Duration;

/**
 * How many bytes the benchmarks' fabric calls to {@code /echo/echo} and pushes to {@code
 * /echo/take} put on the wire, taken from the runtime's own encoders, so that a plain
 * amqp-client baseline can carry as many: the body and the property strings of a request, and
 * the body of its reply (a reply carries no properties). Lives here because the mapper's
 * encoders are package-private.
 */
public final class FabricWire {
  /** The mapper's default request timeout, which sets a message's deadline and expiration. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private FabricWire() {}

  /**
   * The bytes of a call to {@code /echo/echo} from {@code mapper} to one of its agents, with
   * {@code payload} and the default timeout, on the broker of {@code bench}: its request's body
   * and property values, and its reply's body.
   */
  public static RawRpc.SameWire echo(Bench bench, Mapper mapper, byte[] payload) {
    String agent = mapper.agents().get(0).identity();
    Envelopes envelopes = envelopes(bench, mapper);
    String replyQueue = Topology.mapperReplies(mapper.identity());
    String token = envelopes.newToken();
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    ByteString args = EchoProtocol.ECHO.requestMarshaller().encode(Args.of(payload));
    int body = envelopes.requestBody(token, EchoProtocol.ECHO, args, replyQueue, deadline)
        .length;
    AMQP.BasicProperties properties =
        envelopes.properties(token, replyQueue, CallOptions.DEFAULT, deadline);
    int request = body + PropertyBytes.of(properties);
    ByteString value = EchoProtocol.ECHO.responseMarshaller().encode(payload);
    int reply = Packets.newPacket().setResult(Result.newBuilder().setToken(token).setAgent(agent)
        .setValue(value).setDeadlineUnixMillis(deadline)).build().getSerializedSize();
    return new RawRpc.SameWire(request, reply);
  }

  /**
   * The bytes of a push to {@code /echo/take} from {@code mapper} with {@code payload}: its body
   * and its properties' values, on the broker of {@code bench}.
   */
  public static int take(Bench bench, Mapper mapper, byte[] payload) {
    Envelopes envelopes = envelopes(bench, mapper);
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    ByteString args = EchoProtocol.TAKE.requestMarshaller().encode(Args.of(payload));
    int body = envelopes.requestBody(envelopes.newPushToken(), EchoProtocol.TAKE, args, "",
        deadline).length;
    AMQP.BasicProperties properties = envelopes.pushProperties(CallOptions.DEFAULT, deadline);
    return body + PropertyBytes.of(properties);
  }

  /** Requests as {@code mapper} makes them (transient, as by default). */
  private static Envelopes envelopes(Bench bench, Mapper mapper) {
    // The expiration property as the mapper writes it: an absolute time for the embedded Qpid,
    // a time to live for RabbitMQ (Expiration.of reads it off a connection, which this has not).
    Expiration expiration = bench.embedded() ? Expiration.ABSOLUTE : Expiration.RELATIVE;
    return new Envelopes(mapper.identity(), false, expiration);
  }
}
