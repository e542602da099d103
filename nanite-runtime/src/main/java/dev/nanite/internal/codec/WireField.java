package dev.nanite.internal.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.stub.Field;
import java.io.IOException;

/**
 * One numbered field of a message: its tag, presence and repetition on top of a {@link
 * WireCodec}. Reading goes through an accumulator so that repeated and map fields can collect
 * their entries, however they are split on the wire. Create fields with {@link WireFields}. The
 * implementation of the stub API's {@link Field}.
 *
 * @param <T> the Java type of the field's value
 */
public abstract class WireField<T> implements Field<T> {
  private final int number;
  private final String name;

  WireField(int number, String name) {
    if (number < 1 || number > 536_870_911) {
      throw new IllegalArgumentException("field number out of range: " + number);
    }
    this.number = number;
    this.name = name;
  }

  /**
   * The implementation of {@code field}, which {@code dev.nanite.stub.Fields} made.
   *
   * @throws IllegalArgumentException for a field of any other origin
   */
  @SuppressWarnings("unchecked") // a WireField is the only Field, with the same T
  public static <T> WireField<T> of(Field<T> field) {
    if (field instanceof WireField<?>) {
      return (WireField<T>) field;
    }
    throw new IllegalArgumentException("not a field made by dev.nanite.stub.Fields: "
        + (field == null ? "null" : field.getClass().getName()));
  }

  /** The field number; parameter n of a method is field n of its request. */
  public final int number() {
    return number;
  }

  /** The field name in the schema, for error messages. */
  public final String name() {
    return name;
  }

  /** The encoded size of the field, tags included; zero when nothing is written. */
  abstract int size(T value);

  /** Writes the field, tags included; writes nothing for an absent value. */
  abstract void write(CodedOutputStream out, T value) throws IOException;

  /** The accumulator before any occurrence of the field is read. */
  abstract Object initial();

  /** Reads one occurrence of the field with wire type {@code wireType} into {@code acc}. */
  abstract Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException;

  /** Turns the accumulator into the field's value. */
  abstract T finish(Object acc);

  /**
   * The accumulator holding {@code value} as if it had been read, to merge a later occurrence of
   * the enclosing message into it; the inverse of {@link #finish}, never sharing mutable state
   * with {@code value}.
   */
  abstract Object accumulator(T value);

  /** The error for an occurrence of this field with an unexpected wire type. */
  final InvalidProtocolBufferException wrongWireType(int actual, int expected) {
    return new InvalidProtocolBufferException(
        "wire type " + actual + " where wire type " + expected + " was expected");
  }

  /** The error for a value that cannot be encoded, naming this field. */
  final IllegalArgumentException cannotEncode(String why) {
    return new IllegalArgumentException("field " + name + " (" + number + "): " + why);
  }
}
