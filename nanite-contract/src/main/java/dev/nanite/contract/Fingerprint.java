package dev.nanite.contract;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A path's signature fingerprint, computed from its protobuf request and response messages
 * alone, so that a program in any language with only the {@code .proto} gets the same value.
 *
 * <p>The fingerprint is the first 8 bytes, as 16 lower-case hex digits, of the SHA-256 of the
 * UTF-8 {@linkplain #canonical canonical form}: {@code message(request) "->" message(response)},
 * where
 *
 * <pre>
 * message(M) = "{" field(f) ";" ... "}"            every field of M, by ascending number
 * field(f)   = number ":" label type
 * label      = "repeated " for a repeated field that is not a map,
 *              "optional " for a proto3 optional field, "" otherwise
 * type       = a scalar's protobuf name: double float int32 int64 uint32 uint64 sint32 sint64
 *                fixed32 fixed64 sfixed32 sfixed64 bool string bytes
 *            | "map&lt;" type(key) "," type(value) "&gt;"   (the entry message's fields 1 and 2)
 *            | "enum{" number "=" NAME "," ... "}"      every value, by ascending number
 *            | message(M), or "^" n when M is the message n levels up being written
 * </pre>
 *
 * <p>Names of messages, fields and enums are left out (renaming a parameter keeps the
 * fingerprint); enum value names are in (they carry the meaning of the numbers). docs/protocol.md
 * has test vectors.
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** The fingerprint of a path whose request and response are these messages. */
  public static String of(Descriptor request, Descriptor response) {
    return hash(canonical(request, response));
  }

  /** The first 8 bytes of the SHA-256 of {@code canonical}, as 16 lower-case hex digits. */
  public static String hash(String canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The canonical form hashed, such as {@code {1:optional string;}->{1:repeated string;}}. */
  public static String canonical(Descriptor request, Descriptor response) {
    StringBuilder out = new StringBuilder();
    List<String> stack = new ArrayList<>();
    message(request, stack, out);
    out.append("->");
    message(response, stack, out);
    return out.toString();
  }

  private static void message(Descriptor message, List<String> stack, StringBuilder out) {
    int depth = stack.indexOf(message.getFullName());
    if (depth >= 0) {
      out.append('^').append(stack.size() - depth); // a cycle back to an enclosing message
      return;
    }
    stack.add(message.getFullName());
    out.append('{');
    List<FieldDescriptor> fields = new ArrayList<>(message.getFields());
    fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
    for (FieldDescriptor field : fields) {
      out.append(field.getNumber()).append(':');
      if (field.isMapField()) {
        Descriptor entry = field.getMessageType();
        out.append("map<");
        type(entry.findFieldByNumber(1), stack, out);
        out.append(',');
        type(entry.findFieldByNumber(2), stack, out);
        out.append('>');
      } else {
        if (field.isRepeated()) {
          out.append("repeated ");
        } else if (field.toProto().getProto3Optional()) {
          out.append("optional ");
        }
        type(field, stack, out);
      }
      out.append(';');
    }
    out.append('}');
    stack.remove(stack.size() - 1);
  }

  private static void type(FieldDescriptor field, List<String> stack, StringBuilder out) {
    switch (field.getType()) {
      case MESSAGE, GROUP -> message(field.getMessageType(), stack, out);
      case ENUM -> enumeration(field.getEnumType(), out);
      default -> out.append(scalar(field));
    }
  }

  private static void enumeration(EnumDescriptor type, StringBuilder out) {
    List<EnumValueDescriptor> values = new ArrayList<>(type.getValues());
    values.sort(Comparator.comparingInt(EnumValueDescriptor::getNumber));
    out.append("enum{");
    for (int i = 0; i < values.size(); i++) {
      out.append(i > 0 ? "," : "").append(values.get(i).getNumber()).append('=')
          .append(values.get(i).getName());
    }
    out.append('}');
  }

  /** A scalar's type as a {@code .proto} spells it: {@code int32}, {@code string}. */
  static String scalar(FieldDescriptor field) {
    return field.getType().name().toLowerCase(Locale.ROOT);
  }
}
