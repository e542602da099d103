package dev.nanite.processor.codegen;

import static dev.nanite.processor.codegen.RuntimeNames.ARGS;
import static dev.nanite.processor.codegen.RuntimeNames.CODECS;
import static dev.nanite.processor.codegen.RuntimeNames.ENDPOINT;
import static dev.nanite.processor.codegen.RuntimeNames.MESSAGE_CODEC;
import static dev.nanite.processor.codegen.RuntimeNames.VALUE_CODEC;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import com.squareup.javapoet.WildcardTypeName;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.EnumModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.ParamModel;
import dev.nanite.processor.model.RecordModel;
import dev.nanite.processor.model.WrapperModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code MockProtocol}: an {@code Endpoint} constant per path, which the client and the
 * dispatch table share, and the codecs of the records, enums and wrappers they carry.
 */
final class ProtocolWriter {
  private final ActorModel actor;
  private final CodecExpressions codecs;
  private final SchemaBuilder.Schema schema;

  ProtocolWriter(ActorModel actor, CodecExpressions codecs, SchemaBuilder.Schema schema) {
    this.actor = actor;
    this.codecs = codecs;
    this.schema = schema;
  }

  JavaFile write() {
    TypeName anyEndpoint = ParameterizedTypeName.get(ENDPOINT,
        WildcardTypeName.subtypeOf(Object.class), WildcardTypeName.subtypeOf(Object.class));
    TypeName endpointList = ParameterizedTypeName.get(ClassNames.LIST, anyEndpoint);
    TypeSpec.Builder type = TypeSpec.classBuilder(actor.protocolClass())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(GeneratedFiles.generatedAnnotation(actor))
        .addJavadoc("The endpoints of the actor {@link $T}, prefix {@code $L}: how each path's"
            + " request and\nresponse travel. Request field n is parameter n; response field 1"
            + " is the result.\n\n<p>Schema: {@code $L}.\n",
            actor.actorType(), actor.prefix(), actor.schemaResource());
    List<String> names = actor.methods().stream().map(PathsWriter::constantName).toList();
    // First, so that the check runs before any endpoint is built with the stub API. Lower case,
    // as endpoints, the upper-case names of methods, could take any upper-case name.
    type.addField(FieldSpec.builder(int.class, "stubApi",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The stub API version this class was generated for, which the runtime checks"
            + " as the class loads.\n")
        .initializer("$T.check($L, $T.class)", RuntimeNames.STUB_API,
            RuntimeNames.STUB_API_VERSION, actor.protocolClass())
        .build());
    for (MethodModel method : actor.methods()) {
      type.addField(endpoint(method));
    }
    type.addField(FieldSpec.builder(endpointList, "endpoints",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.of($L)", ClassNames.LIST, String.join(", ", names))
        .build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    type.addMethod(getter("prefix", "The path prefix of the actor.", TypeName.get(String.class),
        CodeBlock.of("$S", actor.prefix())));
    type.addMethod(getter("endpoints", "Every endpoint, in method-id order.", endpointList,
        CodeBlock.of("endpoints")));
    type.addMethod(getter("schemaResource",
        "The class-path resource holding the {@code .proto} schema of these messages.",
        TypeName.get(String.class), CodeBlock.of("$S", actor.schemaResource())));
    type.addMethod(getter("descriptorResource",
        "The class-path resource holding the schema as a binary {@code FileDescriptorSet}.",
        TypeName.get(String.class), CodeBlock.of("$S", actor.descriptorResource())));
    if (!actor.enums().isEmpty() || !actor.records().isEmpty() || !actor.wrappers().isEmpty()) {
      type.addType(messages());
    }
    return GeneratedFiles.javaFile(actor, type.build());
  }

  private FieldSpec endpoint(MethodModel method) {
    TypeName endpointType = ParameterizedTypeName.get(ENDPOINT, ARGS, method.result().valueType());
    CodeBlock.Builder request = CodeBlock.builder()
        .add("$T.codec($S", ARGS, actor.protoName(method.requestMessage()))
        .indent().indent();
    for (ParamModel p : method.params()) {
      request.add(",\n$L", codecs.field(p.number(), p.fieldName(), p.wire(), false));
    }
    request.add(")").unindent().unindent();
    return FieldSpec.builder(endpointType, PathsWriter.constantName(method),
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("{@code $L}: {@link $T#$L}.\n", method.path(), actor.actorType(),
            JavadocLinks.method(method))
        .initializer(CodeBlock.builder()
            .add("$T.of(\n", ENDPOINT)
            .indent().indent()
            .add("$T.$L,\n$S,\n$L,\n", actor.pathsClass(), PathsWriter.constantName(method),
                schema.fingerprint(method), method.idempotent())
            .add("$L,\n", request.build())
            .add("$L)", codecs.response(method.responseMessage(), method.result().wire()))
            .unindent().unindent()
            .build())
        .build();
  }

  private static MethodSpec getter(String name, String doc, TypeName type, CodeBlock value) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc(doc + "\n")
        .returns(type)
        .addStatement("return $L", value)
        .build();
  }

  /** The nested class of record, enum and wrapper codecs; enums first, as others use them. */
  private TypeSpec messages() {
    TypeSpec.Builder type = TypeSpec.classBuilder(codecs.messagesClass())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Codecs of the records, enums and wrapper messages the endpoints carry.\n")
        .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "$S", "unchecked").build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (EnumModel e : actor.enums().values()) {
      type.addField(FieldSpec.builder(ParameterizedTypeName.get(VALUE_CODEC, e.javaType()),
              codecs.constant(e.protoName()), Modifier.STATIC, Modifier.FINAL)
          // X.class, not X.values(): a constant named like an all-caps enum would obscure X
          .initializer("$T.enumeration($S, $T.class.getEnumConstants())", CODECS,
              actor.protoName(e.protoName()), e.javaType())
          .build());
    }
    for (RecordModel r : actor.records().values()) {
      type.addField(FieldSpec.builder(ParameterizedTypeName.get(MESSAGE_CODEC, r.javaType()),
              codecs.constant(r.protoName()), Modifier.STATIC, Modifier.FINAL)
          .initializer(record(r))
          .build());
    }
    for (WrapperModel w : actor.wrappers().values()) {
      TypeName javaType = codecs.javaType(w.wrapped());
      type.addField(FieldSpec.builder(ParameterizedTypeName.get(MESSAGE_CODEC, javaType),
              codecs.constant(w.protoName()), Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.wrapping($S, $L)", MESSAGE_CODEC, actor.protoName(w.protoName()),
              codecs.field(1, wrapperFieldName(w), w.wrapped(), true))
          .build());
    }
    return type.build();
  }

  private CodeBlock record(RecordModel r) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add("$T.<$T>builder($S)", MESSAGE_CODEC, r.javaType(), actor.protoName(r.protoName()))
        .indent().indent();
    for (ParamModel c : r.components()) {
      // m -> m.x(), not URL::x: a constant named like an all-caps record would obscure URL
      code.add("\n.field($L, m -> m.$L())", codecs.field(c.number(), c.fieldName(), c.wire(), true),
          c.javaName());
    }
    CodeBlock.Builder args = CodeBlock.builder();
    for (ParamModel c : r.components()) {
      args.add("$L($T) v[$L]", c.number() > 1 ? ", " : "", c.javaType().box(), c.number() - 1);
    }
    return code.add("\n.build(v -> new $T($L))", r.javaType(), args.build())
        .unindent().unindent()
        .build();
  }

  /** The field of a wrapper message: {@code values}, {@code entries} or {@code value}. */
  static String wrapperFieldName(WrapperModel w) {
    if (w.wrapped() instanceof dev.nanite.processor.model.WireType.MapOf) {
      return "entries";
    }
    if (w.wrapped() instanceof dev.nanite.processor.model.WireType.OptionalOf) {
      return "value";
    }
    return "values";
  }
}
