/**
 * The protobuf wire codecs behind the stub API's {@code Codecs}, {@code Fields} and {@code
 * MessageCodec} ({@code dev.nanite.stub}), which generated {@code *Protocol} classes assemble
 * into request and response marshallers. Not API: generated code never names this package, and
 * its shapes change freely.
 *
 * <p>Null has one meaning per kind of type, so that every language reading the schema agrees:
 *
 * <ul>
 *   <li>primitives cannot be null; a field holding the type's zero value is left out (proto3
 *       implicit presence) and reads back as zero;
 *   <li>boxes, {@code String}, {@code byte[]}, {@code ByteString}, enums, records and protobuf
 *       messages are {@code optional} fields: null is an absent field and an absent field reads
 *       back as null, while an empty string or array is present and reads back empty;
 *   <li>{@code Optional}: empty (or a null {@code Optional}) is an absent field and reads back as
 *       {@code Optional.empty()};
 *   <li>{@code List}, {@code Set} and {@code Map}: null is sent as empty and every collection
 *       reads back non-null and unmodifiable; they cannot hold null elements, keys or values, and
 *       encoding one fails with an {@code IllegalArgumentException} naming the field.
 * </ul>
 *
 * <p>Strings travel as UTF-8: an unpaired surrogate cannot be encoded and is sent as {@code '?'}.
 *
 * <p>Decoding follows protobuf where input repeats a singular field: the last scalar wins, and a
 * record or wrapper message is merged into the earlier occurrence (lists append, maps put). A
 * protoc-generated message is published as {@code bytes}, so its last occurrence wins.
 */
package dev.nanite.internal.codec;
