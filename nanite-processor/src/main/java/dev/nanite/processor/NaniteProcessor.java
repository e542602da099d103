package dev.nanite.processor;

import com.google.auto.service.AutoService;
import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import dev.nanite.processor.breaking.BreakingChangeCheck;
import dev.nanite.processor.breaking.PreviousSchemas;
import dev.nanite.processor.codegen.ActorWriter;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.model.MethodModel;
import dev.nanite.processor.validation.ActorValidator;
import dev.nanite.processor.validation.Errors;
import dev.nanite.processor.validation.Reporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Generates, for each {@link Actor @Actor} type, a dispatch table, a typed client, path
 * constants, a protocol class and a protobuf schema, and writes an index of every actor of the
 * compilation to {@code META-INF/nanite/index}. Put {@code nanite-processor} on the annotation
 * processor path of a build that declares actors.
 *
 * <p>With {@code -Ananite.previous=<path>}, naming the previous release's jar, a directory
 * holding its schemas, or one {@code .desc} file (several separated by the platform's path
 * separator), each actor's schema is also checked against its previous one: a change that
 * would break callers or agents of that release is a compile error ({@link BreakingChangeCheck}).
 */
@AutoService(Processor.class)
public final class NaniteProcessor extends AbstractProcessor {
  private final Map<String, ActorValidator.Deferred> deferred = new LinkedHashMap<>();
  private final Map<String, String> pathOwners = new HashMap<>();
  /** Generated class names and schema resources, each with the actor it is generated for. */
  private final Map<String, String> outputOwners = new HashMap<>();
  private final StringBuilder index = new StringBuilder();
  private Reporter reporter;
  /** Null without {@code -Ananite.previous}. */
  private BreakingChangeCheck breaking;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Actor.class.getCanonicalName(), Expose.class.getCanonicalName());
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(PreviousSchemas.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (reporter == null) {
      reporter = new Reporter(processingEnv.getMessager());
    }
    Element current = null;
    try {
      String previous = processingEnv.getOptions().get(PreviousSchemas.OPTION);
      if (breaking == null && previous != null) {
        breaking = breakingChangeCheck(previous);
      }
      Map<String, TypeElement> actors = new LinkedHashMap<>();
      for (String name : deferred.keySet()) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
        if (type != null) {
          actors.put(name, type);
        }
      }
      deferred.clear();
      for (Element e : round.getElementsAnnotatedWith(Actor.class)) {
        if (e instanceof TypeElement type) {
          actors.put(type.getQualifiedName().toString(), type);
        }
      }
      for (Element e : round.getElementsAnnotatedWith(Expose.class)) {
        current = e;
        checkEnclosedByActor(e);
      }
      for (TypeElement type : actors.values()) {
        current = type;
        process(type);
      }
      if (round.processingOver()) {
        reportStillDeferred();
        if (index.length() > 0) {
          new ActorWriter(processingEnv.getFiler()).writeIndex(index.toString());
        }
      }
    } catch (Throwable t) {
      // Never crash javac: one error on the element at hand, with the cause.
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      reporter.error(current, Errors.INTERNAL_ERROR, current, trace);
    }
    return false;
  }

  private void process(TypeElement type) throws java.io.IOException {
    ActorValidator.Outcome outcome = new ActorValidator(processingEnv, reporter).validate(type);
    if (outcome instanceof ActorValidator.Deferred d) {
      deferred.put(type.getQualifiedName().toString(), d);
      return;
    }
    if (!(outcome instanceof ActorValidator.Valid valid)) {
      return;
    }
    ActorModel actor = valid.model();
    boolean pathsFree = pathsFree(actor);
    if (!outputsFree(actor) || !pathsFree) {
      return;
    }
    String name = actor.actorType().canonicalName();
    actor.methods().forEach(m -> pathOwners.put(m.path(), name));
    outputs(actor).forEach(output -> outputOwners.put(output, name));
    String binaryName = processingEnv.getElementUtils().getBinaryName(type).toString();
    try {
      ActorWriter.Written written = new ActorWriter(processingEnv.getFiler())
          .write(actor, binaryName);
      index.append(written.indexRecords());
      // After writing: the generated classes exist even when the check fails, so the errors
      // are the check's alone, not also every use of a missing client.
      if (breaking != null) {
        breaking.check(actor, written.schema());
      }
    } catch (FilerException e) {
      // A type of the compilation already has a generated name: the user's to fix, not a bug.
      reporter.error(type, Errors.GENERATED_FILE_EXISTS, type.getQualifiedName(), e.getMessage());
    }
  }

  /** Reads the previous schemas once, reporting each place that cannot be read. */
  private BreakingChangeCheck breakingChangeCheck(String option) {
    PreviousSchemas previous = PreviousSchemas.read(option);
    for (PreviousSchemas.Problem problem : previous.problems()) {
      reporter.error(null, Errors.PREVIOUS_UNREADABLE, problem.place(), problem.reason());
    }
    return new BreakingChangeCheck(previous, reporter);
  }

  /** Whether no other actor of the compilation advertises one of the actor's paths. */
  private boolean pathsFree(ActorModel actor) {
    boolean free = true;
    for (MethodModel method : actor.methods()) {
      String owner = pathOwners.get(method.path());
      if (owner != null) {
        reporter.error(method.element(), Errors.DUPLICATE_PATH_ACROSS_ACTORS, method.path(), owner);
        free = false;
      }
    }
    return free;
  }

  /**
   * Whether no other actor of the compilation generates a class or schema of the same name: two
   * actors of one package with one prefix share a schema file, and {@code Outer.Mock} and
   * {@code Outer_Mock} share class names.
   */
  private boolean outputsFree(ActorModel actor) {
    String name = actor.actorType().canonicalName();
    String schemaOwner = outputOwners.get(actor.schemaResource());
    if (schemaOwner != null) {
      reporter.error(actor.element(), Errors.DUPLICATE_SCHEMA, name, actor.prefix(), schemaOwner,
          actor.schemaResource());
      return false;
    }
    for (String output : outputs(actor)) {
      String owner = outputOwners.get(output);
      if (owner != null) {
        reporter.error(actor.element(), Errors.GENERATED_NAME_CLASH, output, name, owner);
        return false;
      }
    }
    return true;
  }

  /** The schema resource and the generated classes' names of an actor. */
  private static List<String> outputs(ActorModel actor) {
    return List.of(actor.schemaResource(), actor.pathsClass().canonicalName(),
        actor.protocolClass().canonicalName(), actor.clientClass().canonicalName(),
        actor.dispatchClass().canonicalName());
  }

  private void checkEnclosedByActor(Element e) {
    Element enclosing = e.getEnclosingElement();
    if (e.getKind() == ElementKind.METHOD
        && enclosing != null
        && enclosing.getAnnotation(Actor.class) == null) {
      reporter.error(e, Errors.EXPOSE_OUTSIDE_ACTOR,
          ((TypeElement) enclosing).getQualifiedName());
    }
  }

  private void reportStillDeferred() {
    for (ActorValidator.Deferred d : deferred.values()) {
      reporter.error(d.element(), Errors.UNRESOLVED_TYPE, d.type(), describe(d.element()));
    }
    deferred.clear();
  }

  private static String describe(Element e) {
    return e instanceof ExecutableElement m ? m.getSimpleName() + "()" : e.toString();
  }
}
