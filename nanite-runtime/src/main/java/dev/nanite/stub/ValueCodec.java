package dev.nanite.stub;

/**
 * How one protobuf value travels without its tag: a scalar, an enum or a nested message.
 * Opaque: generated code only passes it to {@link Fields} and {@link Codecs}. Created by {@link
 * Codecs} and {@link MessageCodec}; not for implementation. Immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public interface ValueCodec<T> {}
