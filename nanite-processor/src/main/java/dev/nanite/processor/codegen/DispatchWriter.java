package dev.nanite.processor.codegen;

import static dev.nanite.processor.codegen.RuntimeNames.ARGS;
import static dev.nanite.processor.codegen.RuntimeNames.COMPLETABLE_FUTURE;
import static dev.nanite.processor.codegen.RuntimeNames.COMPLETION_STAGE;
import static dev.nanite.processor.codegen.RuntimeNames.DISPATCH_TABLE;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeSpec;
import com.squareup.javapoet.WildcardTypeName;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.ParamModel;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code MockDispatch}: a {@code switch} from method id to a direct call on the actor,
 * ending in {@code AssertionError}; the runtime decodes the arguments and encodes the result.
 */
final class DispatchWriter {
  private final ActorModel actor;

  DispatchWriter(ActorModel actor) {
    this.actor = actor;
  }

  JavaFile write() {
    TypeSpec.Builder type = TypeSpec.classBuilder(actor.dispatchClass())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(DISPATCH_TABLE, actor.actorType()))
        .addAnnotation(GeneratedFiles.generatedAnnotation(actor))
        .addJavadoc("Dispatch table of the actor {@link $T}: calls its methods by id, without"
            + " reflection. Agents\nfind it through {@code META-INF/nanite/index}.\n",
            actor.actorType())
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Creates the table; it holds no state of its own.\n")
            .addStatement("super($T.class, $T.prefix(), $T.endpoints())", actor.actorType(),
                actor.protocolClass(), actor.protocolClass())
            .build());
    if (actor.creatable()) {
      type.addMethod(MethodSpec.methodBuilder("newActor")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC)
          .returns(actor.actorType())
          .addStatement("return new $T()", actor.actorType())
          .build());
    }
    type.addMethod(invoke());
    return GeneratedFiles.javaFile(actor, type.build());
  }

  private MethodSpec invoke() {
    CodeBlock.Builder body = CodeBlock.builder();
    body.beginControlFlow("switch (id)");
    for (MethodModel method : actor.methods()) {
      body.add("case $L: // $L\n", method.id(), method.path()).indent();
      CodeBlock call = CodeBlock.of("actor.$L($L)", method.javaName(), arguments(method));
      if (method.result().returnsVoid()) {
        body.addStatement("$L", call).addStatement("return VOID");
      } else if (method.result().async()) {
        body.addStatement("return $L", call);
      } else {
        body.addStatement("return $T.completedFuture($L)", COMPLETABLE_FUTURE, call);
      }
      body.unindent();
    }
    body.add("default:\n").indent()
        .addStatement("throw new $T($S + id)", AssertionError.class,
            "no method of " + actor.actorType().canonicalName() + " has id ")
        .unindent()
        .endControlFlow();
    return MethodSpec.methodBuilder("invoke")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(COMPLETION_STAGE, WildcardTypeName.subtypeOf(Object.class)))
        .addParameter(int.class, "id")
        .addParameter(actor.actorType(), "actor")
        .addParameter(ARGS, "args")
        .addException(Throwable.class)
        .addCode(body.build())
        .build();
  }

  private static CodeBlock arguments(MethodModel method) {
    CodeBlock.Builder args = CodeBlock.builder();
    for (ParamModel p : method.params()) {
      args.add("$Largs.<$T>get($L)", p.number() > 1 ? ", " : "", p.javaType().box(),
          p.number() - 1);
    }
    return args.build();
  }
}
