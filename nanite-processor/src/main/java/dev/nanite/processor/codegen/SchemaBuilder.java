package dev.nanite.processor.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.EnumModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.Names;
import dev.nanite.processor.model.ParamModel;
import dev.nanite.processor.model.RecordModel;
import dev.nanite.processor.model.ScalarKind;
import dev.nanite.processor.model.WireType;
import dev.nanite.processor.model.WrapperModel;
import java.util.LinkedHashMap;

import java.util.Map;

/**
 * Builds an actor's protobuf schema as a {@code FileDescriptorProto}, the one source of both
 * the {@code .proto} text and the binary descriptor, with comments for the text.
 */
final class SchemaBuilder {
  /**
   * The schema, comments keyed by element name ({@code Msg}, {@code Msg.field}, {@code
   * rpc.name}), and each method's fingerprint by its name.
   */
  record Schema(FileDescriptorProto file, Map<String, String> comments,
      Map<String, String> fingerprints) {
    /** The fingerprint of {@code method}, computed from this schema. */
    String fingerprint(MethodModel method) {
      return fingerprints.get(method.name());
    }
  }

  private final ActorModel actor;
  private final CodecExpressions codecs;
  private final Map<String, String> comments = new LinkedHashMap<>();

  SchemaBuilder(ActorModel actor, CodecExpressions codecs) {
    this.actor = actor;
    this.codecs = codecs;
  }

  Schema build() {
    FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
        .setName(actor.protoFileName())
        .setPackage(actor.protoPackage())
        .setSyntax("proto3");
    ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder()
        .setName(Names.upperCamel(actor.prefix()));
    comments.put("service", "The actor " + actor.actorType().canonicalName() + ", prefix \""
        + actor.prefix() + "\": each rpc is called on the path /" + actor.prefix() + "/<rpc>.");
    for (MethodModel m : actor.methods()) {
      service.addMethod(MethodDescriptorProto.newBuilder()
          .setName(m.name())
          .setInputType(fullName(m.requestMessage()))
          .setOutputType(fullName(m.responseMessage())));
      comments.put("rpc." + m.name(), m.path() + ": " + m.signature()
          + (m.idempotent() ? ", idempotent" : ""));

      DescriptorProto.Builder request = DescriptorProto.newBuilder().setName(m.requestMessage());
      for (ParamModel p : m.params()) {
        addField(request, p.fieldName(), p.number(), p.wire());
      }
      comments.put(m.requestMessage(), "Request of " + m.path() + ": field n is parameter n of "
          + m.signature() + ".");
      file.addMessageType(request);

      DescriptorProto.Builder response = DescriptorProto.newBuilder().setName(m.responseMessage());
      if (m.result().wire() != null) {
        addField(response, "result", 1, m.result().wire());
      }
      comments.put(m.responseMessage(), "Response of " + m.path()
          + (m.result().wire() == null ? ": no value." : ": field 1 is the result, "
              + m.result().valueType() + "."));
      file.addMessageType(response);
    }
    file.addService(service);
    for (RecordModel r : actor.records().values()) {
      DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(r.protoName());
      for (ParamModel c : r.components()) {
        addField(message, c.fieldName(), c.number(), c.wire());
      }
      comments.put(r.protoName(), "The record " + r.javaType().canonicalName() + ".");
      file.addMessageType(message);
    }
    for (WrapperModel w : actor.wrappers().values()) {
      DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(w.protoName());
      addField(message, ProtocolWriter.wrapperFieldName(w), 1, w.wrapped());
      comments.put(w.protoName(), "Carries a " + codecs.javaType(w.wrapped())
          + " where protobuf allows a single value.");
      file.addMessageType(message);
    }
    for (EnumModel e : actor.enums().values()) {
      EnumDescriptorProto.Builder enumType = EnumDescriptorProto.newBuilder()
          .setName(e.protoName());
      String valuePrefix = Names.upperSnake(e.protoName()) + "_";
      for (int i = 0; i < e.constants().size(); i++) {
        enumType.addValue(EnumValueDescriptorProto.newBuilder()
            .setName(valuePrefix + e.constants().get(i)).setNumber(i));
      }
      comments.put(e.protoName(), "The enum " + e.javaType().canonicalName()
          + "; numbers are ordinals, names carry the enum's name as a prefix.");
      file.addEnumType(enumType);
    }
    FileDescriptorProto built = file.build();
    Map<String, String> fingerprints = Fingerprints.of(built);
    // Written into the .proto, so a program in another language can check its own computation.
    fingerprints.forEach((rpc, fingerprint) -> comments.merge("rpc." + rpc,
        "nanite-fingerprint: " + fingerprint, (said, line) -> said + "\n" + line));
    return new Schema(built, comments, fingerprints);
  }

  private void addField(DescriptorProto.Builder message, String name, int number, WireType type) {
    FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
        .setName(name).setNumber(number).setJsonName(jsonName(name));
    if (type instanceof WireType.ListOf list) {
      setElementType(field.setLabel(Label.LABEL_REPEATED), list.element());
    } else if (type instanceof WireType.SetOf set) {
      setElementType(field.setLabel(Label.LABEL_REPEATED), set.element());
    } else if (type instanceof WireType.MapOf map) {
      String entryName = Names.upperCamel(name) + "Entry";
      DescriptorProto.Builder entry = DescriptorProto.newBuilder()
          .setName(entryName)
          .setOptions(MessageOptions.newBuilder().setMapEntry(true));
      entry.addField(setElementType(FieldDescriptorProto.newBuilder().setName("key")
          .setNumber(1).setJsonName("key").setLabel(Label.LABEL_OPTIONAL), map.key()));
      entry.addField(setElementType(FieldDescriptorProto.newBuilder().setName("value")
          .setNumber(2).setJsonName("value").setLabel(Label.LABEL_OPTIONAL), map.value()));
      message.addNestedType(entry);
      field.setLabel(Label.LABEL_REPEATED).setType(Type.TYPE_MESSAGE)
          .setTypeName(fullName(message.getName()) + "." + entryName);
    } else {
      WireType value = type instanceof WireType.OptionalOf o ? o.value() : type;
      setElementType(field.setLabel(Label.LABEL_OPTIONAL), value);
      boolean primitive = value instanceof WireType.Scalar s && s.primitive();
      boolean explicitPresence = !primitive && field.getType() != Type.TYPE_MESSAGE;
      if (explicitPresence) {
        // proto3 "optional": presence is tracked through a synthetic one-field oneof
        field.setProto3Optional(true).setOneofIndex(message.getOneofDeclCount());
        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + name));
      }
    }
    if (type instanceof WireType.ProtoMessage m
        || type instanceof WireType.OptionalOf o && o.value() instanceof WireType.ProtoMessage) {
      comments.put(message.getName() + "." + name, "A serialized "
          + protoJavaName(type) + " (a protoc-generated message).");
    }
    message.addField(field);
  }

  private static String protoJavaName(WireType type) {
    WireType value = type instanceof WireType.OptionalOf o ? o.value() : type;
    return ((WireType.ProtoMessage) value).javaType().canonicalName();
  }

  /** Sets the type of one value: a scalar, an enum, or a message (records and wrappers). */
  private FieldDescriptorProto.Builder setElementType(
      FieldDescriptorProto.Builder field, WireType type) {
    if (type instanceof WireType.Scalar scalar) {
      return field.setType(scalarType(scalar.kind()));
    } else if (type instanceof WireType.EnumRef e) {
      return field.setType(Type.TYPE_ENUM)
          .setTypeName(fullName(actor.enums().get(e.key()).protoName()));
    } else if (type instanceof WireType.ProtoMessage) {
      // The message's own .proto is unknown at compile time; bytes is wire-identical to it.
      return field.setType(Type.TYPE_BYTES);
    }
    return field.setType(Type.TYPE_MESSAGE).setTypeName(fullName(codecs.messageName(type)));
  }

  private static Type scalarType(ScalarKind kind) {
    switch (kind) {
      case BOOL: return Type.TYPE_BOOL;
      case BYTE: case SHORT: case INT32: return Type.TYPE_INT32;
      case CHAR: return Type.TYPE_UINT32;
      case INT64: return Type.TYPE_INT64;
      case FLOAT: return Type.TYPE_FLOAT;
      case DOUBLE: return Type.TYPE_DOUBLE;
      case STRING: return Type.TYPE_STRING;
      default: return Type.TYPE_BYTES;
    }
  }

  private String fullName(String simpleName) {
    return "." + actor.protoName(simpleName);
  }

  /**
   * The JSON name protoc gives a field (its {@code ToJsonName}): underscores dropped, the letter
   * after one upper-cased, nothing else changed, so {@code _leading} is {@code Leading}.
   */
  static String jsonName(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean upperNext = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        upperNext = true;
      } else {
        out.append(upperNext && c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        upperNext = false;
      }
    }
    return out.toString();
  }

}
