package dev.nanite.stub;

/**
 * One numbered field of a message: its number, name, presence and repetition on top of a
 * {@link ValueCodec}. Opaque: generated code only passes it to {@link MessageCodec} and {@link
 * Args#codec}. Created by {@link Fields}; not for implementation. Immutable and thread-safe.
 *
 * @param <T> the Java type of the field's value
 */
public interface Field<T> {}
