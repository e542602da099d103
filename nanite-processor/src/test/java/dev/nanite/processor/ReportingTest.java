package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.assertError;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.contents;
import static dev.nanite.processor.Compilations.messages;
import static dev.nanite.processor.Compilations.source;
import static dev.nanite.processor.validation.Errors.ACTOR_NOT_PUBLIC;
import static dev.nanite.processor.validation.Errors.DUPLICATE_PATH;
import static dev.nanite.processor.validation.Errors.EXPOSE_NOT_PUBLIC;
import static dev.nanite.processor.validation.Errors.EXPOSE_OUTSIDE_ACTOR;
import static dev.nanite.processor.validation.Errors.EXPOSE_STATIC;
import static dev.nanite.processor.validation.Errors.INTERNAL_ERROR;
import static dev.nanite.processor.validation.Errors.Reasons.NOT_A_SUPPORTED_KIND;
import static dev.nanite.processor.validation.Errors.UNRESOLVED_TYPE;
import static dev.nanite.processor.validation.Errors.UNSUPPORTED_PARAMETER;
import static dev.nanite.processor.validation.Errors.UNSUPPORTED_RESULT;
import static java.lang.String.format;

import com.google.testing.compile.Compilation;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * How the processor reports: every error of a build at once, each on its element, nothing
 * generated for an invalid actor, and never a javac crash.
 */
class ReportingTest {
  /** Marks the lines on which the sources below expect a diagnostic. */
  private static final String HERE = "// <- error";

  private static final JavaFileObject MOCK = source("p.Mock", """
      package p;
      import dev.nanite.annotations.*;
      @Actor
      public class Mock {
        @Expose void hidden() {} // <- error
        @Expose public static void shared() {} // <- error
        @Expose public void take(Object value) {} // <- error
        @Expose public java.util.Date give() { return null; } // <- error
        @Expose("list") public void all() {}
        @Expose("list") public void some() {} // <- error
        @Expose public String fine(String s) { return s; }
      }
      """);
  private static final JavaFileObject HELPER = source("p.Helper", """
      package p;
      import dev.nanite.annotations.*;
      public class Helper {
        @Expose public void helper() {} // <- error
      }
      """);
  private static final JavaFileObject HIDDEN = source("q.Hidden", """
      package q;
      import dev.nanite.annotations.*;
      @Actor
      class Hidden { // <- error
        @Expose public void list() {}
      }
      """);

  @Test
  void reportsEveryErrorOfTheBuildAtOnce() {
    Compilation compilation = compile(MOCK, HELPER, HIDDEN);
    assertError(compilation, format(EXPOSE_NOT_PUBLIC, "hidden()"), MOCK, "hidden()");
    assertError(compilation, format(EXPOSE_STATIC, "shared()"), MOCK, "shared()");
    assertError(compilation, format(UNSUPPORTED_PARAMETER, "java.lang.Object", "value", "take()",
        format(NOT_A_SUPPORTED_KIND, "java.lang.Object")), MOCK, "take(");
    assertError(compilation, format(UNSUPPORTED_RESULT, "java.util.Date", "give()",
        format(NOT_A_SUPPORTED_KIND, "java.util.Date")), MOCK, "give()");
    assertError(compilation, format(DUPLICATE_PATH, "/mock/list", "all()"), MOCK, "some()");
    assertError(compilation, format(EXPOSE_OUTSIDE_ACTOR, "p.Helper"), HELPER, "helper()");
    assertError(compilation, format(ACTOR_NOT_PUBLIC, "q.Hidden"), HIDDEN, "class Hidden");
    assertThat(compilation).hadErrorCount(7);
  }

  /** Each diagnostic sits on a marked line of the file it is about, and each mark has one. */
  @Test
  void everyDiagnosticPointsAtTheLineOfItsElement() {
    Compilation compilation = compile(MOCK, HELPER, HIDDEN);
    Set<String> reported = new TreeSet<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      assertWithMessage("source of %s", d).that(d.getSource()).isNotNull();
      String line = contents(d.getSource()).lines().toList().get((int) d.getLineNumber() - 1);
      assertWithMessage("line of %s", d).that(line).contains(HERE);
      reported.add(d.getSource().getName() + ":" + d.getLineNumber());
    }
    Set<String> marked = new TreeSet<>();
    for (JavaFileObject file : List.of(MOCK, HELPER, HIDDEN)) {
      List<String> lines = contents(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(HERE)) {
          marked.add(file.getName() + ":" + (i + 1));
        }
      }
    }
    assertThat(reported).isEqualTo(marked);
  }

  @Test
  void invalidActorGetsNoGeneratedFiles() {
    JavaFileObject good = source("p.Good", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Good {
          @Expose public String list() { return ""; }
        }
        """);
    FilerSpy spy = FilerSpy.recording();
    Compilation compilation = compile(spy, good, MOCK);
    assertThat(compilation).failed();
    assertThat(spy.created()).containsAtLeast("p.GoodPaths", "p.GoodProtocol", "p.GoodClient",
        "p.GoodDispatch", "META-INF/nanite/proto/p/good.proto", "META-INF/nanite/index");
    assertThat(spy.created().stream().filter(f -> f.toLowerCase().contains("mock")).toList())
        .isEmpty();
  }

  /** A bug in a writer is one error on the actor with its cause, not an exception from javac. */
  @Test
  void internalFailureIsOneErrorOnTheActor() {
    FilerSpy spy = FilerSpy.failingWith(new IllegalStateException("disk full"));
    JavaFileObject good = source("p.Good", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Good {
          @Expose public String list() { return ""; }
        }
        """);
    Compilation compilation = compile(spy, good);
    assertThat(compilation)
        .hadErrorContaining(format(INTERNAL_ERROR, "p.Good",
            "java.lang.IllegalStateException: disk full"))
        .inFile(good)
        .onLineContaining("public class Good");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void typeThatNeverResolvesIsReportedOnceOnItsMethod() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          @Expose public void take(Missing missing) {}
        }
        """);
    Compilation compilation = compile(mock);
    String message = format(UNRESOLVED_TYPE, "Missing", "take()");
    assertError(compilation, message, mock, "take(Missing missing)");
    assertThat(Collections.frequency(messages(compilation.errors()), message)).isEqualTo(1);
    assertThat(compilation).hadErrorCount(2); // and javac's "cannot find symbol"
  }

  /** An actor waiting for a type is validated again next round; its errors must not repeat. */
  @Test
  void errorsOfAnActorWithAnUnresolvedTypeAreReportedOnce() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          @Expose public static void shared() {}
          @Expose public void take(Missing missing) {}
        }
        """);
    Compilation compilation = compile(mock);
    String message = format(EXPOSE_STATIC, "shared()");
    assertError(compilation, message, mock, "shared()");
    assertThat(Collections.frequency(messages(compilation.errors()), message)).isEqualTo(1);
  }
}
