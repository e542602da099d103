package dev.nanite.internal.codec;

import static com.google.protobuf.WireFormat.WIRETYPE_FIXED32;
import static com.google.protobuf.WireFormat.WIRETYPE_FIXED64;
import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
import static com.google.protobuf.WireFormat.WIRETYPE_VARINT;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.nanite.stub.MessageCodec;
import java.io.IOException;
import java.util.function.Supplier;

/** The value codecs of the supported scalar types, and factories for enums and messages. */
public final class WireCodecs {
  private WireCodecs() {}

  /** {@code boolean}/{@code Boolean} as {@code bool}. */
  public static final WireCodec<Boolean> BOOL =
      new WireCodec<>("bool", WIRETYPE_VARINT) {
        @Override
        public int sizeNoTag(Boolean value) {
          return 1;
        }

        @Override
        public void writeNoTag(CodedOutputStream out, Boolean value) throws IOException {
          out.writeBoolNoTag(value);
        }

        @Override
        public Boolean read(CodedInputStream in, int depth) throws IOException {
          return in.readBool();
        }

        @Override
        public Boolean defaultValue() {
          return Boolean.FALSE;
        }
      };

  /** {@code int}/{@code Integer} as {@code int32}. */
  public static final WireCodec<Integer> INT32 = int32("int32", Integer.MIN_VALUE, Integer.MAX_VALUE);

  /** {@code byte}/{@code Byte} as {@code int32}, range-checked when read. */
  public static final WireCodec<Byte> BYTE =
      narrowed(int32("int32", Byte.MIN_VALUE, Byte.MAX_VALUE), Integer::byteValue, Byte::intValue);

  /** {@code short}/{@code Short} as {@code int32}, range-checked when read. */
  public static final WireCodec<Short> SHORT =
      narrowed(
          int32("int32", Short.MIN_VALUE, Short.MAX_VALUE), Integer::shortValue, Short::intValue);

  /** {@code char}/{@code Character} as {@code uint32} (a UTF-16 code unit), range-checked. */
  public static final WireCodec<Character> CHAR =
      narrowed(int32("uint32", 0, Character.MAX_VALUE), i -> (char) i.intValue(), c -> (int) c);

  /** {@code long}/{@code Long} as {@code int64}. */
  public static final WireCodec<Long> INT64 =
      new WireCodec<>("int64", WIRETYPE_VARINT) {
        @Override
        public int sizeNoTag(Long value) {
          return CodedOutputStream.computeInt64SizeNoTag(value);
        }

        @Override
        public void writeNoTag(CodedOutputStream out, Long value) throws IOException {
          out.writeInt64NoTag(value);
        }

        @Override
        public Long read(CodedInputStream in, int depth) throws IOException {
          return in.readInt64();
        }

        @Override
        public Long defaultValue() {
          return 0L;
        }
      };

  /** {@code float}/{@code Float} as {@code float}; every bit pattern, NaNs included, survives. */
  public static final WireCodec<Float> FLOAT =
      new WireCodec<>("float", WIRETYPE_FIXED32) {
        @Override
        public int sizeNoTag(Float value) {
          return 4;
        }

        @Override
        public void writeNoTag(CodedOutputStream out, Float value) throws IOException {
          out.writeFloatNoTag(value);
        }

        @Override
        public Float read(CodedInputStream in, int depth) throws IOException {
          return in.readFloat();
        }

        @Override
        public Float defaultValue() {
          return 0f;
        }

        @Override
        boolean isDefault(Float value) {
          return Float.floatToRawIntBits(value) == 0; // -0.0 is not the default
        }
      };

  /** {@code double}/{@code Double} as {@code double}; every bit pattern survives. */
  public static final WireCodec<Double> DOUBLE =
      new WireCodec<>("double", WIRETYPE_FIXED64) {
        @Override
        public int sizeNoTag(Double value) {
          return 8;
        }

        @Override
        public void writeNoTag(CodedOutputStream out, Double value) throws IOException {
          out.writeDoubleNoTag(value);
        }

        @Override
        public Double read(CodedInputStream in, int depth) throws IOException {
          return in.readDouble();
        }

        @Override
        public Double defaultValue() {
          return 0d;
        }

        @Override
        boolean isDefault(Double value) {
          return Double.doubleToRawLongBits(value) == 0;
        }
      };

  /** {@code String} as {@code string} (UTF-8; invalid UTF-8 is rejected when read). */
  public static final WireCodec<String> STRING =
      new WireCodec<>("string", WIRETYPE_LENGTH_DELIMITED) {
        @Override
        public int sizeNoTag(String value) {
          return CodedOutputStream.computeStringSizeNoTag(value);
        }

        @Override
        public void writeNoTag(CodedOutputStream out, String value) throws IOException {
          out.writeStringNoTag(value);
        }

        @Override
        public String read(CodedInputStream in, int depth) throws IOException {
          return in.readStringRequireUtf8();
        }

        @Override
        public String defaultValue() {
          return "";
        }
      };

  /** {@code byte[]} as {@code bytes}. */
  public static final WireCodec<byte[]> BYTES =
      new WireCodec<>("bytes", WIRETYPE_LENGTH_DELIMITED) {
        @Override
        public int sizeNoTag(byte[] value) {
          return CodedOutputStream.computeByteArraySizeNoTag(value);
        }

        @Override
        public void writeNoTag(CodedOutputStream out, byte[] value) throws IOException {
          out.writeByteArrayNoTag(value);
        }

        @Override
        public byte[] read(CodedInputStream in, int depth) throws IOException {
          return in.readByteArray();
        }

        @Override
        public byte[] defaultValue() {
          return new byte[0];
        }

        @Override
        boolean isDefault(byte[] value) {
          return value.length == 0;
        }
      };

  /** {@code ByteString} as {@code bytes}. */
  public static final WireCodec<ByteString> BYTE_STRING =
      new WireCodec<>("bytes", WIRETYPE_LENGTH_DELIMITED) {
        @Override
        public int sizeNoTag(ByteString value) {
          return CodedOutputStream.computeBytesSizeNoTag(value);
        }

        @Override
        public void writeNoTag(CodedOutputStream out, ByteString value) throws IOException {
          out.writeBytesNoTag(value);
        }

        @Override
        public ByteString read(CodedInputStream in, int depth) throws IOException {
          return in.readBytes();
        }

        @Override
        public ByteString defaultValue() {
          return ByteString.EMPTY;
        }
      };

  /**
   * A Java enum as a protobuf enum whose numbers are the constants' ordinals.
   *
   * @param protoName the enum's full protobuf name, for errors
   * @param constants {@code E.values()}
   */
  public static <E extends Enum<E>> WireCodec<E> enumeration(String protoName, E[] constants) {
    E[] values = constants.clone();
    return new WireCodec<>(protoName, WIRETYPE_VARINT) {
      @Override
      public int sizeNoTag(E value) {
        return CodedOutputStream.computeEnumSizeNoTag(value.ordinal());
      }

      @Override
      public void writeNoTag(CodedOutputStream out, E value) throws IOException {
        out.writeEnumNoTag(value.ordinal());
      }

      @Override
      public E read(CodedInputStream in, int depth) throws IOException {
        int number = in.readEnum();
        if (number < 0 || number >= values.length) {
          throw new InvalidProtocolBufferException(
              "unknown value " + number + " of enum " + protoName + " (0.." + (values.length - 1)
                  + ")");
        }
        return values[number];
      }

      @Override
      public E defaultValue() {
        return values[0];
      }
    };
  }

  /**
   * A protoc-generated message type, carried as a nested message.
   *
   * @param javaName the message's Java class name, for errors
   */
  public static <M extends MessageLite> WireCodec<M> protobuf(
      String javaName, Parser<M> parser, M defaultInstance) {
    return new WireCodec<>(javaName, WIRETYPE_LENGTH_DELIMITED) {
      @Override
      public int sizeNoTag(M value) {
        return CodedOutputStream.computeMessageSizeNoTag(value);
      }

      @Override
      public void writeNoTag(CodedOutputStream out, M value) throws IOException {
        out.writeMessageNoTag(value);
      }

      @Override
      public M read(CodedInputStream in, int depth) throws IOException {
        return parser.parseFrom(in.readBytes());
      }

      // No readMerging: the schema publishes these fields as bytes, whose last occurrence wins.

      @Override
      public M defaultValue() {
        return defaultInstance;
      }
    };
  }

  /**
   * A reference to a message codec resolved on first use, so that records can refer to each
   * other, or to themselves ({@code Node} with a {@code List<Node>}), although their codecs are
   * static constants still being built.
   */
  public static <T> WireCodec<T> ref(
      String protoName, Supplier<? extends MessageCodec<T>> codec) {
    return new WireCodec<>(protoName, WIRETYPE_LENGTH_DELIMITED) {
      private volatile WireCodec<T> resolved;

      private WireCodec<T> get() {
        WireCodec<T> c = resolved;
        if (c == null) {
          c = WireCodec.of(codec.get());
          resolved = c;
        }
        return c;
      }

      @Override
      public int sizeNoTag(T value) {
        return get().sizeNoTag(value);
      }

      @Override
      public void writeNoTag(CodedOutputStream out, T value) throws IOException {
        get().writeNoTag(out, value);
      }

      @Override
      public T read(CodedInputStream in, int depth) throws IOException {
        return get().read(in, depth);
      }

      @Override
      T readMerging(T previous, CodedInputStream in, int depth) throws IOException {
        return get().readMerging(previous, in, depth);
      }

      @Override
      public T defaultValue() {
        return get().defaultValue();
      }

      @Override
      T readDefault() throws IOException {
        return get().readDefault();
      }

      @Override
      boolean isDefault(T value) {
        return get().isDefault(value);
      }
    };
  }

  private static WireCodec<Integer> int32(String typeName, int min, int max) {
    return new WireCodec<>(typeName, WIRETYPE_VARINT) {
      @Override
      public int sizeNoTag(Integer value) {
        return CodedOutputStream.computeInt32SizeNoTag(value);
      }

      @Override
      public void writeNoTag(CodedOutputStream out, Integer value) throws IOException {
        out.writeInt32NoTag(value);
      }

      @Override
      public Integer read(CodedInputStream in, int depth) throws IOException {
        int value = in.readInt32();
        if (value < min || value > max) {
          throw new InvalidProtocolBufferException(
              "value " + value + " is out of range " + min + ".." + max);
        }
        return value;
      }

      @Override
      public Integer defaultValue() {
        return 0;
      }
    };
  }

  private static <T> WireCodec<T> narrowed(
      WireCodec<Integer> wide,
      java.util.function.Function<Integer, T> narrow,
      java.util.function.Function<T, Integer> widen) {
    T zero = narrow.apply(0);
    return new WireCodec<>(wide.typeName(), WIRETYPE_VARINT) {
      @Override
      public int sizeNoTag(T value) {
        return wide.sizeNoTag(widen.apply(value));
      }

      @Override
      public void writeNoTag(CodedOutputStream out, T value) throws IOException {
        wide.writeNoTag(out, widen.apply(value));
      }

      @Override
      public T read(CodedInputStream in, int depth) throws IOException {
        return narrow.apply(wide.read(in, depth));
      }

      @Override
      public T defaultValue() {
        return zero;
      }
    };
  }
}
