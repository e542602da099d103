package dev.nanite.processor.codegen;

import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.Names;
import javax.lang.model.element.Modifier;

/** Writes {@code MockPaths}: one string constant per advertised path. */
final class PathsWriter {
  private PathsWriter() {}

  static JavaFile write(ActorModel actor) {
    TypeSpec.Builder type = TypeSpec.classBuilder(actor.pathsClass())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(GeneratedFiles.generatedAnnotation(actor))
        .addJavadoc("The paths advertised by the actor {@link $T}, prefix {@code $L}.\n",
            actor.actorType(), actor.prefix())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (MethodModel method : actor.methods()) {
      type.addField(FieldSpec.builder(String.class, constantName(method),
              Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("{@code $L}: {@link $T#$L}.\n", method.path(), actor.actorType(),
              JavadocLinks.method(method))
          .initializer("$S", method.path())
          .build());
    }
    return GeneratedFiles.javaFile(actor, type.build());
  }

  /** {@code /mock/list_all} → {@code LIST_ALL}; also the name of its endpoint constant. */
  static String constantName(MethodModel method) {
    return Names.upperSnake(method.name());
  }
}
