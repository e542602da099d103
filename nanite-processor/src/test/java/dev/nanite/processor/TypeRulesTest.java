package dev.nanite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.assertError;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.source;
import static dev.nanite.processor.validation.Errors.Reasons.ARRAY;
import static dev.nanite.processor.validation.Errors.Reasons.EMPTY_ENUM;
import static dev.nanite.processor.validation.Errors.Reasons.GENERIC_RECORD;
import static dev.nanite.processor.validation.Errors.Reasons.IN_TYPE_ARGUMENT;
import static dev.nanite.processor.validation.Errors.Reasons.MAP_KEY;
import static dev.nanite.processor.validation.Errors.Reasons.NOT_ACCESSIBLE;
import static dev.nanite.processor.validation.Errors.Reasons.NOT_A_SUPPORTED_KIND;
import static dev.nanite.processor.validation.Errors.Reasons.RAW_FUTURE;
import static dev.nanite.processor.validation.Errors.Reasons.RAW_MAP;
import static dev.nanite.processor.validation.Errors.Reasons.RAW_TYPE;
import static dev.nanite.processor.validation.Errors.Reasons.RECORD_COMPONENT;
import static dev.nanite.processor.validation.Errors.Reasons.WILDCARD;
import static dev.nanite.processor.validation.Errors.UNSUPPORTED_PARAMETER;
import static dev.nanite.processor.validation.Errors.UNSUPPORTED_RESULT;
import static java.lang.String.format;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.testing.compile.Compilation;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameter and result types that cannot travel: each error names the type, the parameter or
 * method, why, and what is supported, and is reported on the parameter or method.
 */
class TypeRulesTest {
  private static final String DATE = "java.util.Date";

  /** An actor whose only method is {@code method}, with helper types to refer to. */
  private static JavaFileObject mock(String method) {
    return source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        import java.util.*;
        import java.util.concurrent.*;
        @Actor
        public class Mock {
          public record Box<T>(T value) {}
          public record Event(String name, Date when) {}
          public record Wrapper(Event event) {}
          public enum Nothing {}
          %s
        }
        """.formatted(method));
  }

  static Stream<Arguments> unsupportedParameters() {
    return Stream.of(
        arguments("Object value", "java.lang.Object",
            format(NOT_A_SUPPORTED_KIND, "java.lang.Object")),
        arguments("Date when", DATE, format(NOT_A_SUPPORTED_KIND, DATE)),
        arguments("int[] values", "int[]", ARRAY),
        arguments("String... values", "java.lang.String[]", ARRAY),
        arguments("List values", "java.util.List", format(RAW_TYPE, "java.util.List")),
        arguments("Map values", "java.util.Map", RAW_MAP),
        arguments("List<? extends Number> values", "java.util.List<? extends java.lang.Number>",
            format(IN_TYPE_ARGUMENT, "? extends java.lang.Number",
                "java.util.List<? extends java.lang.Number>", WILDCARD)),
        arguments("Map<Double, String> values", "java.util.Map<java.lang.Double,java.lang.String>",
            format(MAP_KEY, "java.lang.Double")),
        arguments("Optional<List<Date>> values",
            "java.util.Optional<java.util.List<java.util.Date>>",
            format(IN_TYPE_ARGUMENT, "java.util.List<java.util.Date>",
                "java.util.Optional<java.util.List<java.util.Date>>",
                format(IN_TYPE_ARGUMENT, DATE, "java.util.List<java.util.Date>",
                    format(NOT_A_SUPPORTED_KIND, DATE)))),
        arguments("Box<String> values", "p.Mock.Box<java.lang.String>",
            format(GENERIC_RECORD, "p.Mock.Box<java.lang.String>")),
        arguments("Event values", "p.Mock.Event",
            format(RECORD_COMPONENT, "when", "p.Mock.Event", DATE,
                format(NOT_A_SUPPORTED_KIND, DATE))),
        arguments("Wrapper values", "p.Mock.Wrapper",
            format(RECORD_COMPONENT, "event", "p.Mock.Wrapper", "p.Mock.Event",
                format(RECORD_COMPONENT, "when", "p.Mock.Event", DATE,
                    format(NOT_A_SUPPORTED_KIND, DATE)))),
        arguments("Nothing values", "p.Mock.Nothing", format(EMPTY_ENUM, "p.Mock.Nothing")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedParameters")
  void unsupportedParameter(String parameter, String type, String reason) {
    String method = "@Expose public void take(" + parameter + ") {}";
    JavaFileObject mock = mock(method);
    String name = parameter.substring(parameter.lastIndexOf(' ') + 1);
    Compilation compilation = compile(mock);
    assertError(compilation, format(UNSUPPORTED_PARAMETER, type, name, "take()", reason), mock,
        method);
    assertThat(compilation).hadErrorCount(1);
  }

  static Stream<Arguments> unsupportedResults() {
    return Stream.of(
        arguments("CompletableFuture", "java.util.concurrent.CompletableFuture",
            format(RAW_FUTURE, "CompletableFuture")),
        arguments("CompletionStage", "java.util.concurrent.CompletionStage",
            format(RAW_FUTURE, "CompletionStage")),
        arguments("Date", DATE, format(NOT_A_SUPPORTED_KIND, DATE)),
        arguments("CompletableFuture<Date>",
            "java.util.concurrent.CompletableFuture<java.util.Date>",
            format(NOT_A_SUPPORTED_KIND, DATE)),
        arguments("List<Object>", "java.util.List<java.lang.Object>",
            format(IN_TYPE_ARGUMENT, "java.lang.Object", "java.util.List<java.lang.Object>",
                format(NOT_A_SUPPORTED_KIND, "java.lang.Object"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedResults")
  void unsupportedResult(String result, String type, String reason) {
    String method = "@Expose public " + result + " give() { return null; }";
    JavaFileObject mock = mock(method);
    Compilation compilation = compile(mock);
    assertError(compilation, format(UNSUPPORTED_RESULT, type, "give()", reason), mock, method);
    assertThat(compilation).hadErrorCount(1);
  }

  /** Java lets a subclass use a protected record of its superclass; generated code cannot. */
  @Test
  void protectedRecordOfASuperclassInAnotherPackage() {
    JavaFileObject base = source("q.Base", """
        package q;
        public class Base {
          protected record Secret(int code) {}
        }
        """);
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock extends q.Base {
          @Expose public void take(Secret secret) {}
        }
        """);
    Compilation compilation = compile(base, mock);
    assertError(compilation, format(UNSUPPORTED_PARAMETER, "q.Base.Secret", "secret", "take()",
        format(NOT_ACCESSIBLE, "q.Base.Secret", "p")), mock, "take(Secret secret)");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * javac reports the access error as well; the processor must not add that the type could not
   * be found, which would send the user looking at the class path.
   */
  @Test
  void packagePrivateRecordOfAnotherPackage() {
    JavaFileObject hidden = source("q.Hidden", """
        package q;
        record Hidden(int code) {}
        """);
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          @Expose public void take(q.Hidden hidden) {}
        }
        """);
    Compilation compilation = compile(hidden, mock);
    assertError(compilation, format(UNSUPPORTED_PARAMETER, "q.Hidden", "hidden", "take()",
        format(NOT_ACCESSIBLE, "q.Hidden", "p")), mock, "take(q.Hidden hidden)");
    assertThat(compilation).hadErrorCount(2); // and javac's own "not public in q"
  }

  @Test
  void everyUnsupportedParameterOfAMethodIsReported() {
    JavaFileObject mock = mock("@Expose public Date take(Object first, int ok, Date second) {"
        + " return null; }");
    Compilation compilation = compile(mock);
    String line = "public Date take(";
    assertError(compilation, format(UNSUPPORTED_PARAMETER, "java.lang.Object", "first", "take()",
        format(NOT_A_SUPPORTED_KIND, "java.lang.Object")), mock, line);
    assertError(compilation, format(UNSUPPORTED_PARAMETER, DATE, "second", "take()",
        format(NOT_A_SUPPORTED_KIND, DATE)), mock, line);
    assertError(compilation, format(UNSUPPORTED_RESULT, DATE, "take()",
        format(NOT_A_SUPPORTED_KIND, DATE)), mock, line);
    assertThat(compilation).hadErrorCount(3);
  }
}
