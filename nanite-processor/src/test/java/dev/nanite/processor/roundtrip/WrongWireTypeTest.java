package dev.nanite.processor.roundtrip;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Endpoint;
import dev.nanite.Marshaller;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Sends every field of every message (requests, responses, and two levels of records, wrappers
 * and map entries inside them) with each wire type its schema does not allow: decoding must
 * fail with {@link InvalidProtocolBufferException}, naming no other exception.
 */
class WrongWireTypeTest {
  private static final int LEVELS = 2;

  @Test
  void everyFieldRejectsEveryWireTypeItsSchemaDoesNotAllow() {
    int checked = 0;
    for (Endpoint<?, ?> endpoint : AllCases.endpoints()) {
      for (Marshaller<?> m : new Marshaller<?>[] {
          endpoint.requestMarshaller(), endpoint.responseMarshaller()}) {
        checked += check(m, Schemas.messageType(m), UnaryOperator.identity(), LEVELS);
      }
    }
    if (checked < 1_000) {
      throw new AssertionError("only " + checked + " wrong wire types were tried");
    }
  }

  private static int check(
      Marshaller<?> m, Descriptor type, UnaryOperator<ByteString> wrap, int levels) {
    int checked = 0;
    for (FieldDescriptor field : type.getFields()) {
      for (int w = 0; w <= 5; w++) {
        int wireType = w;
        if (allowed(field, wireType)) {
          continue;
        }
        ByteString bad = wrap.apply(occurrence(field.getNumber(), wireType));
        assertThrows(InvalidProtocolBufferException.class, () -> m.decode(bad),
            () -> type.getFullName() + "." + field.getName() + " with wire type " + wireType);
        checked++;
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && levels > 0) {
        int number = field.getNumber();
        checked += check(m, field.getMessageType(),
            inner -> wrap.apply(Wire.of().field(number, inner).bytes()), levels - 1);
      }
    }
    return checked;
  }

  private static boolean allowed(FieldDescriptor field, int wireType) {
    int own = switch (field.getType()) {
      case FLOAT -> Wire.FIXED32;
      case DOUBLE -> Wire.FIXED64;
      case STRING, BYTES, MESSAGE -> Wire.LEN;
      default -> Wire.VARINT;
    };
    return wireType == own || (field.isRepeated() && wireType == Wire.LEN); // packed
  }

  /** One occurrence of field {@code number} with a well-formed payload of {@code wireType}. */
  private static ByteString occurrence(int number, int wireType) {
    Wire wire = Wire.of().tag(number, wireType);
    switch (wireType) {
      case Wire.VARINT: return wire.varint(1).bytes();
      case Wire.FIXED64: return wire.raw(1, 2, 3, 4, 5, 6, 7, 8).bytes();
      case Wire.LEN: return wire.varint(0).bytes();
      case Wire.START_GROUP: return wire.tag(number, Wire.END_GROUP).bytes();
      case Wire.END_GROUP: return wire.bytes();
      default: return wire.raw(1, 2, 3, 4).bytes();
    }
  }
}
