package dev.nanite.stub;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.nanite.internal.codec.WireCodecs;
import java.util.function.Supplier;

/**
 * The value codecs of the scalar types, and factories for enums, protoc-generated messages and
 * references between message codecs. What null means for each kind of type is up to the
 * {@link Fields} a codec is used in.
 */
public final class Codecs {
  private Codecs() {}

  /** {@code boolean}/{@code Boolean} as {@code bool}. */
  public static final ValueCodec<Boolean> BOOL = WireCodecs.BOOL;

  /** {@code int}/{@code Integer} as {@code int32}. */
  public static final ValueCodec<Integer> INT32 = WireCodecs.INT32;

  /** {@code byte}/{@code Byte} as {@code int32}, range-checked when read. */
  public static final ValueCodec<Byte> BYTE = WireCodecs.BYTE;

  /** {@code short}/{@code Short} as {@code int32}, range-checked when read. */
  public static final ValueCodec<Short> SHORT = WireCodecs.SHORT;

  /** {@code char}/{@code Character} as {@code uint32} (a UTF-16 code unit), range-checked. */
  public static final ValueCodec<Character> CHAR = WireCodecs.CHAR;

  /** {@code long}/{@code Long} as {@code int64}. */
  public static final ValueCodec<Long> INT64 = WireCodecs.INT64;

  /** {@code float}/{@code Float} as {@code float}; every bit pattern, NaNs included, survives. */
  public static final ValueCodec<Float> FLOAT = WireCodecs.FLOAT;

  /** {@code double}/{@code Double} as {@code double}; every bit pattern survives. */
  public static final ValueCodec<Double> DOUBLE = WireCodecs.DOUBLE;

  /** {@code String} as {@code string} (UTF-8; invalid UTF-8 is rejected when read). */
  public static final ValueCodec<String> STRING = WireCodecs.STRING;

  /** {@code byte[]} as {@code bytes}. */
  public static final ValueCodec<byte[]> BYTES = WireCodecs.BYTES;

  /** {@code ByteString} as {@code bytes}. */
  public static final ValueCodec<ByteString> BYTE_STRING = WireCodecs.BYTE_STRING;

  /**
   * A Java enum as a protobuf enum whose numbers are the constants' ordinals.
   *
   * @param protoName the enum's full protobuf name, for errors
   * @param constants the enum's constants, in declaration order
   */
  public static <E extends Enum<E>> ValueCodec<E> enumeration(String protoName, E[] constants) {
    return WireCodecs.enumeration(protoName, constants);
  }

  /**
   * A protoc-generated message type, carried as a nested message.
   *
   * @param javaName the message's Java class name, for errors
   */
  public static <M extends MessageLite> ValueCodec<M> protobuf(
      String javaName, Parser<M> parser, M defaultInstance) {
    return WireCodecs.protobuf(javaName, parser, defaultInstance);
  }

  /**
   * A message codec resolved on first use, so that records can refer to each other, or to
   * themselves ({@code Node} with a {@code List<Node>}), although their codecs are static
   * constants still being built.
   */
  public static <T> ValueCodec<T> ref(String protoName, Supplier<MessageCodec<T>> codec) {
    return WireCodecs.ref(protoName, codec);
  }
}
