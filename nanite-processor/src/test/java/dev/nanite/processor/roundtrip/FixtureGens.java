package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.Gens.BOOL;
import static dev.nanite.processor.roundtrip.Gens.BYTES;
import static dev.nanite.processor.roundtrip.Gens.BYTE_STRING;
import static dev.nanite.processor.roundtrip.Gens.CHAR16;
import static dev.nanite.processor.roundtrip.Gens.COLOR;
import static dev.nanite.processor.roundtrip.Gens.DURATION;
import static dev.nanite.processor.roundtrip.Gens.FLOAT32;
import static dev.nanite.processor.roundtrip.Gens.FLOAT64;
import static dev.nanite.processor.roundtrip.Gens.INT16;
import static dev.nanite.processor.roundtrip.Gens.INT32;
import static dev.nanite.processor.roundtrip.Gens.INT64;
import static dev.nanite.processor.roundtrip.Gens.INT8;
import static dev.nanite.processor.roundtrip.Gens.KEY;
import static dev.nanite.processor.roundtrip.Gens.STRING;
import static dev.nanite.processor.roundtrip.Gens.STRUCT;
import static dev.nanite.processor.roundtrip.Gens.TIMESTAMP;
import static dev.nanite.processor.roundtrip.Gens.list;
import static dev.nanite.processor.roundtrip.Gens.listField;
import static dev.nanite.processor.roundtrip.Gens.map;
import static dev.nanite.processor.roundtrip.Gens.mapField;
import static dev.nanite.processor.roundtrip.Gens.optional;
import static dev.nanite.processor.roundtrip.Gens.optionalField;
import static dev.nanite.processor.roundtrip.Gens.record;
import static dev.nanite.processor.roundtrip.Gens.setField;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import dev.nanite.processor.fixtures.roundtrip.Boxes;
import dev.nanite.processor.fixtures.roundtrip.Chain;
import dev.nanite.processor.fixtures.roundtrip.Color;
import dev.nanite.processor.fixtures.roundtrip.ListOfInt32;
import dev.nanite.processor.fixtures.roundtrip.Mixed;
import dev.nanite.processor.fixtures.roundtrip.Nested;
import dev.nanite.processor.fixtures.roundtrip.Nesting;
import dev.nanite.processor.fixtures.roundtrip.Named;
import dev.nanite.processor.fixtures.roundtrip.Node;
import dev.nanite.processor.fixtures.roundtrip.Percent;
import dev.nanite.processor.fixtures.roundtrip.Primitives;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Generators of the fixture records. Inside records, nullable components are sometimes null;
 * collection and Optional components are sometimes null too, and expected back empty.
 */
@SuppressWarnings("unchecked")
final class FixtureGens {
  private FixtureGens() {}

  static final Gen<Primitives> PRIMITIVES = record(
      v -> new Primitives((Boolean) v[0], (Byte) v[1], (Short) v[2], (Integer) v[3],
          (Long) v[4], (Character) v[5], (Float) v[6], (Double) v[7]),
      zeroOften(BOOL, false), zeroOften(INT8, (byte) 0), zeroOften(INT16, (short) 0),
      zeroOften(INT32, 0), zeroOften(INT64, 0L), zeroOften(CHAR16, '\0'),
      zeroOften(FLOAT32, 0f), zeroOften(FLOAT64, 0d));

  static final Gen<Boxes> BOXES = record(
      v -> new Boxes((Boolean) v[0], (Byte) v[1], (Short) v[2], (Integer) v[3], (Long) v[4],
          (Character) v[5], (Float) v[6], (Double) v[7], (String) v[8], (byte[]) v[9],
          (ByteString) v[10], (Color) v[11], (Timestamp) v[12]),
      BOOL.nullable(), INT8.nullable(), INT16.nullable(), INT32.nullable(), INT64.nullable(),
      CHAR16.nullable(), FLOAT32.nullable(), FLOAT64.nullable(), STRING.nullable(),
      BYTES.nullable(), BYTE_STRING.nullable(), COLOR.nullable(), TIMESTAMP.nullable());

  static final Gen<Node> NODE = record(
      v -> new Node((String) v[0], (List<Node>) v[1]),
      STRING.nullable(), listField(Gens.lazy(() -> FixtureGens.NODE)));

  static final Gen<Chain> CHAIN = record(
      v -> new Chain((Integer) v[0], (Optional<Chain>) v[1], (Map<Integer, Chain>) v[2],
          (byte[]) v[3]),
      INT32, optionalField(Gens.lazy(() -> FixtureGens.CHAIN)),
      mapField(INT32, Gens.lazy(() -> FixtureGens.CHAIN)), BYTES.nullable());

  static final Gen<Nesting.Pair> PAIR = record(
      v -> new Nesting.Pair((String) v[0], (Optional<Nesting.Pair>) v[1]),
      KEY.nullable(), optionalField(Gens.lazy(() -> FixtureGens.PAIR)));

  static final Gen<dev.nanite.processor.fixtures.roundtrip.other.Node> OTHER_NODE = record(
      v -> new dev.nanite.processor.fixtures.roundtrip.other.Node((Long) v[0], (String) v[1]),
      INT64, STRING.nullable());

  static final Gen<Nested> NESTED = record(
      v -> new Nested((List<List<Integer>>) v[0], (Map<String, List<Node>>) v[1],
          (Optional<List<String>>) v[2], (List<Optional<String>>) v[3], (Set<Color>) v[4],
          (Map<Long, Map<String, Integer>>) v[5], (byte[]) v[6], (List<byte[]>) v[7],
          (Map<Character, Boxes>) v[8], (Optional<Node>) v[9], (List<Duration>) v[10],
          (Optional<Struct>) v[11], (Map<Short, ByteString>) v[12],
          (Map<Byte, Optional<Double>>) v[13], (Set<List<Primitives>>) v[14]),
      listField(list(INT32)),
      mapField(KEY, list(NODE)),
      optionalField(list(STRING)),
      listField(optional(STRING)),
      setField(COLOR),
      mapField(INT64, map(KEY, INT32)),
      BYTES.nullable(),
      listField(BYTES),
      mapField(CHAR16, BOXES),
      optionalField(NODE),
      listField(DURATION),
      optionalField(STRUCT),
      mapField(INT16, BYTE_STRING),
      mapField(INT8, optional(FLOAT64)),
      setField(list(PRIMITIVES)));

  static final Gen<Percent> PERCENT = Gen.of(r -> new Percent(r.nextInt(101)));

  static final Gen<Named> NAMED = Gen.of(r -> new Named(Values.key(r)));

  static final Gen<Nesting.Level> LEVEL =
      Gen.of(r -> Nesting.Level.values()[r.nextInt(Nesting.Level.values().length)]);

  static final Gen<ListOfInt32> LIST_OF_INT32 = Gen.of(r -> new ListOfInt32(Values.int32(r)));

  /** A record and an enum named like the runtime's Fields and Codecs. */
  static final Gen<dev.nanite.processor.fixtures.roundtrip.Codecs> CODECS = Gen.of(r ->
      dev.nanite.processor.fixtures.roundtrip.Codecs.values()[r.nextInt(2)]);

  static final Gen<dev.nanite.processor.fixtures.roundtrip.Fields> FIELDS = record(
      v -> new dev.nanite.processor.fixtures.roundtrip.Fields((Integer) v[0],
          (dev.nanite.processor.fixtures.roundtrip.Codecs) v[1]),
      INT32, CODECS.nullable());

  static final Gen<Mixed> MIXED = record(FixtureGens::mixed, mixedParams());

  /** The parameters of {@code Nesting.mixed}, which returns them as a {@link Mixed}. */
  static Gen<?>[] mixedParams() {
    return new Gen<?>[] {
      BOOL, INT8, INT16, INT32, INT64, CHAR16, FLOAT32, FLOAT64, INT32.nullable(),
      STRING.nullable(), BYTES.nullable(), COLOR.nullable(), listField(INT32),
      optionalField(NODE), OTHER_NODE.nullable()
    };
  }

  static Mixed mixed(Object[] v) {
    return new Mixed((Boolean) v[0], (Byte) v[1], (Short) v[2], (Integer) v[3], (Long) v[4],
        (Character) v[5], (Float) v[6], (Double) v[7], (Integer) v[8], (String) v[9],
        (byte[]) v[10], (Color) v[11], (List<Integer>) v[12], (Optional<Node>) v[13],
        (dev.nanite.processor.fixtures.roundtrip.other.Node) v[14]);
  }

  /** A primitive that is often zero, the value implicit presence leaves out. */
  private static <T> Gen<T> zeroOften(Gen<T> gen, T zero) {
    return (random, depth) -> random.nextInt(4) == 0 ? Sample.same(zero) : gen.next(random, depth);
  }
}
