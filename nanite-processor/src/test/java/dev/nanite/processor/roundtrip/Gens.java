package dev.nanite.processor.roundtrip;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import dev.nanite.processor.fixtures.roundtrip.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Generators of every supported kind, and combinators that nest them. Collections come in
 * several JDK implementations, since the codec must take any; the expected value follows the
 * sent collection's iteration order, which the wire keeps.
 */
final class Gens {
  private Gens() {}

  static final Gen<Boolean> BOOL = Gen.of(Values::bool);
  static final Gen<Byte> INT8 = Gen.of(Values::int8);
  static final Gen<Short> INT16 = Gen.of(Values::int16);
  static final Gen<Integer> INT32 = Gen.of(Values::int32);
  static final Gen<Long> INT64 = Gen.of(Values::int64);
  static final Gen<Character> CHAR16 = Gen.of(Values::char16);
  static final Gen<Float> FLOAT32 = Gen.of(Values::float32);
  static final Gen<Double> FLOAT64 = Gen.of(Values::float64);
  static final Gen<String> STRING = Gen.of(Values::string);
  static final Gen<String> KEY = Gen.of(Values::key);
  static final Gen<byte[]> BYTES = Gen.of(Values::bytes);
  static final Gen<ByteString> BYTE_STRING = Gen.of(Gens::byteString);
  static final Gen<Color> COLOR = Gen.of(r -> Color.values()[r.nextInt(Color.values().length)]);
  static final Gen<Timestamp> TIMESTAMP = Gen.of(ProtoValues::timestamp);
  static final Gen<Duration> DURATION = Gen.of(ProtoValues::duration);
  static final Gen<Struct> STRUCT = Gen.of(ProtoValues::struct);
  static final Gen<FileDescriptorProto> DESCRIPTOR = Gen.of(ProtoValues::descriptor);

  private static ByteString byteString(java.util.Random r) {
    ByteString bytes = ByteString.copyFrom(Values.bytes(r));
    switch (r.nextInt(4)) {
      case 0: return bytes.substring(bytes.size() / 3); // a bounded view
      case 1: return bytes.concat(ByteString.copyFrom(Values.bytes(r))); // possibly a rope
      default: return bytes;
    }
  }

  /** A generator defined later, for recursive records. */
  static <T> Gen<T> lazy(Supplier<Gen<T>> gen) {
    return (random, depth) -> gen.get().next(random, depth);
  }

  static <T> Gen<List<T>> list(Gen<T> element) {
    Gen<List<T>> gen = (random, depth) -> {
      int size = Sizes.pick(random, depth);
      List<T> sent = new ArrayList<>(size);
      List<T> expected = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        Sample<T> s = element.next(random, depth - 1);
        sent.add(s.sent());
        expected.add(s.expected());
      }
      return new Sample<>(someList(random, sent), expected);
    };
    return gen;
  }

  private static <T> List<T> someList(java.util.Random random, List<T> values) {
    switch (random.nextInt(5)) {
      case 0: return List.copyOf(values);
      case 1: return new LinkedList<>(values);
      case 2: return Collections.unmodifiableList(values);
      case 3: return Arrays.asList(values.toArray(newArray(values)));
      default: return values;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T[] newArray(List<T> values) {
    return (T[]) new Object[values.size()];
  }

  static <T> Gen<Set<T>> set(Gen<T> element) {
    return (random, depth) -> {
      int size = Sizes.pick(random, depth);
      Map<T, T> expectedBySent = new HashMap<>();
      Set<T> sent = new LinkedHashSet<>();
      for (int i = 0; i < size; i++) {
        Sample<T> s = element.next(random, depth - 1);
        if (sent.add(s.sent())) {
          expectedBySent.put(s.sent(), s.expected());
        }
      }
      Set<T> someSet = switch (random.nextInt(4)) {
        case 0 -> Set.copyOf(sent);
        case 1 -> new HashSet<>(sent);
        case 2 -> Collections.unmodifiableSet(sent);
        default -> sent;
      };
      Set<T> expected = new LinkedHashSet<>();
      for (T value : someSet) {
        expected.add(expectedBySent.get(value));
      }
      return new Sample<>(someSet, expected);
    };
  }

  static <K extends Comparable<K>, V> Gen<Map<K, V>> map(Gen<K> key, Gen<V> value) {
    return (random, depth) -> {
      int size = Sizes.pick(random, depth);
      Map<K, V> sent = new LinkedHashMap<>();
      Map<K, V> expectedByKey = new HashMap<>();
      for (int i = 0; i < size; i++) {
        K k = key.next(random, depth - 1).sent();
        Sample<V> v = value.next(random, depth - 1);
        sent.put(k, v.sent());
        expectedByKey.put(k, v.expected());
      }
      Map<K, V> someMap = switch (random.nextInt(4)) {
        case 0 -> new TreeMap<>(sent);
        case 1 -> new HashMap<>(sent);
        case 2 -> Map.copyOf(sent);
        default -> sent;
      };
      Map<K, V> expected = new LinkedHashMap<>();
      someMap.keySet().forEach(k -> expected.put(k, expectedByKey.get(k)));
      return new Sample<>(someMap, expected);
    };
  }

  /** Empty now and then, and always when the depth is spent. */
  static <T> Gen<Optional<T>> optional(Gen<T> value) {
    return (random, depth) -> {
      if (depth <= 0 || random.nextInt(4) == 0) {
        return Sample.same(Optional.empty());
      }
      Sample<T> s = value.next(random, depth - 1);
      return new Sample<>(Optional.of(s.sent()), Optional.of(s.expected()));
    };
  }

  /** A record from its components' samples, in component order. */
  static <R> Gen<R> record(Function<Object[], R> constructor, Gen<?>... components) {
    return (random, depth) -> {
      Object[] sent = new Object[components.length];
      Object[] expected = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        Sample<?> s = components[i].next(random, depth - 1);
        sent[i] = s.sent();
        expected[i] = s.expected();
      }
      return new Sample<>(constructor.apply(sent), constructor.apply(expected));
    };
  }

  /** Null-able as a field: lists, sets and maps decode a null as empty. */
  static <T> Gen<List<T>> listField(Gen<T> element) {
    return list(element).orNull(List.of());
  }

  static <T> Gen<Set<T>> setField(Gen<T> element) {
    return set(element).orNull(Set.of());
  }

  static <K extends Comparable<K>, V> Gen<Map<K, V>> mapField(Gen<K> key, Gen<V> value) {
    return map(key, value).orNull(Map.of());
  }

  /** Null-able as a field: a null Optional decodes as empty. */
  static <T> Gen<Optional<T>> optionalField(Gen<T> value) {
    return optional(value).orNull(Optional.empty());
  }
}
