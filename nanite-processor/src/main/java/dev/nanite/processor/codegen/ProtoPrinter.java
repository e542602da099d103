package dev.nanite.processor.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@code FileDescriptorProto} as {@code .proto} text, so that the text and the binary
 * descriptor written next to it cannot disagree. Covers what actor schemas use: proto3
 * messages with scalar, enum, message, repeated, optional and map fields, top-level enums, and
 * one service.
 */
final class ProtoPrinter {
  private final FileDescriptorProto file;
  private final Map<String, String> comments;
  private final StringBuilder out = new StringBuilder();

  private ProtoPrinter(FileDescriptorProto file, Map<String, String> comments) {
    this.file = file;
    this.comments = comments;
  }

  static String print(String header, SchemaBuilder.Schema schema) {
    return new ProtoPrinter(schema.file(), schema.comments()).printFile(header);
  }

  private String printFile(String header) {
    comment("", header);
    out.append("syntax = \"").append(file.getSyntax()).append("\";\n\n");
    out.append("package ").append(file.getPackage()).append(";\n");
    for (var service : file.getServiceList()) {
      out.append('\n');
      comment("", comments.get("service"));
      out.append("service ").append(service.getName()).append(" {\n");
      for (MethodDescriptorProto method : service.getMethodList()) {
        comment("  ", comments.get("rpc." + method.getName()));
        out.append("  rpc ").append(method.getName())
            .append(" (").append(relative(method.getInputType())).append(")")
            .append(" returns (").append(relative(method.getOutputType())).append(");\n");
      }
      out.append("}\n");
    }
    for (DescriptorProto message : file.getMessageTypeList()) {
      out.append('\n');
      comment("", comments.get(message.getName()));
      out.append("message ").append(message.getName()).append(" {\n");
      for (FieldDescriptorProto field : message.getFieldList()) {
        comment("  ", comments.get(message.getName() + "." + field.getName()));
        out.append("  ").append(fieldType(message, field)).append(' ').append(field.getName())
            .append(" = ").append(field.getNumber()).append(";\n");
      }
      out.append("}\n");
    }
    for (EnumDescriptorProto enumType : file.getEnumTypeList()) {
      out.append('\n');
      comment("", comments.get(enumType.getName()));
      out.append("enum ").append(enumType.getName()).append(" {\n");
      for (EnumValueDescriptorProto value : enumType.getValueList()) {
        out.append("  ").append(value.getName()).append(" = ").append(value.getNumber())
            .append(";\n");
      }
      out.append("}\n");
    }
    return out.toString();
  }

  private String fieldType(DescriptorProto message, FieldDescriptorProto field) {
    DescriptorProto entry = mapEntry(message, field);
    if (entry != null) {
      return "map<" + valueType(entry.getField(0)) + ", " + valueType(entry.getField(1)) + ">";
    }
    String label = field.getLabel() == Label.LABEL_REPEATED ? "repeated "
        : field.getProto3Optional() ? "optional " : "";
    return label + valueType(field);
  }

  private static DescriptorProto mapEntry(DescriptorProto message, FieldDescriptorProto field) {
    if (field.getType() != Type.TYPE_MESSAGE || field.getLabel() != Label.LABEL_REPEATED) {
      return null;
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      if (nested.getOptions().getMapEntry()
          && field.getTypeName().endsWith("." + message.getName() + "." + nested.getName())) {
        return nested;
      }
    }
    return null;
  }

  private String valueType(FieldDescriptorProto field) {
    if (field.getType() == Type.TYPE_MESSAGE || field.getType() == Type.TYPE_ENUM) {
      return relative(field.getTypeName());
    }
    return field.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
  }

  private String relative(String typeName) {
    String prefix = "." + file.getPackage() + ".";
    return typeName.startsWith(prefix) ? typeName.substring(prefix.length()) : typeName;
  }

  private void comment(String indent, String text) {
    if (text == null) {
      return;
    }
    for (String line : text.split("\n")) {
      out.append(indent).append("// ").append(line).append('\n');
    }
  }
}
