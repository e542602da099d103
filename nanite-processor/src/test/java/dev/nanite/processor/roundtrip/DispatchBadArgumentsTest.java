package dev.nanite.processor.roundtrip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.internal.dispatch.DispatchException;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dispatch table given arguments that do not decode must not call the actor and must fail the
 * call's future with a {@link DispatchException} of kind {@code BAD_ARGUMENTS}, never throw.
 */
class DispatchBadArgumentsTest {
  static Stream<Case> cases() {
    return AllCases.cases();
  }

  @Test
  void undecodableArgumentsFailTheFutureWithBadArguments() throws Exception {
    NestingEcho actor = new NestingEcho();
    ByteString badUtf8 = Wire.of().field(1, Wire.of().raw(0xc0, 0x80).bytes()).bytes();
    CompletableFuture<ByteString> call = Dispatchers.call(NestingProtocol.SINK, badUtf8, actor);
    DispatchException error = badArguments(call);
    assertTrue(error.getMessage().contains("/nesting/sink"), error.getMessage());
    assertInstanceOf(InvalidProtocolBufferException.class, error.getCause());
    assertEquals(null, actor.lastArgs, "the actor must not be called");

    badArguments(Dispatchers.call(EchoProtocol.COLOR, Wire.of().field(1, 99).bytes(), actor));
    badArguments(Dispatchers.call(NestingProtocol.NODE,
        Wire.of().tag(1, Wire.LEN).varint(Integer.MAX_VALUE).bytes(), actor));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void damagedArgumentsEitherDecodeOrFailWithBadArguments(Case c) {
    NestingEcho actor = new NestingEcho();
    Trials.run(c.path() + " damaged dispatch", 200, Duration.ofMillis(50), (random, i) -> {
      ByteString valid = c.endpoint().requestMarshaller().encode(c.args(random).sent());
      ByteString input = Mutations.mutate(random, valid);
      CompletableFuture<ByteString> call = Dispatchers.call(c.endpoint(), input, actor);
      try {
        call.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        DispatchException error = assertInstanceOf(DispatchException.class, e.getCause());
        assertEquals(DispatchException.Kind.BAD_ARGUMENTS, error.kind(), error.getMessage());
      }
    });
  }

  private static DispatchException badArguments(CompletableFuture<ByteString> call) {
    assertTrue(call.isDone(), "decoding fails before the actor runs, in the calling thread");
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get());
    DispatchException error = assertInstanceOf(DispatchException.class, e.getCause());
    assertEquals(DispatchException.Kind.BAD_ARGUMENTS, error.kind());
    return error;
  }
}
