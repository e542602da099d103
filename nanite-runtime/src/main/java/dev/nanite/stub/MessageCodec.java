package dev.nanite.stub;

import dev.nanite.Marshaller;
import dev.nanite.internal.codec.WireField;
import dev.nanite.internal.codec.WireMessage;
import java.util.function.Function;

/**
 * A protobuf message mapped onto a Java type field by field: a record, or a one-field wrapper (a
 * method's response, or a collection nested in a collection). As a {@link Marshaller} it is an
 * endpoint's response; as a {@link ValueCodec} it nests in another message's field. Not for
 * implementation. Immutable and thread-safe once built.
 *
 * <pre>{@code
 * MessageCodec<Point> POINT = MessageCodec.<Point>builder("geo.Point")
 *     .field(Fields.scalar(1, "x", Codecs.INT32), p -> p.x())
 *     .field(Fields.scalar(2, "y", Codecs.INT32), p -> p.y())
 *     .build(v -> new Point((Integer) v[0], (Integer) v[1]));
 * }</pre>
 *
 * @param <M> the Java type of the message
 */
public interface MessageCodec<M> extends ValueCodec<M>, Marshaller<M> {

  /** Builds a message from its decoded field values. */
  @FunctionalInterface
  interface Constructor<M> {
    /** Creates the message; {@code values[i]} is the value of the i-th field added. */
    M create(Object[] values);
  }

  /** Starts the codec of the message with this full protobuf name. */
  static <M> Builder<M> builder(String protoName) {
    return new Builder<>(protoName);
  }

  /**
   * A message whose only field, number 1, holds the whole value, which may be null as the
   * field's null: a method's response, or a collection or {@code Optional} inside another
   * collection.
   */
  static <T> MessageCodec<T> wrapping(String protoName, Field<T> field) {
    return WireMessage.wrapping(protoName, WireField.of(field));
  }

  /** The response of a {@code void} method: an empty message, decoded as null. */
  static MessageCodec<Void> empty(String protoName) {
    return WireMessage.empty(protoName);
  }

  /** Adds fields in field order, then builds the codec. Not thread-safe. */
  final class Builder<M> {
    private final WireMessage.Builder<M> wire;

    private Builder(String protoName) {
      this.wire = WireMessage.builder(protoName);
    }

    /** Adds a field whose value {@code getter} reads from the message. */
    public <T> Builder<M> field(Field<T> field, Function<M, T> getter) {
      wire.field(WireField.of(field), getter);
      return this;
    }

    /** Builds the codec; {@code constructor} receives the field values in the order added. */
    public MessageCodec<M> build(Constructor<M> constructor) {
      return wire.build(constructor);
    }
  }
}
