package dev.nanite.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles test sources with the Nanite processor, and asserts on what it reported. */
final class Compilations {
  /**
   * The lint flags of the project's own build, so that a warning in generated code fails
   * {@code succeededWithoutWarnings()} as it would fail a user's {@code -Werror} build.
   */
  static final List<String> OPTIONS = List.of("-Xlint:all,-processing,-serial");

  private Compilations() {}

  /** Compiles {@code sources} with a fresh {@link NaniteProcessor}. */
  static Compilation compile(JavaFileObject... sources) {
    return compile(new NaniteProcessor(), sources);
  }

  /** Compiles {@code sources} with {@code processor}, which wraps or stands for Nanite's. */
  static Compilation compile(Processor processor, JavaFileObject... sources) {
    return compile(List.of(processor), sources);
  }

  /** Compiles {@code sources} with {@code processors}, run by javac in this order. */
  static Compilation compile(List<Processor> processors, JavaFileObject... sources) {
    return Compiler.javac().withProcessors(processors).withOptions(OPTIONS).compile(sources);
  }

  /** Compiles {@code sources} with a fresh {@link NaniteProcessor} and more javac options. */
  static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
    List<String> all = new ArrayList<>(OPTIONS);
    all.addAll(options);
    return Compiler.javac().withProcessors(new NaniteProcessor()).withOptions(all)
        .compile(sources);
  }

  /** A source file; {@code qualifiedName} names its top-level type, as javac requires. */
  static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /**
   * Asserts an error with exactly {@code message}, reported in {@code file} on the one line that
   * contains {@code line}: the element it names, not just somewhere.
   */
  static void assertError(
      Compilation compilation, String message, JavaFileObject file, String line) {
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
    assertWithMessage("error messages").that(messages(compilation.errors())).contains(message);
  }

  /** Like {@link #assertError}, for a warning. */
  static void assertWarning(
      Compilation compilation, String message, JavaFileObject file, String line) {
    assertThat(compilation).hadWarningContaining(message).inFile(file).onLineContaining(line);
    assertWithMessage("warning messages").that(messages(compilation.warnings())).contains(message);
  }

  /** The messages of {@code diagnostics}, in order. */
  static List<String> messages(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().map(d -> d.getMessage(Locale.ROOT)).toList();
  }

  /** The text of a generated source file, which must exist. */
  static String generatedSource(Compilation compilation, String qualifiedName) {
    JavaFileObject file = compilation.generatedSourceFile(qualifiedName)
        .orElseThrow(() -> new AssertionError("not generated: " + qualifiedName + "\n"
            + compilation.generatedSourceFiles()));
    return contents(file);
  }

  /** The text of a generated or source file. */
  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
