package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.DeepEquals.assertDeepEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import dev.nanite.Marshaller;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid input our encoder never writes, as other protobuf writers may: two encodings
 * concatenated (which protobuf reads as their merge) with unknown fields between them. The
 * codec must accept it and read what protobuf reads with the published schema.
 */
class MergeAgreementTest {
  private static final int ITERATIONS = 300;
  private static final Duration BUDGET = Duration.ofMillis(60);

  static Stream<Case> cases() {
    return AllCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void concatenatedRequestsMergeLikeProtobuf(Case c) {
    Marshaller<Object> m = cast(c.endpoint().requestMarshaller());
    Trials.run(c.path() + " merged requests", ITERATIONS, BUDGET, (random, i) ->
        agree(m, random, m.encode(c.args(random).sent()), m.encode(c.args(random).sent())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void concatenatedResponsesMergeLikeProtobuf(Case c) {
    Marshaller<Object> m = AllCases.response(c);
    Trials.run(c.path() + " merged responses", ITERATIONS, BUDGET, (random, i) ->
        agree(m, random, m.encode(c.result(random).sent()), m.encode(c.result(random).sent())));
  }

  private static void agree(Marshaller<Object> m, Random random, ByteString a, ByteString b)
      throws Exception {
    ByteString input = a.concat(unknownField(random)).concat(b);
    Object ours = m.decode(input);
    DynamicMessage theirs = DynamicMessage.parseFrom(Schemas.messageType(m), input);
    assertDeepEquals(m.decode(theirs.toByteString()), ours);
  }

  /** A field numbered beyond any the fixtures use, of a random wire type; or nothing. */
  private static ByteString unknownField(Random random) {
    int number = 1_000 + random.nextInt(1_000);
    switch (random.nextInt(6)) {
      case 0: return Wire.of().field(number, Values.int64(random)).bytes();
      case 1: return Wire.of().tag(number, Wire.FIXED64).raw(1, 2, 3, 4, 5, 6, 7, 8).bytes();
      case 2: return Wire.of().field(number, ByteString.copyFrom(Values.bytes(random))).bytes();
      case 3: return Wire.of().tag(number, Wire.FIXED32).raw(9, 9, 9, 9).bytes();
      case 4: return Wire.of().tag(number, Wire.START_GROUP).field(1, 5)
          .tag(number, Wire.END_GROUP).bytes();
      default: return ByteString.EMPTY;
    }
  }

  @SuppressWarnings("unchecked")
  private static Marshaller<Object> cast(Marshaller<?> m) {
    return (Marshaller<Object>) m;
  }
}
