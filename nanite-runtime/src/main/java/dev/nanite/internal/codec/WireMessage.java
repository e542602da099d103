package dev.nanite.internal.codec;

import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.nanite.stub.MessageCodec.Constructor;
import dev.nanite.stub.MessageCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A protobuf message mapped onto a Java type field by field: a generated request record, a
 * user's record, or a one-field wrapper (a response, or a collection nested in a collection).
 * The implementation of the stub API's {@link MessageCodec}. Immutable and thread-safe once
 * built.
 *
 * <pre>{@code
 * WireMessage<Point> POINT = WireMessage.<Point>builder("geo.Point")
 *     .field(WireFields.scalar(1, "x", WireCodecs.INT32), Point::x)
 *     .field(WireFields.scalar(2, "y", WireCodecs.INT32), Point::y)
 *     .build(v -> new Point((Integer) v[0], (Integer) v[1]));
 * }</pre>
 *
 * @param <M> the Java type of the message
 */
public final class WireMessage<M> extends WireCodec<M> implements MessageCodec<M> {
  /** How deeply messages may nest in input before it is rejected (protobuf's own default). */
  public static final int MAX_DEPTH = 100;

  private final WireField<Object>[] fields;
  private final Function<M, Object>[] getters;
  private final int[] indexByNumber;
  private final Constructor<M> constructor;
  private final boolean nullRoot;
  private volatile M defaultValue;

  private WireMessage(
      String name, List<WireField<Object>> fields, List<Function<M, Object>> getters,
      Constructor<M> constructor, boolean nullRoot) {
    super(name, WIRETYPE_LENGTH_DELIMITED);
    this.nullRoot = nullRoot;
    @SuppressWarnings("unchecked")
    WireField<Object>[] fieldArray = fields.toArray(new WireField[0]);
    @SuppressWarnings("unchecked")
    Function<M, Object>[] getterArray = getters.toArray(new Function[0]);
    this.fields = fieldArray;
    this.getters = getterArray;
    this.constructor = constructor;
    int maxNumber = 0;
    for (WireField<Object> field : fieldArray) {
      maxNumber = Math.max(maxNumber, field.number());
    }
    this.indexByNumber = new int[maxNumber + 1];
    java.util.Arrays.fill(indexByNumber, -1);
    for (int i = 0; i < fieldArray.length; i++) {
      if (indexByNumber[fieldArray[i].number()] >= 0) {
        throw new IllegalArgumentException(name + ": field number used twice: " + fieldArray[i].number());
      }
      indexByNumber[fieldArray[i].number()] = i;
    }
  }

  /** Starts a message codec for the message with this full protobuf name. */
  public static <M> Builder<M> builder(String protoName) {
    return new Builder<>(protoName);
  }

  /**
   * A message whose only field, number 1, holds the whole value (which may be null, as a field's
   * null): a method's response, or a
   * collection or {@code Optional} inside another collection.
   */
  public static <T> WireMessage<T> wrapping(String protoName, WireField<T> field) {
    WireMessage.Builder<T> builder = WireMessage.<T>builder(protoName);
    builder.field(field, Function.identity());
    return new WireMessage<>(protoName, builder.fields, builder.getters, v -> asT(v[0]), true);
  }

  /** The response of a {@code void} method: an empty message, decoded as null. */
  public static WireMessage<Void> empty(String protoName) {
    return new WireMessage<>(protoName, List.of(), List.of(), v -> null, true);
  }

  @SuppressWarnings("unchecked")
  private static <T> T asT(Object value) {
    return (T) value;
  }

  // ---- Marshaller: a message at the root of a payload ----

  @Override
  public ByteString encode(M message) {
    if (message == null && !nullRoot) {
      throw new IllegalArgumentException(typeName() + ": cannot encode a null message");
    }
    byte[] bytes = new byte[bodySize(message)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writeBody(out, message);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException(typeName() + ": size and encoding disagree", e);
    }
    return UnsafeByteOperations.unsafeWrap(bytes);
  }

  @Override
  public M decode(ByteString bytes) throws InvalidProtocolBufferException {
    try {
      return readBody(bytes.newCodedInput(), 0);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  // ---- WireCodec: a message nested in a field ----

  @Override
  public int sizeNoTag(M message) {
    int body = bodySize(message);
    return CodedOutputStream.computeUInt32SizeNoTag(body) + body;
  }

  @Override
  public void writeNoTag(CodedOutputStream out, M message) throws IOException {
    out.writeUInt32NoTag(bodySize(message));
    writeBody(out, message);
  }

  @Override
  public M read(CodedInputStream in, int depth) throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    M message = readBody(in, depth + 1);
    in.popLimit(limit);
    return message;
  }

  /** Merges as protobuf does: the new occurrence's fields are read on top of the old ones. */
  @Override
  M readMerging(M previous, CodedInputStream in, int depth) throws IOException {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].accumulator(getters[i].apply(previous));
    }
    int limit = in.pushLimit(in.readRawVarint32());
    M message = readBody(in, depth + 1, values);
    in.popLimit(limit);
    return message;
  }

  /** The message with every field absent, as protobuf reads an absent map value. */
  @Override
  public M defaultValue() {
    try {
      return readDefault();
    } catch (IOException e) {
      throw new IllegalStateException(typeName() + ": cannot build the default message", e);
    }
  }

  /** The default message, or the decoding error its constructor's refusal is. */
  @Override
  M readDefault() throws IOException {
    M value = defaultValue;
    if (value == null) {
      value = readBody(CodedInputStream.newInstance(new byte[0]), 0);
      defaultValue = value;
    }
    return value;
  }

  @Override
  boolean isDefault(M value) {
    return false; // messages always have explicit presence
  }

  private int bodySize(M message) {
    int size = 0;
    for (int i = 0; i < fields.length; i++) {
      size += fields[i].size(getters[i].apply(message));
    }
    return size;
  }

  private void writeBody(CodedOutputStream out, M message) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      fields[i].write(out, getters[i].apply(message));
    }
  }

  private M readBody(CodedInputStream in, int depth) throws IOException {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].initial();
    }
    return readBody(in, depth, values);
  }

  /** Reads fields into the accumulators {@code values} and builds the message from them. */
  private M readBody(CodedInputStream in, int depth, Object[] values) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new InvalidProtocolBufferException(
          typeName() + ": messages nested deeper than " + MAX_DEPTH);
    }
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = tag >>> 3;
      int index = number < indexByNumber.length ? indexByNumber[number] : -1;
      if (index < 0) {
        in.skipField(tag);
        continue;
      }
      WireField<Object> field = fields[index];
      try {
        values[index] = field.read(in, tag & 7, values[index], depth);
      } catch (InvalidProtocolBufferException e) {
        throw withContext(field, e);
      }
    }
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].finish(values[i]);
    }
    try {
      return constructor.create(values);
    } catch (RuntimeException e) {
      InvalidProtocolBufferException error =
          new InvalidProtocolBufferException(typeName() + ": the decoded fields were refused: " + e);
      error.initCause(e);
      throw error;
    }
  }

  private InvalidProtocolBufferException withContext(
      WireField<?> field, InvalidProtocolBufferException e) {
    InvalidProtocolBufferException error =
        new InvalidProtocolBufferException(
            typeName() + "." + field.name() + " (" + field.number() + "): " + e.getMessage());
    error.initCause(e);
    return error;
  }

  /** Adds fields in field order, then builds the codec. */
  public static final class Builder<M> {
    private final String name;
    private final List<WireField<Object>> fields = new ArrayList<>();
    private final List<Function<M, Object>> getters = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Adds a field whose value {@code getter} reads from the message. */
    @SuppressWarnings("unchecked")
    public <T> Builder<M> field(WireField<T> field, Function<M, T> getter) {
      fields.add((WireField<Object>) field);
      getters.add((Function<M, Object>) getter);
      return this;
    }

    /** Builds the codec; {@code constructor} receives the field values in the order added. */
    public WireMessage<M> build(Constructor<M> constructor) {
      return new WireMessage<>(name, fields, getters, constructor, false);
    }
  }
}
