package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.contents;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins what the processor generates for {@code golden/input/dev/nanite/golden/Mock.java}: each
 * file must equal, byte for byte, its copy in {@code src/test/resources/golden/expected/}, so that
 * any change to generated code is a diff a reviewer sees.
 *
 * <p>After an intended change, regenerate the expected files and review the diff:
 *
 * <pre>
 * NANITE_UPDATE_GOLDEN=1 mvn -B -q -pl nanite-processor -am verify -Dtest=GoldenFilesTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * git diff nanite-processor/src/test/resources/golden/expected/
 * </pre>
 *
 * With the variable set, the test rewrites the expected files instead of comparing.
 */
class GoldenFilesTest {
  /** Set to {@code 1} to rewrite the expected files from what the processor generates now. */
  static final String UPDATE_VARIABLE = "NANITE_UPDATE_GOLDEN";

  /** The golden files, in {@code golden/expected/}, and where each is generated. */
  private static final Map<String, String> GENERATED = Map.of(
      "MockClient.java.txt", "dev.nanite.golden.MockClient",
      "MockProtocol.java.txt", "dev.nanite.golden.MockProtocol",
      "MockDispatch.java.txt", "dev.nanite.golden.MockDispatch",
      "MockPaths.java.txt", "dev.nanite.golden.MockPaths",
      "mock.proto", "META-INF/nanite/proto/dev/nanite/golden/mock.proto");

  private static Compilation compilation;

  @BeforeAll
  static void compileTheGoldenActor() throws MalformedURLException {
    Path input = golden().resolve("input/dev/nanite/golden/Mock.java");
    compilation = compile(JavaFileObjects.forResource(input.toUri().toURL()));
    assertThat(compilation).succeededWithoutWarnings();
  }

  static Stream<String> goldenFiles() {
    return GENERATED.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void generatedFileEqualsItsGoldenCopy(String name) throws IOException {
    String actual = generated(GENERATED.get(name));
    Path expected = golden().resolve("expected").resolve(name);
    if ("1".equals(System.getenv(UPDATE_VARIABLE))) {
      Files.writeString(expected, actual, UTF_8);
      return;
    }
    assertWithMessage("%s is missing; run with %s=1 to create it", expected, UPDATE_VARIABLE)
        .that(Files.exists(expected)).isTrue();
    assertWithMessage("%s differs from what is generated; if the change is intended, run with"
        + " %s=1 and review the diff", expected, UPDATE_VARIABLE)
        .that(actual)
        .isEqualTo(new String(Files.readAllBytes(expected), UTF_8));
  }

  /** A golden file nothing is compared with any more would pass silently while going stale. */
  @Test
  void everyExpectedFileIsCompared() throws IOException {
    try (Stream<Path> files = Files.list(golden().resolve("expected"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
      assertThat(names).containsExactlyElementsIn(goldenFiles().toList()).inOrder();
    }
  }

  /** A generated source by type name, or a generated resource by path. */
  private static String generated(String name) {
    JavaFileObject file = name.contains("/")
        ? compilation.generatedFile(StandardLocation.CLASS_OUTPUT, name).orElseThrow()
        : compilation.generatedSourceFile(name).orElseThrow();
    return contents(file);
  }

  /** The golden directory in the source tree, which updates rewrite (not a class-path copy). */
  private static Path golden() {
    String module = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(module, "src", "test", "resources", "golden");
  }
}
