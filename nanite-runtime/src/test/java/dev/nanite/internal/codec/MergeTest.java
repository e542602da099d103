package dev.nanite.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A singular message field that occurs more than once is merged, as protobuf parses it:
 * scalars and optional scalars of the later occurrence replace, repeated fields append, maps
 * put, nested messages merge in turn. Protoc messages are published as bytes, so the last
 * occurrence of one wins.
 */
class MergeTest {
  record Inner(int x, String name, List<String> tags, Map<String, Integer> counts,
      Optional<Inner> next) {}

  record Outer(Inner inner, Optional<Inner> maybe, Map<String, Inner> byKey, Timestamp time) {}

  static final WireMessage<Inner> INNER = WireMessage.<Inner>builder("t.Inner")
      .field(WireFields.scalar(1, "x", WireCodecs.INT32), Inner::x)
      .field(WireFields.optional(2, "name", WireCodecs.STRING), Inner::name)
      .field(WireFields.list(3, "tags", WireCodecs.STRING), Inner::tags)
      .field(WireFields.map(4, "counts", WireCodecs.STRING, WireCodecs.INT32), Inner::counts)
      .field(WireFields.optionalOf(5, "next", WireCodecs.ref("t.Inner", () -> MergeTest.INNER)),
          Inner::next)
      .build(v -> new Inner((Integer) v[0], (String) v[1], cast(v[2]), cast(v[3]), cast(v[4])));

  static final WireMessage<Outer> OUTER = WireMessage.<Outer>builder("t.Outer")
      .field(WireFields.optional(1, "inner", INNER), Outer::inner)
      .field(WireFields.optionalOf(2, "maybe", INNER), Outer::maybe)
      .field(WireFields.map(3, "by_key", WireCodecs.STRING, INNER), Outer::byKey)
      .field(WireFields.optional(4, "time",
          WireCodecs.protobuf("Timestamp", Timestamp.parser(), Timestamp.getDefaultInstance())),
          Outer::time)
      .build(v -> new Outer((Inner) v[0], cast(v[1]), cast(v[2]), (Timestamp) v[3]));

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }

  private static final Inner A = new Inner(1, "a", List.of("a1", "a2"), Map.of("k", 1, "a", 1),
      Optional.of(new Inner(10, "next-a", List.of("n"), Map.of(), Optional.empty())));
  private static final Inner B = new Inner(0, null, List.of("b1"), Map.of("k", 2),
      Optional.of(new Inner(0, null, List.of("m"), Map.of(), Optional.empty())));
  private static final Inner MERGED = new Inner(1, "a", List.of("a1", "a2", "b1"),
      Map.of("k", 2, "a", 1),
      Optional.of(new Inner(10, "next-a", List.of("n", "m"), Map.of(), Optional.empty())));

  private static Outer decodeBoth(Outer first, Outer second) throws Exception {
    return OUTER.decode(OUTER.encode(first).concat(OUTER.encode(second)));
  }

  @Test
  void aRepeatedMessageFieldIsMergedIntoTheEarlierOne() throws Exception {
    Outer merged = decodeBoth(new Outer(A, Optional.of(A), Map.of(), null),
        new Outer(B, Optional.of(B), Map.of(), null));
    assertEquals(MERGED.x(), merged.inner().x());
    assertEquals(MERGED.name(), merged.inner().name());
    assertEquals(MERGED.tags(), merged.inner().tags());
    assertEquals(MERGED.counts(), merged.inner().counts());
    assertEquals(MERGED.next(), merged.inner().next());
    assertEquals(MERGED, merged.maybe().orElseThrow());
  }

  @Test
  void laterScalarsReplaceEarlierOnesAndEmptyOccurrencesChangeNothing() throws Exception {
    Inner c = new Inner(7, "c", List.of(), Map.of(), Optional.empty());
    assertEquals(new Inner(7, "c", A.tags(), A.counts(), A.next()),
        decodeBoth(new Outer(A, null, null, null), new Outer(c, null, null, null)).inner());
    assertEquals(A, decodeBoth(new Outer(A, null, null, null),
        new Outer(new Inner(0, null, null, null, null), null, null, null)).inner());
  }

  @Test
  void mapEntriesWithTheSameKeyReplaceRatherThanMerge() throws Exception {
    Outer merged = decodeBoth(new Outer(null, null, Map.of("x", A), null),
        new Outer(null, null, Map.of("x", B), null));
    Inner expectedB = new Inner(0, null, B.tags(), B.counts(), B.next());
    assertEquals(Map.of("x", expectedB), merged.byKey());
  }

  @Test
  void aMapEntryWhoseValueOccursTwiceMergesIt() throws Exception {
    ByteString a = INNER.encode(A);
    ByteString b = INNER.encode(B);
    ByteString entry = ByteString.copyFrom(new byte[] {0x0a, 0x01, 'x'})
        .concat(tagged(2, a)).concat(tagged(2, b));
    assertEquals(Map.of("x", MERGED), OUTER.decode(tagged(3, entry)).byKey());
  }

  @Test
  void theLastOccurrenceOfAProtocMessageWins() throws Exception {
    Timestamp first = Timestamp.newBuilder().setSeconds(5).setNanos(6).build();
    Timestamp second = Timestamp.newBuilder().setSeconds(7).build();
    assertEquals(second, decodeBoth(new Outer(null, null, null, first),
        new Outer(null, null, null, second)).time());
  }

  @Test
  void mergingLeavesEarlierDecodedValuesUntouched() throws Exception {
    Outer once = OUTER.decode(OUTER.encode(new Outer(A, null, null, null)));
    List<String> tags = once.inner().tags();
    INNER.readMerging(once.inner(), lengthPrefixed(INNER.encode(B)).newCodedInput(), 0);
    assertEquals(A.tags(), tags);
  }

  /** Field {@code field} holding {@code message}, which is short enough for a one-byte length. */
  private static ByteString tagged(int field, ByteString message) {
    return ByteString.copyFrom(new byte[] {(byte) (field << 3 | 2)})
        .concat(lengthPrefixed(message));
  }

  private static ByteString lengthPrefixed(ByteString message) {
    if (message.size() > 127) {
      throw new IllegalArgumentException("a one-byte length cannot hold " + message.size());
    }
    return ByteString.copyFrom(new byte[] {(byte) message.size()}).concat(message);
  }
}
