package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.DeepEquals.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Marshaller;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds every generated decoder random bytes and damaged encodings (about 50,000 inputs in
 * all). Decoding must either fail with {@link InvalidProtocolBufferException} or succeed; and
 * what it accepts, protobuf must accept too, meaning the same: {@link DynamicMessage} parses it
 * with the published schema and its re-encoding decodes to an equal value. The codec may be
 * stricter than protobuf (narrow integers, enum ranges), never more lenient.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, not waits
class HostileInputTest {
  private static final int ITERATIONS = 300;
  private static final Duration BUDGET = Duration.ofMillis(80);

  static Stream<Case> cases() {
    return AllCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requestDecoderRejectsOrAgreesWithProtobuf(Case c) {
    Marshaller<?> marshaller = c.endpoint().requestMarshaller();
    Trials.run(c.path() + " hostile request", ITERATIONS, BUDGET,
        (random, i) -> fuzz(marshaller, random, c.args(random).sent()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void responseDecoderRejectsOrAgreesWithProtobuf(Case c) {
    Marshaller<Object> marshaller = AllCases.response(c);
    Trials.run(c.path() + " hostile response", ITERATIONS, BUDGET,
        (random, i) -> fuzz(marshaller, random, c.result(random).sent()));
  }

  @SuppressWarnings("unchecked")
  private static <T> void fuzz(Marshaller<T> marshaller, Random random, Object valid)
      throws Exception {
    ByteString input = random.nextInt(4) == 0
        ? Mutations.randomBytes(random)
        : Mutations.mutate(random, marshaller.encode((T) valid));
    T decoded;
    try {
      decoded = marshaller.decode(input);
    } catch (InvalidProtocolBufferException expected) {
      return;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw new AssertionError("decoding " + hex(input) + " threw " + e, e);
    }
    Descriptor type = Schemas.messageType(marshaller);
    DynamicMessage parsed;
    try {
      parsed = DynamicMessage.parseFrom(type, input);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the codec accepted " + hex(input) + " which protobuf rejects: "
          + e.getMessage() + "; decoded " + decoded, e);
    }
    try {
      assertDeepEquals(decoded, marshaller.decode(parsed.toByteString()));
      ByteString reencoded = marshaller.encode(decoded);
      assertEquals(reencoded, marshaller.encode(marshaller.decode(reencoded)));
    } catch (AssertionError e) {
      throw new AssertionError("input " + hex(input) + ": " + e.getMessage(), e);
    }
  }

  static String hex(ByteString bytes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.size(), 200); i++) {
      out.append(String.format("%02x", bytes.byteAt(i) & 0xff));
    }
    return out.append(bytes.size() > 200 ? "..." : "").toString();
  }
}
