package dev.nanite;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Turns one request or response message into protobuf bytes and back.
 *
 * <p>Generated code supplies one per path; users rarely implement it. Implementations are
 * immutable and thread-safe.
 *
 * @param <T> the Java type carried
 */
public interface Marshaller<T> {

  /**
   * Encodes {@code value} in protobuf wire format.
   *
   * @throws IllegalArgumentException if the value cannot be encoded (a null element in a list,
   *     say); the message names the field
   */
  ByteString encode(T value);

  /**
   * Decodes a value from protobuf wire format; unknown fields are skipped.
   *
   * @throws InvalidProtocolBufferException if the bytes are not a valid encoding; the message
   *     names the field
   */
  T decode(ByteString bytes) throws InvalidProtocolBufferException;
}
