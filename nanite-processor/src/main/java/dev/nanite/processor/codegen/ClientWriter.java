package dev.nanite.processor.codegen;

import static dev.nanite.processor.codegen.RuntimeNames.ARGS;
import static dev.nanite.processor.codegen.RuntimeNames.CALL_OPTIONS;
import static dev.nanite.processor.codegen.RuntimeNames.COMPLETABLE_FUTURE;
import static dev.nanite.processor.codegen.RuntimeNames.REPLIES;
import static dev.nanite.processor.codegen.RuntimeNames.REQUESTER;
import static dev.nanite.processor.codegen.RuntimeNames.SELECTOR;
import static dev.nanite.processor.codegen.RuntimeNames.SELECTOR_ALL;
import static dev.nanite.processor.codegen.RuntimeNames.SELECTOR_SINGLE;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.ParamModel;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code MockClient}: per path, overloads that pick one agent (least-loaded by default)
 * or all of them, and fire-and-forget variants under {@code push()}; each body is one call into
 * the {@code Requester}.
 */
final class ClientWriter {
  private final ActorModel actor;

  ClientWriter(ActorModel actor) {
    this.actor = actor;
  }

  JavaFile write() {
    ClassName client = actor.clientClass();
    ClassName push = client.nestedClass("Push");
    TypeSpec.Builder pushType = TypeSpec.classBuilder(push)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Fire-and-forget calls (Nanite's push): no result comes back. Each future"
            + " completes once the\nbroker has the request, or fails if no agent serves the"
            + " path.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    TypeSpec.Builder type = TypeSpec.classBuilder(client)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(GeneratedFiles.generatedAnnotation(actor))
        .addJavadoc("Typed mapper client of the actor {@link $T}: one method per path, each"
            + " returning a future that\ncompletes with the agent's result or with a {@link"
            + " dev.nanite.NaniteException} saying what went wrong.\n\n<p>Thread-safe: create"
            + " one per mapper and share it.\n", actor.actorType())
        .addField(REQUESTER, "requester", Modifier.PRIVATE, Modifier.FINAL)
        .addField(FieldSpec.builder(push, "push", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T()", push).build())
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("A client that sends its calls through {@code requester}, usually a"
                + " {@code Mapper}.\n\n@throws IllegalStateException if this runtime does not"
                + " run code generated for stub API $L\n", RuntimeNames.STUB_API_VERSION)
            .addParameter(REQUESTER, "requester")
            .addStatement("$T.check($L, $T.class)", RuntimeNames.STUB_API,
                RuntimeNames.STUB_API_VERSION, client)
            .addStatement("this.requester = $T.requireNonNull(requester, $S)",
                ClassNames.OBJECTS, "requester")
            .build());
    for (MethodModel method : actor.methods()) {
      addRequestMethods(type, method);
      addPushMethods(pushType, method);
    }
    type.addMethod(MethodSpec.methodBuilder("push")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The fire-and-forget variants of this client's calls.\n")
        .returns(push)
        .addStatement("return push")
        .build());
    type.addType(pushType.build());
    return GeneratedFiles.javaFile(actor, type.build());
  }

  private void addRequestMethods(TypeSpec.Builder type, MethodModel method) {
    Names names = new Names(method);
    TypeName result = method.result().valueType();
    TypeName single = ParameterizedTypeName.get(COMPLETABLE_FUTURE, result);
    TypeName all = ParameterizedTypeName.get(COMPLETABLE_FUTURE,
        ParameterizedTypeName.get(REPLIES, result));
    CodeBlock link = link(method);

    type.addMethod(delegating(method, single, names, null,
        CodeBlock.of("$T.LEAST_LOADED, $T.DEFAULT", SELECTOR, CALL_OPTIONS),
        "Calls {@code $L} ($L) on the least-loaded agent.\n", method.path(), link));
    type.addMethod(delegating(method, single, names, SELECTOR_SINGLE,
        CodeBlock.of("$L, $T.DEFAULT", names.selector, CALL_OPTIONS),
        "Calls {@code $L} ($L) on the agent {@code $L} picks.\n", method.path(), link,
        names.selector));
    CodeBlock requester = CodeBlock.of("this.requester");
    type.addMethod(calling(method, single, names, SELECTOR_SINGLE, requester, "request",
        "Calls {@code $L} ($L) on the agent {@code $L} picks, with per-call options.\n",
        method.path(), link, names.selector));
    type.addMethod(delegating(method, all, names, SELECTOR_ALL,
        CodeBlock.of("$L, $T.DEFAULT", names.selector, CALL_OPTIONS),
        "Calls {@code $L} ($L) on every agent serving it; the replies are keyed by agent.\n",
        method.path(), link));
    type.addMethod(calling(method, all, names, SELECTOR_ALL, requester, "requestAll",
        "Calls {@code $L} ($L) on every agent serving it, with per-call options; the replies"
            + " are keyed by\nagent, failures included.\n", method.path(), link));
  }

  private void addPushMethods(TypeSpec.Builder type, MethodModel method) {
    Names names = new Names(method);
    TypeName done = ParameterizedTypeName.get(COMPLETABLE_FUTURE, ClassName.get(Void.class));
    CodeBlock link = link(method);
    type.addMethod(delegating(method, done, names, null,
        CodeBlock.of("$T.LEAST_LOADED, $T.DEFAULT", SELECTOR, CALL_OPTIONS),
        "Pushes {@code $L} ($L) to the least-loaded agent.\n", method.path(), link));
    type.addMethod(delegating(method, done, names, SELECTOR,
        CodeBlock.of("$L, $T.DEFAULT", names.selector, CALL_OPTIONS),
        "Pushes {@code $L} ($L) to the agents {@code $L} picks.\n", method.path(), link,
        names.selector));
    CodeBlock requester = CodeBlock.of("$T.this.requester", actor.clientClass());
    type.addMethod(calling(method, done, names, SELECTOR, requester, "push",
        "Pushes {@code $L} ($L) to the agents {@code $L} picks, with per-call options.\n",
        method.path(), link, names.selector));
  }

  /** An overload that fills in defaults and calls the full overload. */
  private MethodSpec delegating(MethodModel method, TypeName returns, Names names,
      ClassName selectorType, CodeBlock defaults, String doc, Object... docArgs) {
    MethodSpec.Builder spec = signature(method, returns, doc, docArgs);
    if (selectorType != null) {
      spec.addParameter(selectorType, names.selector);
    }
    String args = method.params().stream().map(ParamModel::javaName)
        .collect(Collectors.joining(", "));
    return spec.addStatement("return $L($L$L$L)", method.javaName(), args,
        args.isEmpty() ? "" : ", ", defaults).build();
  }

  /** The full overload: one call into the requester. */
  private MethodSpec calling(MethodModel method, TypeName returns, Names names,
      ClassName selectorType, CodeBlock requester, String requesterMethod, String doc,
      Object... docArgs) {
    MethodSpec.Builder spec = signature(method, returns, doc, docArgs)
        .addParameter(selectorType, names.selector)
        .addParameter(CALL_OPTIONS, names.options);
    String args = method.params().stream().map(ParamModel::javaName)
        .collect(Collectors.joining(", "));
    CodeBlock argsExpression = method.params().isEmpty()
        ? CodeBlock.of("$T.EMPTY", ARGS)
        : CodeBlock.of("$T.of($L)", ARGS, args);
    return spec.addStatement("return $L.$L($T.$L, $L, $L, $L)", requester, requesterMethod,
            actor.protocolClass(), PathsWriter.constantName(method), argsExpression,
            names.selector, names.options)
        .build();
  }

  private MethodSpec.Builder signature(MethodModel method, TypeName returns, String doc,
      Object... docArgs) {
    MethodSpec.Builder spec = MethodSpec.methodBuilder(method.javaName())
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(doc, docArgs)
        .returns(returns);
    for (ParamModel p : method.params()) {
      spec.addParameter(ParameterSpec.builder(p.javaType(), p.javaName()).build());
    }
    return spec;
  }

  private CodeBlock link(MethodModel method) {
    return CodeBlock.of("{@link $T#$L}", actor.actorType(), JavadocLinks.method(method));
  }

  /**
   * The names of the generated parameters, chosen not to clash with the user's; the requester
   * field is reached through {@code this}, which no parameter can shadow.
   */
  private static final class Names {
    final String selector;
    final String options;

    Names(MethodModel method) {
      Set<String> taken = method.params().stream().map(ParamModel::javaName)
          .collect(Collectors.toSet());
      this.selector = free("selector", taken);
      this.options = free("options", taken);
    }

    private static String free(String wanted, Set<String> taken) {
      String name = wanted;
      while (taken.contains(name)) {
        name = name + "_";
      }
      return name;
    }
  }
}
