package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.contents;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated code depends on the public API ({@code dev.nanite}) and the stub API ({@code
 * dev.nanite.stub}) of the runtime, never on {@code dev.nanite.internal}, which changes freely:
 * compiles the golden actor, the round-trip fixtures and {@link GeneratedCodeTest}'s actors,
 * which together use every kind of type, and reads every generated source.
 */
class GeneratedDependenciesTest {
  /** The runtime packages generated code may name. */
  private static final Set<String> RUNTIME_API = Set.of("dev.nanite", "dev.nanite.stub");
  /** A qualified name in {@code dev.nanite}: its package is group 1. */
  private static final Pattern QUALIFIED =
      Pattern.compile("\\b(dev\\.nanite(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([a-z0-9_.]+);");
  /** A string literal, which names protobuf types and the processor rather than Java types. */
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  private static final List<JavaFileObject> generated = new ArrayList<>();
  private static final Set<String> actorPackages = new HashSet<>();

  /** Compiles the golden actor alone (a fixture has its paths) and the others together. */
  @BeforeAll
  static void compileTheActors() throws IOException {
    compileAndKeep(List.of(
        file(module().resolve("src/test/resources/golden/input/dev/nanite/golden/Mock.java"))));
    List<JavaFileObject> sources = new ArrayList<>(
        List.of(GeneratedCodeTest.INVENTORY, GeneratedCodeTest.CATALOG));
    try (Stream<Path> fixtures =
        Files.walk(module().resolve("src/test/java/dev/nanite/processor/fixtures"))) {
      for (Path fixture : fixtures.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        sources.add(file(fixture));
      }
    }
    compileAndKeep(sources);
  }

  private static void compileAndKeep(List<JavaFileObject> sources) {
    for (JavaFileObject source : sources) {
      Matcher m = PACKAGE.matcher(contents(source));
      assertWithMessage("package of %s", source.getName()).that(m.find()).isTrue();
      actorPackages.add(m.group(1));
    }
    Compilation compilation = compile(sources.toArray(new JavaFileObject[0]));
    assertThat(compilation).succeededWithoutWarnings();
    generated.addAll(compilation.generatedSourceFiles());
  }

  @Test
  void noGeneratedSourceNamesAnInternalPackage() {
    assertThat(generated.size()).isAtLeast(4 * 5); // paths, protocol, client, dispatch per actor
    for (JavaFileObject file : generated) {
      assertWithMessage("%s", file.getName()).that(contents(file))
          .doesNotContain("dev.nanite.internal");
    }
  }

  @Test
  void generatedSourcesNameOnlyTheRuntimesPublicAndStubApis() {
    Set<String> named = new TreeSet<>();
    for (JavaFileObject file : generated) {
      Matcher m = QUALIFIED.matcher(STRING.matcher(contents(file)).replaceAll("\"\""));
      while (m.find()) {
        if (!actorPackages.contains(m.group(1))) {
          named.add(m.group(1));
        }
      }
    }
    assertThat(named).containsExactlyElementsIn(RUNTIME_API);
  }

  private static JavaFileObject file(Path path) throws IOException {
    return JavaFileObjects.forResource(path.toUri().toURL());
  }

  /** The module's directory, whatever directory the tests run in. */
  private static Path module() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
  }
}
