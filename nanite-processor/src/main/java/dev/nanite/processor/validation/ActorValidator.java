package dev.nanite.processor.validation;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.TypeName;
import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.model.Names;
import dev.nanite.processor.model.ParamModel;
import dev.nanite.processor.model.ResultModel;
import dev.nanite.processor.model.WireType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@code @Actor} type and its {@code @Expose} methods, reporting every problem, and
 * builds its model when there is none.
 */
public final class ActorValidator {

  /** What validating an actor came to. */
  public sealed interface Outcome {}

  /** The actor is valid. */
  public record Valid(ActorModel model) implements Outcome {}

  /** The actor has errors, all reported. */
  public record Invalid() implements Outcome {}

  /** A type it uses is not resolved yet; try again next round. */
  public record Deferred(Element element, String type) implements Outcome {}

  private final ProcessingEnvironment env;
  private final Reporter reporter;

  public ActorValidator(ProcessingEnvironment env, Reporter reporter) {
    this.env = env;
    this.reporter = reporter;
  }

  /** Validates {@code type}, annotated {@code @Actor}. */
  public Outcome validate(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    checkType(type);
    String prefix = prefix(type);
    String javaPackage = env.getElementUtils().getPackageOf(type).getQualifiedName().toString();
    TypeMapper mapper = new TypeMapper(env, javaPackage);
    List<MethodModel> methods = new ArrayList<>();
    Map<String, MethodModel> byPath = new LinkedHashMap<>();
    Deferred deferred = null;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getAnnotation(Expose.class) == null) {
        continue;
      }
      MethodModel model;
      try {
        model = method(type, method, prefix, methods.size(), mapper);
      } catch (TypeMapper.Unresolved e) {
        // Check the other methods too: an actor is deferred only while it has no errors, so that
        // validating it again next round cannot report an error twice.
        if (deferred == null) {
          deferred = new Deferred(method, e.getMessage());
        }
        continue;
      }
      if (model == null) {
        continue;
      }
      MethodModel earlier = byPath.putIfAbsent(model.path(), model);
      if (earlier != null) {
        reportDuplicate(method, model, earlier);
        continue;
      }
      methods.add(model);
    }
    if (reporter.errorCount() > errorsBefore) {
      return new Invalid();
    }
    if (deferred != null) {
      return deferred;
    }
    if (methods.isEmpty()) {
      reporter.warning(type, Errors.ACTOR_NO_METHODS, type.getQualifiedName());
    }
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    SchemaNaming naming = new SchemaNaming(env, mapper);
    return new Valid(naming.name(ClassName.get(type), type, isInterface, creatable(type), prefix,
        methods));
  }

  private void checkType(TypeElement type) {
    ElementKind kind = type.getKind();
    String name = type.getQualifiedName().toString();
    if (kind != ElementKind.CLASS && kind != ElementKind.INTERFACE) {
      reporter.error(type, Errors.ACTOR_KIND, kind.toString().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' '), name);
      return;
    }
    if (!type.getModifiers().contains(Modifier.PUBLIC)) {
      reporter.error(type, Errors.ACTOR_NOT_PUBLIC, name);
    }
    for (Element outer = type.getEnclosingElement();
        outer instanceof TypeElement;
        outer = outer.getEnclosingElement()) {
      if (!outer.getModifiers().contains(Modifier.PUBLIC)) {
        reporter.error(type, Errors.ACTOR_ENCLOSING_NOT_PUBLIC, name,
            ((TypeElement) outer).getQualifiedName());
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      reporter.error(type, Errors.ACTOR_GENERIC, name);
    }
    if (kind == ElementKind.CLASS && type.getModifiers().contains(Modifier.ABSTRACT)) {
      reporter.error(type, Errors.ACTOR_ABSTRACT, name);
    }
  }

  /**
   * Whether the generated dispatch table can create the actor with {@code new Mock()}: a concrete
   * class, not an inner one, with a public no-argument constructor that throws no checked
   * exception. Any other actor is hosted as an instance its application creates; the {@code nanite
   * agent} daemon, which creates actors by class name, checks them when it starts.
   */
  private boolean creatable(TypeElement type) {
    if (type.getKind() != ElementKind.CLASS
        || type.getModifiers().contains(Modifier.ABSTRACT)
        || (type.getNestingKind() == NestingKind.MEMBER
            && !type.getModifiers().contains(Modifier.STATIC))) {
      return false;
    }
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .filter(c -> c.getParameters().isEmpty())
        .filter(c -> c.getModifiers().contains(Modifier.PUBLIC)
            || env.getElementUtils().getOrigin(c) == Elements.Origin.MANDATED)
        .anyMatch(c -> c.getThrownTypes().stream().noneMatch(this::isChecked));
  }

  private boolean isChecked(TypeMirror thrown) {
    Types types = env.getTypeUtils();
    TypeElement runtime = env.getElementUtils().getTypeElement("java.lang.RuntimeException");
    TypeElement error = env.getElementUtils().getTypeElement("java.lang.Error");
    return !types.isSubtype(thrown, runtime.asType()) && !types.isSubtype(thrown, error.asType());
  }

  private String prefix(TypeElement type) {
    AnnotationMirror mirror = mirror(type, Actor.class);
    AnnotationValue value = explicitValue(mirror);
    if (value != null) {
      String prefix = (String) value.getValue();
      if (!Names.SEGMENT.matcher(prefix).matches()) {
        reporter.error(type, mirror, value, Errors.MALFORMED_PREFIX, prefix, suggest(prefix));
      }
      return prefix;
    }
    String derived = Names.snakeCase(type.getSimpleName().toString());
    if (!Names.SEGMENT.matcher(derived).matches()) {
      reporter.error(type, mirror, null, Errors.MALFORMED_DERIVED, "prefix",
          type.getSimpleName(), derived, "@Actor");
    }
    return derived;
  }

  private MethodModel method(
      TypeElement type, ExecutableElement method, String prefix, int id, TypeMapper mapper)
      throws TypeMapper.Unresolved {
    int errorsBefore = reporter.errorCount();
    String described = method.getSimpleName() + "()";
    Set<Modifier> modifiers = method.getModifiers();
    if (!modifiers.contains(Modifier.PUBLIC)) {
      reporter.error(method, Errors.EXPOSE_NOT_PUBLIC, described);
    }
    if (modifiers.contains(Modifier.STATIC)) {
      reporter.error(method, Errors.EXPOSE_STATIC, described);
    }
    if (!method.getTypeParameters().isEmpty()) {
      reporter.error(method, Errors.EXPOSE_GENERIC, described);
    }
    if (type.getKind() == ElementKind.CLASS && modifiers.contains(Modifier.ABSTRACT)) {
      reporter.error(method, Errors.EXPOSE_ABSTRACT, described);
    }
    String name = pathName(method);
    checkClientClash(method, name);

    List<ParamModel> params = new ArrayList<>();
    Set<String> fieldNames = new HashSet<>();
    for (VariableElement param : method.getParameters()) {
      String javaName = param.getSimpleName().toString();
      try {
        params.add(
            new ParamModel(
                javaName,
                TypeMapper.uniqueFieldName(Names.snakeCase(javaName), fieldNames),
                params.size() + 1,
                TypeName.get(param.asType()),
                mapper.map(param.asType())));
      } catch (TypeMapper.Unsupported e) {
        reporter.error(param, Errors.UNSUPPORTED_PARAMETER, param.asType(), javaName,
            described, e.getMessage());
      }
    }
    ResultModel result = result(method, mapper, described);
    if (reporter.errorCount() > errorsBefore) {
      return null;
    }
    String camel = Names.upperCamel(name);
    return new MethodModel(
        method,
        id,
        name,
        "/" + prefix + "/" + name,
        List.copyOf(params),
        result,
        method.getAnnotation(Expose.class).idempotent(),
        camel + "Request",
        camel + "Response");
  }

  private String pathName(ExecutableElement method) {
    AnnotationMirror mirror = mirror(method, Expose.class);
    AnnotationValue value = explicitValue(mirror);
    if (value != null) {
      String name = (String) value.getValue();
      if (!Names.SEGMENT.matcher(name).matches()) {
        reporter.error(method, mirror, value, Errors.MALFORMED_NAME, name, suggest(name));
      }
      return name;
    }
    String derived = Names.snakeCase(method.getSimpleName().toString());
    if (!Names.SEGMENT.matcher(derived).matches()) {
      reporter.error(method, mirror, null, Errors.MALFORMED_DERIVED, "path name",
          method.getSimpleName() + "()", derived, "@Expose");
    }
    return derived;
  }

  private ResultModel result(ExecutableElement method, TypeMapper mapper, String described)
      throws TypeMapper.Unresolved {
    TypeMirror type = method.getReturnType();
    if (type.getKind() == TypeKind.VOID) {
      return new ResultModel(ClassName.get(Void.class), null, false, true);
    }
    boolean async = false;
    TypeMirror value = type;
    if (type.getKind() == TypeKind.DECLARED) {
      TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
      String name = element.getQualifiedName().toString();
      if (name.equals("java.util.concurrent.CompletableFuture")
          || name.equals("java.util.concurrent.CompletionStage")) {
        List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
        if (args.isEmpty()) {
          reporter.error(method, Errors.UNSUPPORTED_RESULT, type, described,
              String.format(Errors.Reasons.RAW_FUTURE, element.getSimpleName()));
          return null;
        }
        async = true;
        value = args.get(0);
      }
    }
    if (isVoidBox(value)) {
      return new ResultModel(ClassName.get(Void.class), null, async, false);
    }
    try {
      WireType wire = mapper.map(value);
      return new ResultModel(TypeName.get(value).box(), wire, async, false);
    } catch (TypeMapper.Unsupported e) {
      reporter.error(method, Errors.UNSUPPORTED_RESULT, type, described, e.getMessage());
      return null;
    }
  }

  private static boolean isVoidBox(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals("java.lang.Void");
  }

  /** Zero-argument names and Object's methods that a generated client method would clash with. */
  private void checkClientClash(ExecutableElement method, String pathName) {
    String name = method.getSimpleName().toString();
    List<String> params = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      params.add(env.getTypeUtils().erasure(p.asType()).toString());
    }
    String signature = name + "(" + String.join(",", params) + ")";
    String clash;
    switch (signature) {
      case "push()":
        clash = Errors.Clashes.PUSH_ACCESSOR;
        break;
      case "getClass()": case "hashCode()": case "toString()": case "notify()":
      case "notifyAll()": case "wait()": case "clone()": case "finalize()":
      case "wait(long)": case "wait(long,int)":
        clash = String.format(Errors.Clashes.OBJECT_METHOD, signature);
        break;
      default:
        return;
    }
    reporter.error(method, Errors.CLIENT_NAME_CLASH, signature, clash, pathName);
  }

  private void reportDuplicate(ExecutableElement method, MethodModel model, MethodModel earlier) {
    if (earlier.javaName().equals(model.javaName())
        && explicitValue(mirror(method, Expose.class)) == null) {
      reporter.error(method, Errors.OVERLOAD_COLLISION, model.javaName() + "()", model.path());
    } else {
      reporter.error(method, Errors.DUPLICATE_PATH, model.path(), earlier.signature());
    }
  }

  private static String suggest(String malformed) {
    String s = Names.snakeCase(malformed.trim()).replaceAll("[^a-z0-9_]+", "_")
        .replaceAll("^[^a-z]+", "");
    return s.isEmpty() ? "list" : s;
  }

  /** The annotation mirror of {@code annotation} on {@code element}. */
  static AnnotationMirror mirror(Element element, Class<?> annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation.getCanonicalName())) {
        return mirror;
      }
    }
    return null;
  }

  /** The explicitly given, non-empty {@code value} of an annotation, or null. */
  private static AnnotationValue explicitValue(AnnotationMirror mirror) {
    if (mirror == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("value")
          && !((String) e.getValue().getValue()).isEmpty()) {
        return e.getValue();
      }
    }
    return null;
  }
}
