package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.DeepEquals.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.processor.fixtures.roundtrip.Echo;
import dev.nanite.processor.fixtures.roundtrip.EchoDispatch;
import dev.nanite.processor.fixtures.roundtrip.Nesting;
import dev.nanite.processor.fixtures.roundtrip.NestingDispatch;
import dev.nanite.stub.Args;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calls each endpoint end to end as an agent would serve it: the client encodes random
 * arguments, the generated dispatch table decodes them and invokes the fixture actor (which
 * echoes them), encodes its result, and the client decodes that.
 */
class DispatchRoundTripTest {
  private static final int ITERATIONS = 1_000;
  private static final Duration BUDGET = Duration.ofMillis(100);

  static Stream<Case> cases() {
    return AllCases.cases();
  }

  @Test
  void tablesAreGeneratedForBothKindsOfActor() {
    assertEquals(Echo.class, new EchoDispatch().actorType());
    assertTrue(new EchoDispatch().newActor() instanceof Echo);
    assertEquals(Nesting.class, new NestingDispatch().actorType());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void callsRoundTrip(Case c) {
    NestingEcho nesting = new NestingEcho();
    Trials.run(c.path() + " dispatch", ITERATIONS, BUDGET, (random, i) -> {
      Sample<Args> args = c.args(random);
      ByteString request = c.endpoint().requestMarshaller().encode(args.sent());
      nesting.lastArgs = null;
      ByteString response =
          Dispatchers.call(c.endpoint(), request, nesting).get(10, TimeUnit.SECONDS);
      Object result = AllCases.response(c).decode(response);
      assertDeepEquals(c.echoed(args.expected()), result);
      if (c.result() == null) {
        assertEquals(0, response.size(), "a method without a value answers an empty message");
        assertNull(result);
        if (c.endpoint().path().startsWith("/nesting/")) {
          assertDeepEquals(args.expected(), Args.of(nesting.lastArgs));
        }
      }
    });
  }
}
