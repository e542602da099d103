package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.nanite.internal.dispatch.ActorIndex;
import dev.nanite.stub.StubApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code META-INF/nanite/index} the processor writes, read back by the runtime's {@link
 * ActorIndex} as an agent reads it, from a class path.
 */
class GeneratedIndexTest {
  @TempDir Path dir;

  private static final JavaFileObject MOCK = JavaFileObjects.forSourceString("p.Mock", """
      package p;
      import dev.nanite.annotations.*;
      import java.util.*;
      @Actor
      public class Mock {
        @Expose public List<Integer> list(String filter) { return List.of(); }
        @Expose(value = "reset", idempotent = true) public void clear() {}
      }
      """);
  private static final JavaFileObject OUTER = JavaFileObjects.forSourceString("p.Outer", """
      package p;
      import dev.nanite.annotations.*;
      public class Outer {
        @Actor("contract")
        public interface Contract {
          @Expose String bar(String payload, int times);
        }
      }
      """);

  @Test
  void indexListsEachActorWithItsGeneratedClassesAndPaths() throws IOException {
    Compilation compilation = compile(MOCK, OUTER);
    List<ActorIndex.Actor> actors = parse(compilation);

    assertThat(actors).hasSize(2);
    ActorIndex.Actor mock = actors.get(0);
    assertThat(mock.type()).isEqualTo("p.Mock");
    assertThat(mock.isInterface()).isFalse();
    assertThat(mock.dispatchClass()).isEqualTo("p.MockDispatch");
    assertThat(mock.clientClass()).isEqualTo("p.MockClient");
    assertThat(mock.prefix()).isEqualTo("mock");
    assertThat(mock.schemaResource()).isEqualTo("META-INF/nanite/proto/p/mock.proto");
    assertThat(mock.origin().stubApi()).isEqualTo(StubApi.VERSION);
    assertThat(mock.paths()).hasSize(2);
    ActorIndex.Path list = mock.paths().get(0);
    assertThat(list.path()).isEqualTo("/mock/list");
    assertThat(list.idempotent()).isFalse();
    assertThat(list.javaMethod()).isEqualTo("p.Mock#list(java.lang.String)");
    assertThat(list.fingerprint()).matches("[0-9a-f]{16}");
    ActorIndex.Path reset = mock.paths().get(1);
    assertThat(reset.path()).isEqualTo("/mock/reset");
    assertThat(reset.idempotent()).isTrue();
    assertThat(reset.javaMethod()).isEqualTo("p.Mock#clear()");

    // A nested type is indexed by its binary name, which Class.forName and getName() use.
    ActorIndex.Actor contract = actors.get(1);
    assertThat(contract.type()).isEqualTo("p.Outer$Contract");
    assertThat(contract.isInterface()).isTrue();
    assertThat(contract.dispatchClass()).isEqualTo("p.Outer_ContractDispatch");
    assertThat(contract.paths().get(0).javaMethod())
        .isEqualTo("p.Outer$Contract#bar(java.lang.String, int)");
  }

  /** Mappers compare the index's fingerprint with the endpoint's: they must be the same. */
  @Test
  void indexAndProtocolCarryTheSameFingerprint() throws IOException {
    Compilation compilation = compile(MOCK);
    String protocol = compilation.generatedSourceFile("p.MockProtocol").orElseThrow()
        .getCharContent(true).toString();
    for (ActorIndex.Path path : parse(compilation).get(0).paths()) {
      assertThat(protocol).contains("\"" + path.fingerprint() + "\"");
    }
  }

  /** What {@code Agent}s do: read every index on a class path, here of two builds. */
  @Test
  void loadReadsTheIndexesOfSeveralBuilds() throws IOException {
    URL[] roots = {
        writeIndex(compile(MOCK), dir.resolve("one")),
        writeIndex(compile(OUTER), dir.resolve("two")),
    };
    try (URLClassLoader loader = new URLClassLoader(roots, null)) {
      ActorIndex index = ActorIndex.load(loader);
      assertThat(index.actors().keySet()).containsExactly("p.Mock", "p.Outer$Contract");
      assertThat(index.actor("p.Outer$Contract").prefix()).isEqualTo("contract");
    }
  }

  @ParameterizedTest(name = "{0} keeps the fingerprint of list(String filter, int limit)")
  @CsvSource(delimiter = '|', value = {
      "renaming parameters | List<Integer> list(String query, int max)",
      "renaming the method | List<Integer> find(String filter, int limit)",
      // The fingerprint is the schema's, which any language computes from the .proto: these
      // differ only in Java, not in what travels.
      "a set for a list (both repeated) | Set<Integer> list(String filter, int limit)",
      "an optional for a nullable value | List<Integer> list(Optional<String> filter, int limit)",
  })
  void fingerprintIgnoresNamesAndJavaOnlyDistinctions(String change, String changed) throws IOException {
    assertThat(fingerprint(changed)).isEqualTo(fingerprint("List<Integer> list(String filter,"
        + " int limit)"));
  }

  @ParameterizedTest(name = "{0} changes the fingerprint of list(String filter, int limit)")
  @CsvSource(delimiter = '|', value = {
      "changing a parameter type  | List<Integer> list(String filter, long limit)",
      "reordering parameters      | List<Integer> list(int limit, String filter)",
      "adding a parameter         | List<Integer> list(String filter, int limit, int offset)",
      "changing the result type   | List<Long> list(String filter, int limit)",
      "boxing, which may be null  | List<Integer> list(String filter, Integer limit)",
  })
  void fingerprintFollowsWhatTravels(String change, String changed) throws IOException {
    assertThat(fingerprint(changed)).isNotEqualTo(fingerprint("List<Integer> list(String filter,"
        + " int limit)"));
  }

  @Test
  void fingerprintFollowsRecordComponentsButNotTheirNames() throws IOException {
    String base = fingerprintWith("record Point(int x, int y) {}", "void move(Point to)");
    assertThat(fingerprintWith("record Point(int left, int top) {}", "void move(Point to)"))
        .isEqualTo(base);
    assertThat(fingerprintWith("record Point(long x, long y) {}", "void move(Point to)"))
        .isNotEqualTo(base);
    assertThat(fingerprintWith("record Point(int x, int y, int z) {}", "void move(Point to)"))
        .isNotEqualTo(base);
  }

  @Test
  void fingerprintFollowsEnumConstants() throws IOException {
    String base = fingerprintWith("enum Mode { ON, OFF }", "void set(Mode mode)");
    assertThat(fingerprintWith("enum Mode { ON, OFF, AUTO }", "void set(Mode mode)"))
        .isNotEqualTo(base);
  }

  private String fingerprint(String method) throws IOException {
    return fingerprintWith("", method);
  }

  /** The fingerprint of the only path of an actor with {@code types} and {@code method}. */
  private String fingerprintWith(String types, String method) throws IOException {
    JavaFileObject mock = JavaFileObjects.forSourceString("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        import java.util.*;
        @Actor("mock")
        public interface Mock {
          %s
          @Expose %s;
        }
        """.formatted(types, method));
    return parse(compile(mock)).get(0).paths().get(0).fingerprint();
  }

  private static Compilation compile(JavaFileObject... sources) {
    Compilation compilation =
        Compiler.javac().withProcessors(new NaniteProcessor()).compile(sources);
    assertThat(compilation).succeeded();
    return compilation;
  }

  /** The actors of the compilation's index, in index order, read from a class path. */
  private List<ActorIndex.Actor> parse(Compilation compilation) throws IOException {
    URL root = writeIndex(compilation, Files.createTempDirectory(dir, "build"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, null)) {
      return List.copyOf(ActorIndex.load(loader).actors().values());
    }
  }

  /** Writes the compilation's index under {@code root}, a class-path root, and returns it. */
  private static URL writeIndex(Compilation compilation, Path root) throws IOException {
    Path file = root.resolve(ActorIndex.RESOURCE);
    Files.createDirectories(file.getParent());
    try (InputStream in = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
        ActorIndex.RESOURCE).orElseThrow().openInputStream()) {
      Files.write(file, in.readAllBytes());
    }
    assertThat(Files.readString(file, UTF_8)).startsWith("#");
    return root.toUri().toURL();
  }
}
