package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.DeepEquals.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.nanite.Marshaller;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that the schema the processor publishes describes exactly what the codec writes:
 * protobuf's own {@link DynamicMessage}, reading with the published descriptor, finds every
 * field declared (no unknown fields at any depth), and what it writes back is byte for byte what
 * the codec wrote and decodes to the same value. Binary only: no JSON mapping is involved.
 */
class SchemaConsistencyTest {
  private static final int ITERATIONS = 1_000;
  private static final Duration BUDGET = Duration.ofMillis(100);

  static Stream<Case> cases() {
    return AllCases.cases();
  }

  @Test
  void schemasNameTheirActorsServicesAndEveryEndpointMessage() {
    assertEquals("dev.nanite.processor.fixtures.roundtrip.echo", Schemas.ECHO.getPackage());
    assertEquals(EchoProtocol.endpoints().size(),
        Schemas.ECHO.findServiceByName("Echo").getMethods().size());
    assertEquals(NestingProtocol.endpoints().size(),
        Schemas.NESTING.findServiceByName("Nesting").getMethods().size());
    AllCases.endpoints().forEach(e -> {
      Schemas.messageType(e.requestMarshaller());
      Schemas.messageType(e.responseMarshaller());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void protobufReadsRequestsAsPublished(Case c) {
    Trials.run(c.path() + " request schema", ITERATIONS, BUDGET, (random, i) -> {
      Sample<?> args = c.args(random);
      check(c.endpoint().requestMarshaller(), args.sent(), args.expected());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void protobufReadsResponsesAsPublished(Case c) {
    Trials.run(c.path() + " response schema", ITERATIONS, BUDGET, (random, i) -> {
      Sample<?> result = c.result(random);
      check(AllCases.response(c), result.sent(), result.expected());
    });
  }

  @SuppressWarnings("unchecked")
  private static <T> void check(Marshaller<T> marshaller, Object sent, Object expected)
      throws Exception {
    Descriptor type = Schemas.messageType(marshaller);
    ByteString ours = marshaller.encode((T) sent);
    DynamicMessage parsed = DynamicMessage.parseFrom(type, ours);
    Schemas.requireNoUnknownFields(type.getName(), parsed);
    ByteString theirs = parsed.toByteString();
    assertEquals(ours, theirs, "protobuf re-encodes " + type.getName() + " differently");
    assertDeepEquals(expected, marshaller.decode(theirs));
  }
}
