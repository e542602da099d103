package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.DeepEquals.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.nanite.Endpoint;
import dev.nanite.Marshaller;
import dev.nanite.stub.Args;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encodes thousands of random requests and responses per endpoint with the generated
 * marshallers and decodes them again: the value must come back as documented (equal, with
 * nulls in their decoded form), and encoding what was decoded must give the same bytes.
 */
class RoundTripTest {
  private static final int ITERATIONS = 2_000;
  private static final Duration BUDGET = Duration.ofMillis(100);

  static Stream<Case> cases() {
    return AllCases.cases();
  }

  @Test
  void everyGeneratedEndpointHasACase() {
    assertEquals(
        AllCases.endpoints().stream().map(Endpoint::path).sorted().toList(),
        cases().map(Case::path).sorted().toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requestsRoundTrip(Case c) {
    Marshaller<Args> marshaller = c.endpoint().requestMarshaller();
    Trials.run(c.path() + " request", ITERATIONS, BUDGET, (random, i) -> {
      Sample<Args> args = c.args(random);
      roundTrip(marshaller, args.sent(), args.expected());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void responsesRoundTrip(Case c) {
    Marshaller<Object> marshaller = AllCases.response(c);
    Trials.run(c.path() + " response", ITERATIONS, BUDGET, (random, i) -> {
      Sample<?> result = c.result(random);
      roundTrip(marshaller, result.sent(), result.expected());
    });
  }

  private static <T> void roundTrip(Marshaller<T> marshaller, T sent, T expected)
      throws Exception {
    ByteString bytes = marshaller.encode(sent);
    T decoded = marshaller.decode(bytes);
    assertDeepEquals(expected, decoded);
    assertEquals(bytes, marshaller.encode(decoded), "re-encoding the decoded value");
  }
}
