package dev.nanite.stub;

import dev.nanite.internal.codec.WireCodec;
import dev.nanite.internal.codec.WireFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of a message, one factory per kind of Java type. Null has one meaning per kind, so
 * that every language reading the schema agrees:
 *
 * <ul>
 *   <li>{@link #scalar}: a primitive, which cannot be null; its zero value is left out (proto3
 *       implicit presence) and reads back as zero;
 *   <li>{@link #optional}: a box, {@code String}, {@code byte[]}, {@code ByteString}, enum, record
 *       or protobuf message; null is an absent field and reads back as null;
 *   <li>{@link #optionalOf}: an {@code Optional}; empty (or null) is an absent field and reads
 *       back as {@code Optional.empty()};
 *   <li>{@link #list}, {@link #set}, {@link #map}: null is sent as empty, every collection reads
 *       back non-null and unmodifiable, and a null element, key or value cannot be encoded.
 * </ul>
 */
public final class Fields {
  private Fields() {}

  /** A primitive: proto3 implicit presence, the zero value is left out and read back. */
  public static <T> Field<T> scalar(int number, String name, ValueCodec<T> codec) {
    return WireFields.scalar(number, name, WireCodec.of(codec));
  }

  /** A nullable reference: explicit presence, null is an absent field. */
  public static <T> Field<T> optional(int number, String name, ValueCodec<T> codec) {
    return WireFields.optional(number, name, WireCodec.of(codec));
  }

  /** A {@code java.util.Optional}: empty (or null) is an absent field. */
  public static <T> Field<Optional<T>> optionalOf(int number, String name, ValueCodec<T> codec) {
    return WireFields.optionalOf(number, name, WireCodec.of(codec));
  }

  /** A {@code List}: a repeated field, packed for numeric and enum elements. */
  public static <T> Field<List<T>> list(int number, String name, ValueCodec<T> codec) {
    return WireFields.list(number, name, WireCodec.of(codec));
  }

  /** A {@code Set}: a repeated field; iteration order is the order on the wire. */
  public static <T> Field<Set<T>> set(int number, String name, ValueCodec<T> codec) {
    return WireFields.set(number, name, WireCodec.of(codec));
  }

  /** A {@code Map}: a protobuf map, entries with the key as field 1 and the value as field 2. */
  public static <K, V> Field<Map<K, V>> map(
      int number, String name, ValueCodec<K> keyCodec, ValueCodec<V> valueCodec) {
    return WireFields.map(number, name, WireCodec.of(keyCodec), WireCodec.of(valueCodec));
  }
}
