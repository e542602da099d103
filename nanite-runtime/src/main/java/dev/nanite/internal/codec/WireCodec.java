package dev.nanite.internal.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.nanite.stub.ValueCodec;
import java.io.IOException;

/**
 * Encodes one protobuf value without its tag: a scalar, an enum or a length-delimited message.
 * Fields ({@link WireField}) add tags, presence and repetition on top. The implementation of the
 * stub API's {@link ValueCodec}. Immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public abstract class WireCodec<T> implements ValueCodec<T> {
  private final String typeName;
  private final int wireType;

  /**
   * @param typeName the protobuf type, used in error messages ({@code int32}, {@code pkg.Point})
   * @param wireType one of the {@code WireFormat.WIRETYPE_*} constants
   */
  protected WireCodec(String typeName, int wireType) {
    this.typeName = typeName;
    this.wireType = wireType;
  }

  /**
   * The implementation of {@code codec}, which the factories of {@code dev.nanite.stub} made.
   *
   * @throws IllegalArgumentException for a codec of any other origin
   */
  @SuppressWarnings("unchecked") // a WireCodec is the only ValueCodec, with the same T
  public static <T> WireCodec<T> of(ValueCodec<T> codec) {
    if (codec instanceof WireCodec<?>) {
      return (WireCodec<T>) codec;
    }
    throw new IllegalArgumentException("not a codec made by dev.nanite.stub.Codecs or"
        + " MessageCodec: " + (codec == null ? "null" : codec.getClass().getName()));
  }

  /** The protobuf type name, as in the schema. */
  public final String typeName() {
    return typeName;
  }

  /** The wire type of an encoded value. */
  public final int wireType() {
    return wireType;
  }

  /** Whether repeated values of this type are packed into one length-delimited record. */
  final boolean packable() {
    return wireType != com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** The encoded size of {@code value} without a tag. */
  public abstract int sizeNoTag(T value);

  /** Writes {@code value} without a tag. */
  public abstract void writeNoTag(CodedOutputStream out, T value) throws IOException;

  /**
   * Reads one value.
   *
   * @param depth how many messages enclose this value, to bound recursion on hostile input
   */
  public abstract T read(CodedInputStream in, int depth) throws IOException;

  /**
   * Reads another occurrence of a singular field that already holds {@code previous}. Protobuf
   * merges a message into the earlier one (repeated fields append, set fields replace); any
   * other value replaces it, which this default does.
   */
  T readMerging(T previous, CodedInputStream in, int depth) throws IOException {
    return read(in, depth);
  }

  /** The value an absent field stands for where presence is implicit (proto3 defaults). */
  public abstract T defaultValue();

  /**
   * The default value while decoding (a map entry without a value): fails, as decoding does,
   * where there is none, such as a record whose constructor refuses every field absent.
   */
  T readDefault() throws IOException {
    return defaultValue();
  }

  /** Whether {@code value} is the default, so that an implicit-presence field leaves it out. */
  boolean isDefault(T value) {
    return value.equals(defaultValue());
  }
}
