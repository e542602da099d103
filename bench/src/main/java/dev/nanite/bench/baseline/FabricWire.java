package dev.nanite.bench.baseline;

import com.google.protobuf.ByteString;
import dev.nanite.Mapper;
import dev.nanite.bench.Bench;
import dev.nanite.bench.actors.EchoProtocol;
import dev.nanite.internal.mapper.MapperWire;
import dev.nanite.stub.Args;
import java.time.Duration;

/**
 * How many bytes the benchmarks' fabric calls to {@code /echo/echo} and pushes to {@code
 * /echo/take} put on the wire, taken from the runtime's own encoders, so that a plain
 * amqp-client baseline can carry as many: the body and the property strings of a request, and
 * the body of its reply (a reply carries no properties). The encoders are the mapper's
 * package-private ones, reached through {@link MapperWire} in nanite-runtime's test jar.
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
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    ByteString args = EchoProtocol.ECHO.requestMarshaller().encode(Args.of(payload));
    MapperWire.Message request =
        MapperWire.request(mapper.identity(), absolute(bench), EchoProtocol.ECHO, args, deadline);
    ByteString value = EchoProtocol.ECHO.responseMarshaller().encode(payload);
    return new RawRpc.SameWire(request.bodyBytes() + PropertyBytes.of(request.properties()),
        MapperWire.replyBytes(request, agent, value, deadline));
  }

  /**
   * The bytes of a push to {@code /echo/take} from {@code mapper} with {@code payload}: its body
   * and its properties' values, on the broker of {@code bench}.
   */
  public static int take(Bench bench, Mapper mapper, byte[] payload) {
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    ByteString args = EchoProtocol.TAKE.requestMarshaller().encode(Args.of(payload));
    MapperWire.Message push =
        MapperWire.push(mapper.identity(), absolute(bench), EchoProtocol.TAKE, args, deadline);
    return push.bodyBytes() + PropertyBytes.of(push.properties());
  }

  /**
   * Whether expirations are written as the mapper writes them for the embedded Qpid (an
   * absolute time) rather than for RabbitMQ (a time to live): the mapper reads it off its
   * connection, which this has not.
   */
  private static boolean absolute(Bench bench) {
    return bench.embedded();
  }
}
