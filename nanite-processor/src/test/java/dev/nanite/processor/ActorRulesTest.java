package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.assertError;
import static dev.nanite.processor.Compilations.assertWarning;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.generatedSource;
import static dev.nanite.processor.Compilations.source;
import static dev.nanite.processor.validation.Errors.ACTOR_ABSTRACT;
import static dev.nanite.processor.validation.Errors.ACTOR_ENCLOSING_NOT_PUBLIC;
import static dev.nanite.processor.validation.Errors.ACTOR_GENERIC;
import static dev.nanite.processor.validation.Errors.ACTOR_KIND;
import static dev.nanite.processor.validation.Errors.ACTOR_NOT_PUBLIC;
import static dev.nanite.processor.validation.Errors.ACTOR_NO_METHODS;
import static dev.nanite.processor.validation.Errors.MALFORMED_DERIVED;
import static dev.nanite.processor.validation.Errors.MALFORMED_PREFIX;
import static java.lang.String.format;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules on the {@code @Actor} type itself: each error is on the type, with its fix. */
class ActorRulesTest {

  @ParameterizedTest(name = "@Actor on {0}")
  @CsvSource(delimiter = '|', value = {
      "enum            | public enum Mock { ON, OFF }",
      "record          | public record Mock(int x) {}",
      "annotation type | public @interface Mock {}",
  })
  void actorOnAnEnumRecordOrAnnotation(String kind, String declaration) {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.Actor;
        @Actor
        %s
        """.formatted(declaration));
    assertError(compile(mock), format(ACTOR_KIND, kind, "p.Mock"), mock, declaration);
  }

  @Test
  void actorNotPublic() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        class Mock {
          @Expose public void list() {}
        }
        """);
    assertError(compile(mock), format(ACTOR_NOT_PUBLIC, "p.Mock"), mock, "class Mock");
  }

  @Test
  void privateNestedActor() {
    JavaFileObject outer = source("p.Outer", """
        package p;
        import dev.nanite.annotations.*;
        public class Outer {
          @Actor
          private static class Mock {
            @Expose public void list() {}
          }
        }
        """);
    Compilation compilation = compile(outer);
    assertError(compilation, format(ACTOR_NOT_PUBLIC, "p.Outer.Mock"), outer, "class Mock");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void actorInANonPublicClass() {
    JavaFileObject outer = source("p.Outer", """
        package p;
        import dev.nanite.annotations.*;
        class Outer {
          @Actor
          public static class Mock {
            @Expose public void list() {}
          }
        }
        """);
    assertError(compile(outer), format(ACTOR_ENCLOSING_NOT_PUBLIC, "p.Outer.Mock", "p.Outer"),
        outer, "class Mock");
  }

  /** An agent hosts an instance its application created, so an inner class is an actor too. */
  @Test
  void innerActorClassCompilesAndIsNotCreatedByItsTable() {
    JavaFileObject outer = source("p.Outer", """
        package p;
        import dev.nanite.annotations.*;
        public class Outer {
          @Actor
          public class Mock {
            @Expose public void list() {}
          }
        }
        """);
    Compilation compilation = compile(outer);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.Outer_MockDispatch")).doesNotContain("newActor");
  }

  @Test
  void genericActor() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock<T> {
          @Expose public void list() {}
        }
        """);
    assertError(compile(mock), format(ACTOR_GENERIC, "p.Mock"), mock, "class Mock<T>");
  }

  @Test
  void abstractActorClass() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public abstract class Mock {
          @Expose public void list() {}
        }
        """);
    Compilation compilation = compile(mock);
    assertError(compilation, format(ACTOR_ABSTRACT, "p.Mock"), mock, "abstract class Mock");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * Actors take their dependencies in their constructors: agents host the instance the
   * application created. Only the dispatch table's {@code newActor()} needs a constructor to call.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "only a constructor taking a dependency | public Mock(java.util.function.Supplier<String> names) {}",
      "a private no-argument constructor      | private Mock() {}",
      "a package-private one                  | Mock() {}",
      "one throwing a checked exception       | public Mock() throws java.io.IOException {}",
  })
  void actorClassWithoutAUsableNoArgConstructorCompiles(String description, String constructor) {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          %s
          @Expose public void list() {}
        }
        """.formatted(constructor));
    Compilation compilation = compile(mock);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.MockDispatch")).doesNotContain("newActor");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "the implicit one           | ",
      "a public one               | public Mock() {}",
      "one beside a dependency's  | public Mock() {} public Mock(String name) {}",
      "one throwing only unchecked | public Mock() throws IllegalStateException {}",
  })
  void dispatchTableCreatesAnActorWithAPublicNoArgConstructor(String description,
      String constructor) {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          %s
          @Expose public void list() {}
        }
        """.formatted(constructor == null ? "" : constructor));
    Compilation compilation = compile(mock);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.MockDispatch")).contains("return new Mock();");
  }

  @Test
  void actorWithoutExposedMethodsIsAWarning() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          public void notExposed() {}
        }
        """);
    Compilation compilation = compile(mock);
    assertThat(compilation).succeeded();
    assertWarning(compilation, format(ACTOR_NO_METHODS, "p.Mock"), mock, "public class Mock");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void malformedPrefixIsReportedOnTheAnnotationValue() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor(
            "Image-Resizer")
        public class Mock {
          @Expose public void list() {}
        }
        """);
    assertError(compile(mock), format(MALFORMED_PREFIX, "Image-Resizer", "image_resizer"), mock,
        "\"Image-Resizer\"");
  }

  @Test
  void prefixDerivedFromAnUnusualClassName() {
    JavaFileObject mock = source("p._Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class _Mock {
          @Expose public void list() {}
        }
        """);
    assertError(compile(mock), format(MALFORMED_DERIVED, "prefix", "_Mock", "_mock", "@Actor"),
        mock, "@Actor");
  }

  @Test
  void anExplicitPrefixAvoidsAnUnusualClassName() {
    JavaFileObject mock = source("p._Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor("mock")
        public class _Mock {
          @Expose public void list() {}
        }
        """);
    assertThat(compile(mock)).succeededWithoutWarnings();
  }
}
