package dev.nanite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.assertError;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.source;
import static dev.nanite.processor.validation.Errors.DUPLICATE_PATH_ACROSS_ACTORS;
import static dev.nanite.processor.validation.Errors.DUPLICATE_SCHEMA;
import static dev.nanite.processor.validation.Errors.GENERATED_FILE_EXISTS;
import static dev.nanite.processor.validation.Errors.GENERATED_NAME_CLASH;
import static java.lang.String.format;

import com.google.testing.compile.Compilation;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Rules between the actors of one compilation: paths are global, and the generated classes and
 * schemas of two actors must not share names. The later actor gets the error.
 */
class CrossActorRulesTest {

  private static JavaFileObject actor(String qualifiedName, String annotation, String method) {
    int dot = qualifiedName.lastIndexOf('.');
    return source(qualifiedName, """
        package %s;
        import dev.nanite.annotations.*;
        %s
        public class %s {
          %s
        }
        """.formatted(qualifiedName.substring(0, dot), annotation,
            qualifiedName.substring(dot + 1), method));
  }

  @Test
  void twoActorsAdvertisingOnePath() {
    JavaFileObject first = actor("p.Mock", "@Actor(\"mock\")", "@Expose public void list() {}");
    JavaFileObject second = actor("q.Fake", "@Actor(\"mock\")", "@Expose public void list() {}");
    Compilation compilation = compile(first, second);
    assertError(compilation, format(DUPLICATE_PATH_ACROSS_ACTORS, "/mock/list", "p.Mock"), second,
        "public void list()");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void actorsOfTwoPackagesMayShareAPrefix() {
    JavaFileObject first = actor("p.Mock", "@Actor(\"mock\")", "@Expose public void list() {}");
    JavaFileObject second = actor("q.Fake", "@Actor(\"mock\")", "@Expose public void put() {}");
    Compilation compilation = compile(first, second);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.MockClient");
    assertThat(compilation).generatedSourceFile("q.FakeClient");
  }

  @Test
  void twoActorsOfOnePackageWithOnePrefix() {
    JavaFileObject first = actor("p.Mock", "@Actor(\"mock\")", "@Expose public void list() {}");
    JavaFileObject second = actor("p.Fake", "@Actor(\"mock\")", "@Expose public void put() {}");
    Compilation compilation = compile(first, second);
    assertError(compilation, format(DUPLICATE_SCHEMA, "p.Fake", "mock", "p.Mock",
        "META-INF/nanite/proto/p/mock.proto"), second, "public class Fake");
    assertThat(compilation).hadErrorCount(1);
  }

  /** Generated classes of a nested actor are named like Dagger's: {@code Outer_MockClient}. */
  @Test
  void nestedActorAndATopLevelActorNamedLikeItsGeneratedClasses() {
    JavaFileObject outer = source("p.Outer", """
        package p;
        import dev.nanite.annotations.*;
        public class Outer {
          @Actor("one")
          public static class Mock {
            @Expose public void list() {}
          }
        }
        """);
    JavaFileObject flat = actor("p.Outer_Mock", "@Actor(\"two\")", "@Expose public void put() {}");
    Compilation compilation = compile(outer, flat);
    assertError(compilation, format(GENERATED_NAME_CLASH, "p.Outer_MockPaths", "p.Outer_Mock",
        "p.Outer.Mock"), flat, "public class Outer_Mock");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void actorWhoseClientNameIsTakenByASourceType() {
    JavaFileObject mock = actor("p.Mock", "@Actor", "@Expose public void list() {}");
    JavaFileObject taken = source("p.MockClient", """
        package p;
        public class MockClient {}
        """);
    Compilation compilation = compile(mock, taken);
    // The middle of the message is the Filer's own, which javac words: match only the name.
    String[] around = format(GENERATED_FILE_EXISTS, "p.Mock", "\0").split("\0");
    assertThat(compilation)
        .hadErrorContainingMatch(
            Pattern.quote(around[0]) + ".*p\\.MockClient.*" + Pattern.quote(around[1]))
        .inFile(mock)
        .onLineContaining("public class Mock");
    assertThat(compilation).hadErrorCount(1);
  }
}
