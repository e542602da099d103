package dev.nanite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.assertError;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.source;
import static dev.nanite.processor.validation.Errors.ACTOR_ABSTRACT;
import static dev.nanite.processor.validation.Errors.CLIENT_NAME_CLASH;
import static dev.nanite.processor.validation.Errors.Clashes.OBJECT_METHOD;
import static dev.nanite.processor.validation.Errors.Clashes.PUSH_ACCESSOR;
import static dev.nanite.processor.validation.Errors.DUPLICATE_PATH;
import static dev.nanite.processor.validation.Errors.EXPOSE_ABSTRACT;
import static dev.nanite.processor.validation.Errors.EXPOSE_GENERIC;
import static dev.nanite.processor.validation.Errors.EXPOSE_NOT_PUBLIC;
import static dev.nanite.processor.validation.Errors.EXPOSE_OUTSIDE_ACTOR;
import static dev.nanite.processor.validation.Errors.EXPOSE_STATIC;
import static dev.nanite.processor.validation.Errors.MALFORMED_DERIVED;
import static dev.nanite.processor.validation.Errors.MALFORMED_NAME;
import static dev.nanite.processor.validation.Errors.OVERLOAD_COLLISION;
import static java.lang.String.format;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules on {@code @Expose} methods: each error is reported on the method, with its fix. */
class ExposeRulesTest {

  /** An actor class {@code p.Mock} with {@code members} in its body. */
  private static JavaFileObject mock(String members) {
    return source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        import java.util.List;
        @Actor
        public class Mock {
        %s
        }
        """.formatted(members));
  }

  @Test
  void exposeOutsideAnActor() {
    JavaFileObject helper = source("p.Helper", """
        package p;
        import dev.nanite.annotations.*;
        public class Helper {
          @Expose public void list() {}
        }
        """);
    assertError(compile(helper), format(EXPOSE_OUTSIDE_ACTOR, "p.Helper"), helper,
        "public void list()");
  }

  @Test
  void exposeInAClassNestedInAnActor() {
    JavaFileObject mock = mock("""
          public static class Helper {
            @Expose public void list() {}
          }
          @Expose public void other() {}
        """);
    assertError(compile(mock), format(EXPOSE_OUTSIDE_ACTOR, "p.Mock.Helper"), mock,
        "public void list()");
  }

  @ParameterizedTest(name = "{0} method")
  @CsvSource(delimiter = '|', value = {
      "package-private | @Expose void list() {}",
      "protected       | @Expose protected void list() {}",
      "private         | @Expose private void list() {}",
  })
  void exposedMethodOfAClassNotPublic(String access, String method) {
    JavaFileObject mock = mock(method);
    assertError(compile(mock), format(EXPOSE_NOT_PUBLIC, "list()"), mock, "void list()");
  }

  @Test
  void privateExposedMethodOfAContract() {
    JavaFileObject contract = source("p.Contract", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public interface Contract {
          @Expose private String helper() { return ""; }
          @Expose String list();
        }
        """);
    assertError(compile(contract), format(EXPOSE_NOT_PUBLIC, "helper()"), contract,
        "String helper()");
  }

  @Test
  void staticExposedMethod() {
    JavaFileObject mock = mock("  @Expose public static void list() {}");
    assertError(compile(mock), format(EXPOSE_STATIC, "list()"), mock, "void list()");
  }

  @Test
  void staticExposedMethodOfAContract() {
    JavaFileObject contract = source("p.Contract", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public interface Contract {
          @Expose static String helper() { return ""; }
        }
        """);
    assertError(compile(contract), format(EXPOSE_STATIC, "helper()"), contract, "helper()");
  }

  @Test
  void genericExposedMethod() {
    JavaFileObject mock = mock("  @Expose public <T extends Number> int size(List<Integer> xs) {"
        + " return 0; }");
    Compilation compilation = compile(mock);
    assertError(compilation, format(EXPOSE_GENERIC, "size()"), mock, "int size(");
    assertThat(compilation).hadErrorCount(1);
  }

  /** A class is an implementation: an abstract method there is a mistake, not a contract. */
  @Test
  void abstractExposedMethodOfAClass() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public abstract class Mock {
          @Expose public abstract String list();
        }
        """);
    Compilation compilation = compile(mock);
    assertError(compilation, format(EXPOSE_ABSTRACT, "list()"), mock, "String list()");
    assertError(compilation, format(ACTOR_ABSTRACT, "p.Mock"), mock, "class Mock");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void malformedNameIsReportedOnTheAnnotationValue() {
    JavaFileObject mock = mock("""
          @Expose(
              "List-All")
          public void listAll() {}
        """);
    assertError(compile(mock), format(MALFORMED_NAME, "List-All", "list_all"), mock,
        "\"List-All\"");
  }

  @Test
  void nameDerivedFromAnUnusualMethodName() {
    JavaFileObject mock = mock("""
          @Expose
          public void _list() {}
        """);
    assertError(compile(mock), format(MALFORMED_DERIVED, "path name", "_list()", "_list",
        "@Expose"), mock, "@Expose");
  }

  @Test
  void twoMethodsOnOnePath() {
    JavaFileObject mock = mock("""
          @Expose("list") public void all() {}
          @Expose("list") public void some(int limit) {}
        """);
    Compilation compilation = compile(mock);
    assertError(compilation, format(DUPLICATE_PATH, "/mock/list", "all()"), mock, "void some(");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anExplicitNameEqualToADerivedOne() {
    JavaFileObject mock = mock("""
          @Expose public void listAll() {}
          @Expose("list_all") public void everything(String filter) {}
        """);
    assertError(compile(mock), format(DUPLICATE_PATH, "/mock/list_all", "listAll()"), mock,
        "void everything(");
  }

  @Test
  void overloadsCollideOnTheirDerivedPath() {
    JavaFileObject mock = mock("""
          @Expose public void list(String filter) {}
          @Expose public void list(int limit) {}
        """);
    Compilation compilation = compile(mock);
    assertError(compilation, format(OVERLOAD_COLLISION, "list()", "/mock/list"), mock,
        "void list(int limit)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void overloadsWithTheirOwnNamesAreFine() {
    JavaFileObject mock = mock("""
          @Expose public void list(String filter) {}
          @Expose("list_limited") public void list(int limit) {}
        """);
    assertThat(compile(mock)).succeededWithoutWarnings();
  }

  @Test
  void methodNamedPushClashesWithTheClientsPushAccessor() {
    JavaFileObject mock = mock("  @Expose public void push() {}");
    assertError(compile(mock), format(CLIENT_NAME_CLASH, "push()", PUSH_ACCESSOR, "push"), mock,
        "void push()");
  }

  @Test
  void pushWithParametersDoesNotClash() {
    JavaFileObject mock = mock("  @Expose public void push(String item) {}");
    assertThat(compile(mock)).succeededWithoutWarnings();
  }

  @Test
  void methodClashingWithObjectToString() {
    JavaFileObject mock = mock("""
          @Expose("status")
          public String toString() { return "ok"; }
        """);
    assertError(compile(mock), format(CLIENT_NAME_CLASH, "toString()",
        format(OBJECT_METHOD, "toString()"), "status"), mock, "String toString()");
  }

  @Test
  void contractMethodClashingWithObjectWait() {
    JavaFileObject contract = source("p.Contract", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public interface Contract {
          @Expose void wait(long millis);
        }
        """);
    assertError(compile(contract), format(CLIENT_NAME_CLASH, "wait(long)",
        format(OBJECT_METHOD, "wait(long)"), "wait"), contract, "void wait(long millis)");
  }
}
