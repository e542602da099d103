package dev.nanite.internal.mapper;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.nanite.PathSchema;

/**
 * A proto3 schema written by hand, as nanite-processor writes one (optional fields with their
 * synthetic oneof, enum values prefixed with the enum's name), for tests of schema comparison.
 */
final class Protos {
  private final FileDescriptorProto.Builder file;

  Protos(String protoPackage) {
    file = FileDescriptorProto.newBuilder().setName(protoPackage.replace('.', '/') + ".proto")
        .setPackage(protoPackage).setSyntax("proto3");
  }

  /** A message; {@code fields} are {@link #scalar}, {@link #optional} and the like. */
  Protos message(String name, FieldDescriptorProto.Builder... fields) {
    DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto.Builder field : fields) {
      if (field.getProto3Optional()) {
        field.setOneofIndex(message.getOneofDeclCount());
        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + field.getName()));
      }
      message.addField(field);
    }
    file.addMessageType(message);
    return this;
  }

  /** An enum whose values are numbered by ordinal and prefixed, {@code SHIPPING_EXPRESS}. */
  Protos enumeration(String name, String prefix, String... constants) {
    EnumDescriptorProto.Builder e = EnumDescriptorProto.newBuilder().setName(name);
    for (int i = 0; i < constants.length; i++) {
      e.addValue(EnumValueDescriptorProto.newBuilder().setName(prefix + "_" + constants[i])
          .setNumber(i));
    }
    file.addEnumType(e);
    return this;
  }

  FileDescriptor build() {
    try {
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[0]);
    } catch (DescriptorValidationException e) {
      throw new AssertionError(e);
    }
  }

  FileDescriptorProto proto() {
    return file.build();
  }

  /** The schema of {@code path} with its {@code Request} and {@code Response} messages. */
  PathSchema path(String path, String fingerprint, String request, String response) {
    FileDescriptor built = build();
    return PathSchema.of(path, fingerprint, false, built.findMessageTypeByName(request),
        built.findMessageTypeByName(response));
  }

  static FieldDescriptorProto.Builder scalar(int number, String name, Type type) {
    return FieldDescriptorProto.newBuilder().setNumber(number).setName(name).setType(type)
        .setLabel(Label.LABEL_OPTIONAL);
  }

  static FieldDescriptorProto.Builder optional(int number, String name, Type type) {
    return scalar(number, name, type).setProto3Optional(true);
  }

  static FieldDescriptorProto.Builder repeated(int number, String name, Type type) {
    return scalar(number, name, type).setLabel(Label.LABEL_REPEATED);
  }

  /** A field of a message or enum type of the same schema, by simple name. */
  static FieldDescriptorProto.Builder ref(int number, String name, Type type, String typeName) {
    return scalar(number, name, type).setTypeName(typeName);
  }
}
