package dev.nanite.processor.roundtrip;

import com.google.protobuf.ByteString;
import dev.nanite.Endpoint;
import dev.nanite.internal.dispatch.Dispatcher;
import dev.nanite.processor.fixtures.roundtrip.Echo;
import dev.nanite.processor.fixtures.roundtrip.EchoDispatch;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.Nesting;
import dev.nanite.processor.fixtures.roundtrip.NestingDispatch;
import java.util.concurrent.CompletableFuture;

/** Calls an endpoint of either fixture actor through its generated dispatch table. */
final class Dispatchers {
  private static final EchoDispatch ECHO_TABLE = new EchoDispatch();
  private static final Dispatcher<Echo> ECHO_DISPATCHER = Dispatcher.of(ECHO_TABLE);
  private static final Dispatcher<Nesting> NESTING_DISPATCHER =
      Dispatcher.of(new NestingDispatch());
  private static final Echo ECHO = ECHO_TABLE.newActor();

  private Dispatchers() {}

  /** Calls {@code endpoint} with request bytes {@code args}; {@code nesting} serves Nesting. */
  static CompletableFuture<ByteString> call(
      Endpoint<?, ?> endpoint, ByteString args, NestingEcho nesting) {
    if (EchoProtocol.endpoints().contains(endpoint)) {
      return call(ECHO_DISPATCHER, ECHO, endpoint, args);
    }
    return call(NESTING_DISPATCHER, nesting, endpoint, args);
  }

  private static <A> CompletableFuture<ByteString> call(
      Dispatcher<A> table, A actor, Endpoint<?, ?> endpoint, ByteString args) {
    int id = table.id(endpoint.path());
    if (id < 0) {
      throw new AssertionError(table + " does not serve " + endpoint.path());
    }
    return table.call(actor, id, args);
  }
}
