package dev.nanite.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.TextFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which differences between two schemas of a path protobuf carries calls across, and how the
 * first one that it does not is named. Schemas are written in protobuf's text format of a
 * {@code FileDescriptorProto}, as nanite-processor generates them.
 */
class CompatibilityTest {
  private static final String LINE_V1 = "message_type { name: 'Shop_Line'"
      + " field { name: 'sku' number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }"
      + " field { name: 'quantity' number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL } }";
  private static final String MODE_V1 = "enum_type { name: 'Shop_Mode'"
      + " value { name: 'SHOP_MODE_QUIET' number: 0 } value { name: 'SHOP_MODE_LOUD' number: 1 } }";
  private static final String REQUEST = "message_type { name: 'OrderRequest'"
      + " field { name: 'line' number: 1 type: TYPE_MESSAGE type_name: '.shop.Shop_Line'"
      + " label: LABEL_OPTIONAL }"
      + " field { name: 'mode' number: 2 type: TYPE_ENUM type_name: '.shop.Shop_Mode'"
      + " label: LABEL_OPTIONAL } }"
      + " message_type { name: 'OrderResponse'"
      + " field { name: 'result' number: 1 type: TYPE_ENUM type_name: '.shop.Shop_Mode'"
      + " label: LABEL_OPTIONAL } }"
      + " message_type { name: 'Nothing' }";

  @Test
  void identicalSchemasShowNoDifference() throws Exception {
    assertEquals(List.of(), differences(schema(LINE_V1, MODE_V1), schema(LINE_V1, MODE_V1)));
  }

  @Test
  void anAddedRecordFieldAndEnumConstantAreCompatibleBothWays() throws Exception {
    Descriptor[] v1 = schema(LINE_V1, MODE_V1);
    Descriptor[] v2 = schema(LINE_V1.replace(" } }", " }"
            + " field { name: 'note' number: 3 type: TYPE_STRING label: LABEL_OPTIONAL } }"),
        MODE_V1.replace(" } }", " } value { name: 'SHOP_MODE_SHOUT' number: 2 } }"));
    List<Compatibility.Difference> found = differences(v1, v2);
    assertEquals(List.of("field 'note' of Shop.Line: absent here",
        "constant SHOUT of Shop.Mode: absent here"), found.stream().map(Object::toString).toList());
    assertTrue(found.stream().allMatch(Compatibility.Difference::compatible));
    assertEquals(Optional.empty(), firstIncompatible(v1, v2));
    assertEquals(Optional.empty(), firstIncompatible(v2, v1));
  }

  @Test
  void aFieldWhoseTypeChangedIsIncompatibleAndNamed() throws Exception {
    Descriptor[] v3 = schema(LINE_V1.replace("'quantity' number: 2 type: TYPE_INT32",
        "'quantity' number: 2 type: TYPE_STRING"), MODE_V1);
    assertEquals(Optional.of("field 'quantity' of Shop.Line: int32 here, string on the agent"),
        firstIncompatible(schema(LINE_V1, MODE_V1), v3).map(Object::toString));
  }

  @Test
  void reorderedEnumConstantsAreIncompatible() throws Exception {
    Descriptor[] swapped = schema(LINE_V1, MODE_V1.replace("number: 0", "number: 9")
        .replace("number: 1", "number: 0").replace("number: 9", "number: 1"));
    assertEquals(Optional.of("constant 0 of Shop.Mode: QUIET here, LOUD on the agent"),
        firstIncompatible(schema(LINE_V1, MODE_V1), swapped).map(Object::toString));
  }

  @Test
  void gainingPresenceIsIncompatible() throws Exception {
    Descriptor[] presence = schema(LINE_V1.replace(
        "'quantity' number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL }",
        "'quantity' number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL proto3_optional: true"
            + " oneof_index: 0 } oneof_decl { name: '_quantity' }"), MODE_V1);
    assertEquals(Optional.of("field 'quantity' of Shop.Line: int32 here, optional int32 on the"
        + " agent"), firstIncompatible(schema(LINE_V1, MODE_V1), presence).map(Object::toString));
  }

  @Test
  void aMethodThatBecameVoidIsIncompatible() throws Exception {
    Descriptor[] returning = schema(LINE_V1, MODE_V1);
    Descriptor[] becameVoid = schema(LINE_V1, MODE_V1);
    becameVoid[1] = returning[0].getFile().findMessageTypeByName("Nothing");
    assertEquals(Optional.of("the result: absent on the agent"),
        firstIncompatible(returning, becameVoid).map(Object::toString));
  }

  private static List<Compatibility.Difference> differences(Descriptor[] ours,
      Descriptor[] theirs) {
    return Compatibility.differences(ours[0], ours[1], theirs[0], theirs[1], "here",
        "on the agent");
  }

  private static Optional<Compatibility.Difference> firstIncompatible(Descriptor[] ours,
      Descriptor[] theirs) {
    return Compatibility.firstIncompatible(ours[0], ours[1], theirs[0], theirs[1], "here",
        "on the agent");
  }

  /** The request and response of a schema with {@code line} and {@code mode} in it. */
  private static Descriptor[] schema(String line, String mode) throws Exception {
    FileDescriptorProto proto = TextFormat.parse("name: 'shop.proto' package: 'shop'"
        + " syntax: 'proto3' " + REQUEST + " " + line + " " + mode, FileDescriptorProto.class);
    FileDescriptor file = FileDescriptor.buildFrom(proto, new FileDescriptor[0]);
    return new Descriptor[] {file.findMessageTypeByName("OrderRequest"),
        file.findMessageTypeByName("OrderResponse")};
  }
}
