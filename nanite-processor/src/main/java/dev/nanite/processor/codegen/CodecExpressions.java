package dev.nanite.processor.codegen;

import static dev.nanite.processor.codegen.RuntimeNames.CODECS;
import static dev.nanite.processor.codegen.RuntimeNames.FIELDS;
import static dev.nanite.processor.codegen.RuntimeNames.MESSAGE_CODEC;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.Names;
import dev.nanite.processor.model.WireType;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Java expressions that build an actor's codecs from the runtime's pieces, one per wire
 * type. Records, enums and wrappers get constants in the protocol's nested {@code Messages}
 * class; inside it, message codecs refer to each other lazily, as a record may contain itself.
 */
final class CodecExpressions {
  private final ActorModel actor;
  private final ClassName messages;
  private final Map<String, String> constants = new LinkedHashMap<>();

  CodecExpressions(ActorModel actor) {
    this.actor = actor;
    this.messages = actor.protocolClass().nestedClass("Messages");
    Set<String> taken = new HashSet<>();
    actor.enums().values().forEach(e -> claim(e.protoName(), taken));
    actor.records().values().forEach(r -> claim(r.protoName(), taken));
    actor.wrappers().values().forEach(w -> claim(w.protoName(), taken));
  }

  private void claim(String protoName, Set<String> taken) {
    String wanted = Names.upperSnake(protoName);
    String name = wanted;
    for (int n = 2; !taken.add(name); n++) {
      name = wanted + "_" + n;
    }
    constants.put(protoName, name);
  }

  /** The nested class holding the record, enum and wrapper codecs. */
  ClassName messagesClass() {
    return messages;
  }

  /** The constant in {@code Messages} holding the codec of a named message or enum. */
  String constant(String protoName) {
    return constants.get(protoName);
  }

  /** A field expression: {@code Fields.list(1, "values", Codecs.INT32)}. */
  CodeBlock field(int number, String name, WireType type, boolean inMessages) {
    if (type instanceof WireType.Scalar scalar && scalar.primitive()) {
      return CodeBlock.of("$T.scalar($L, $S, $L)", FIELDS, number, name, value(type, inMessages));
    } else if (type instanceof WireType.ListOf list) {
      return CodeBlock.of("$T.list($L, $S, $L)", FIELDS, number, name,
          value(list.element(), inMessages));
    } else if (type instanceof WireType.SetOf set) {
      return CodeBlock.of("$T.set($L, $S, $L)", FIELDS, number, name,
          value(set.element(), inMessages));
    } else if (type instanceof WireType.MapOf map) {
      return CodeBlock.of("$T.map($L, $S, $L, $L)", FIELDS, number, name,
          value(map.key(), inMessages), value(map.value(), inMessages));
    } else if (type instanceof WireType.OptionalOf optional) {
      return CodeBlock.of("$T.optionalOf($L, $S, $L)", FIELDS, number, name,
          value(optional.value(), inMessages));
    }
    return CodeBlock.of("$T.optional($L, $S, $L)", FIELDS, number, name, value(type, inMessages));
  }

  /** A value codec expression for one value of {@code type}, without tag or presence. */
  CodeBlock value(WireType type, boolean inMessages) {
    if (type instanceof WireType.Scalar scalar) {
      return CodeBlock.of("$T.$L", CODECS, scalar.kind().codecConstant());
    } else if (type instanceof WireType.ProtoMessage message) {
      return CodeBlock.of("$T.protobuf($S, $T.parser(), $T.getDefaultInstance())", CODECS,
          message.javaType().canonicalName(), message.javaType(), message.javaType());
    } else if (type instanceof WireType.EnumRef e) {
      String constant = constant(actor.enums().get(e.key()).protoName());
      return inMessages ? CodeBlock.of("$L", constant) : CodeBlock.of("$T.$L", messages, constant);
    }
    String protoName = messageName(type);
    String constant = constant(protoName);
    // Qualified, as javac rejects a simple name in a lambda in a static initializer when the
    // field is the one being initialized or is declared further down ("self-reference in
    // initializer", "illegal forward reference"); a recursive record needs exactly that.
    return inMessages
        ? CodeBlock.of("$T.ref($S, () -> $T.$L)", CODECS, actor.protoName(protoName), messages,
            constant)
        : CodeBlock.of("$T.$L", messages, constant);
  }

  /** The codec of a method's response: an empty message, or field 1 = the result. */
  CodeBlock response(String protoName, WireType result) {
    if (result == null) {
      return CodeBlock.of("$T.empty($S)", MESSAGE_CODEC, actor.protoName(protoName));
    }
    return CodeBlock.of("$T.wrapping($S, $L)", MESSAGE_CODEC, actor.protoName(protoName),
        field(1, "result", result, false));
  }

  /** The simple protobuf name of the message carrying a record or a wrapped type. */
  String messageName(WireType type) {
    if (type instanceof WireType.RecordRef r) {
      return actor.records().get(r.key()).protoName();
    }
    return actor.wrappers().get(type).protoName();
  }

  /** The Java type a wire type stands for, boxed. */
  TypeName javaType(WireType type) {
    if (type instanceof WireType.Scalar scalar) {
      switch (scalar.kind()) {
        case BOOL: return ClassName.get(Boolean.class);
        case BYTE: return ClassName.get(Byte.class);
        case SHORT: return ClassName.get(Short.class);
        case INT32: return ClassName.get(Integer.class);
        case CHAR: return ClassName.get(Character.class);
        case INT64: return ClassName.get(Long.class);
        case FLOAT: return ClassName.get(Float.class);
        case DOUBLE: return ClassName.get(Double.class);
        case STRING: return ClassName.get(String.class);
        case BYTES: return ArrayTypeName.of(TypeName.BYTE);
        default: return ClassName.get("com.google.protobuf", "ByteString");
      }
    } else if (type instanceof WireType.EnumRef e) {
      return actor.enums().get(e.key()).javaType();
    } else if (type instanceof WireType.RecordRef r) {
      return actor.records().get(r.key()).javaType();
    } else if (type instanceof WireType.ProtoMessage m) {
      return m.javaType();
    } else if (type instanceof WireType.ListOf list) {
      return ParameterizedTypeName.get(ClassName.get(List.class), javaType(list.element()));
    } else if (type instanceof WireType.SetOf set) {
      return ParameterizedTypeName.get(ClassName.get(Set.class), javaType(set.element()));
    } else if (type instanceof WireType.MapOf map) {
      return ParameterizedTypeName.get(ClassName.get(Map.class), javaType(map.key()),
          javaType(map.value()));
    }
    return ParameterizedTypeName.get(ClassName.get(Optional.class),
        javaType(((WireType.OptionalOf) type).value()));
  }
}
