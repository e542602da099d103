package dev.nanite.processor.model;

import com.squareup.javapoet.ClassName;

/**
 * How a Java type travels: the supported kinds of parameter and result types, nested as the
 * Java type nests. Value-equal, so equal shapes share one wrapper message.
 */
public sealed interface WireType {

  /** A primitive, a box, {@code String}, {@code byte[]} or {@code ByteString}. */
  record Scalar(ScalarKind kind, boolean primitive) implements WireType {}

  /** A Java enum; {@code key} is its binary name, see {@link ActorModel#enums()}. */
  record EnumRef(String key) implements WireType {}

  /** A Java record; {@code key} is its binary name, see {@link ActorModel#records()}. */
  record RecordRef(String key) implements WireType {}

  /** A protoc-generated message class. */
  record ProtoMessage(ClassName javaType) implements WireType {}

  /** {@code List<element>}. */
  record ListOf(WireType element) implements WireType {}

  /** {@code Set<element>}. */
  record SetOf(WireType element) implements WireType {}

  /** {@code Map<key, value>} with a String or integral key. */
  record MapOf(Scalar key, WireType value) implements WireType {}

  /** {@code Optional<value>}. */
  record OptionalOf(WireType value) implements WireType {}

  /**
   * Whether this type needs a wrapper message to stand where protobuf allows one plain value
   * (a repeated element, a map value, an optional): collections, maps and optionals do.
   */
  default boolean needsWrapper() {
    return this instanceof ListOf
        || this instanceof SetOf
        || this instanceof MapOf
        || this instanceof OptionalOf;
  }
}
