package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.assertError;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.compileWithOptions;
import static dev.nanite.processor.Compilations.messages;
import static dev.nanite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import dev.nanite.processor.validation.Errors;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The breaking-change check: an actor compiled with {@code -Ananite.previous} naming the build
 * of its previous version, as a directory of classes, a jar or a {@code .desc} file, compiles
 * when the change is compatible and fails on the element at fault when it is not.
 */
class BreakingChangeTest {
  private static final String LINE_V1 = "String sku, int quantity";
  private static final String MODE_V1 = "QUIET, LOUD";
  private static final String ORDER = "@Expose public int order(Line line, Mode mode) { return 0; }";
  private static final String LIST =
      "@Expose public List<String> list(String filter) { return List.of(); }";

  @TempDir Path dir;
  /** The previous version's classes and resources, as a build's output directory. */
  private Path classes;
  /** The same, as the previous release's jar. */
  private Path jar;

  @BeforeEach
  void buildPreviousVersion() throws IOException {
    Compilation v1 = compile(shop(LINE_V1, MODE_V1, ORDER, LIST));
    assertThat(v1).succeededWithoutWarnings();
    classes = dir.resolve("classes");
    write(v1, classes);
    jar = dir.resolve("shop-1.0.jar");
    jar(classes, jar);
  }

  @ParameterizedTest
  @ValueSource(strings = {"classes", "jar", "desc"})
  void compatibleChangesCompileWithoutWarnings(String given) {
    Path previous = switch (given) {
      case "classes" -> classes;
      case "jar" -> jar;
      default -> classes.resolve("META-INF/nanite/proto/p/shop.desc");
    };
    // A record component, an enum constant at the end, a trailing parameter.
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + previous),
        shop(LINE_V1 + ", String note", MODE_V1 + ", SHOUT", ORDER,
            "@Expose public List<String> list(String filter, int limit) { return List.of(); }"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** The path is what callers know: the Java method may be renamed if it keeps the path. */
  @Test
  void aRenamedMethodThatKeepsItsPathCompiles() {
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + jar),
        shop(LINE_V1, MODE_V1, ORDER,
            "@Expose(\"list\") public List<String> find(String filter) { return List.of(); }"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aRecordComponentWhoseTypeChangedFailsOnTheMethod() {
    JavaFileObject v3 = shop("String sku, String quantity", MODE_V1, ORDER, LIST);
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + jar), v3);
    assertThat(compilation).failed();
    assertError(compilation, "path /shop/order changed incompatibly since the previous schema ("
        + jar + "): field 'quantity' of Shop.Line is optional string now, int32 in the previous schema,"
        + " so the two versions could not call each other; keep its previous type, and add a"
        + " parameter or record component of the new type (or a new method) instead",
        v3, "public int order(");
    assertThat(compilation.errors()).hasSize(1);
  }

  @Test
  void aParameterWhoseTypeChangedFailsOnTheMethod() {
    JavaFileObject v3 = shop(LINE_V1, MODE_V1, ORDER,
        "@Expose public List<String> list(long filter) { return List.of(); }");
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + jar), v3);
    assertError(compilation, String.format(Errors.PREVIOUS_FIELD_CHANGED, "/shop/list", jar,
        "parameter 1 'filter'", "int64 now, optional string in the previous schema"),
        v3, "public List<String> list(");
  }

  @Test
  void reorderedEnumConstantsFailOnTheMethod() {
    JavaFileObject v3 = shop(LINE_V1, "LOUD, QUIET", ORDER, LIST);
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + jar), v3);
    assertError(compilation, String.format(Errors.PREVIOUS_CONSTANT_CHANGED, "/shop/order", jar,
        "constant 0 of Shop.Mode", "LOUD now, QUIET in the previous schema"),
        v3, "public int order(");
    assertError(compilation, String.format(Errors.PREVIOUS_CONSTANT_CHANGED, "/shop/order", jar,
        "constant 1 of Shop.Mode", "QUIET now, LOUD in the previous schema"),
        v3, "public int order(");
  }

  @Test
  void aRemovedMethodFailsOnTheActor() {
    JavaFileObject v3 = shop(LINE_V1, MODE_V1, ORDER, "");
    Path desc = classes.resolve("META-INF/nanite/proto/p/shop.desc");
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + classes), v3);
    assertError(compilation, "path /shop/list was in the previous schema (" + desc
        + ") and is gone, so its callers would fail; keep a method exposed at that path, as"
        + " @Expose(\"list\") does, or drop -Ananite.previous for a release meant to break its"
        + " callers", v3, "public class Shop");
  }

  @Test
  void aNewActorHasNothingToBreak() {
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + jar),
        source("p.Cart", """
            package p;
            import dev.nanite.annotations.*;
            @Actor
            public class Cart {
              @Expose public void add(String sku) {}
            }
            """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** Several places, separated as on a class path: each actor finds its own schema. */
  @Test
  void severalPlacesSeparatedByThePathSeparator() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other"));
    write(compile(source("q.Cart", """
        package q;
        import dev.nanite.annotations.*;
        @Actor
        public class Cart {
          @Expose public void add(String sku) {}
        }
        """)), other);
    JavaFileObject v3 = shop(LINE_V1, MODE_V1, ORDER, "");
    Compilation compilation = compileWithOptions(
        List.of("-Ananite.previous=" + other + File.pathSeparator + jar), v3);
    assertError(compilation, String.format(Errors.PREVIOUS_PATH_GONE, "/shop/list", jar, "list"),
        v3, "public class Shop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing", "empty", "proto", "text", "garbage"})
  void anUnreadablePlaceIsAnErrorNamingIt(String kind) throws IOException {
    Path place = dir.resolve(kind);
    String reason;
    switch (kind) {
      case "missing" -> reason = Errors.Unreadable.MISSING;
      case "empty" -> {
        Files.createDirectories(place);
        reason = Errors.Unreadable.NO_SCHEMA;
      }
      case "proto" -> {
        place = Files.copy(classes.resolve("META-INF/nanite/proto/p/shop.proto"),
            dir.resolve("shop.proto"));
        reason = Errors.Unreadable.PROTO_TEXT;
      }
      case "text" -> {
        place = Files.writeString(dir.resolve("notes.txt"), "not a jar");
        reason = Errors.Unreadable.NOT_A_JAR;
      }
      default -> {
        place = Files.write(dir.resolve("shop.desc"), new byte[] {(byte) 0xff, 1, 2});
        // What protobuf says of the bytes follows in parentheses, in protobuf's words.
        reason = String.format(Errors.Unreadable.NOT_A_DESCRIPTOR_SET, place, "");
        reason = reason.substring(0, reason.length() - 1);
      }
    }
    Compilation compilation = compileWithOptions(List.of("-Ananite.previous=" + place),
        shop(LINE_V1, MODE_V1, ORDER, LIST));
    assertThat(compilation).failed();
    String message = String.format(Errors.PREVIOUS_UNREADABLE, place, reason);
    if (kind.equals("garbage")) {
      message = message.substring(0, message.indexOf(reason) + reason.length());
    }
    assertThat(compilation.errors()).hasSize(1);
    assertThat(messages(compilation.errors()).get(0)).startsWith(message);
  }

  /** The shop actor, with the record's components, the enum's constants and the methods. */
  private static JavaFileObject shop(String line, String mode, String... methods) {
    return source("p.Shop", """
        package p;
        import dev.nanite.annotations.*;
        import java.util.*;
        @Actor("shop")
        public class Shop {
          public record Line(%s) {}
          public enum Mode { %s }
          %s
        }
        """.formatted(line, mode, String.join("\n  ", methods)));
  }

  /** Writes a compilation's classes and resources under {@code root}, a class-path root. */
  private static void write(Compilation compilation, Path root) throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      String prefix = "/CLASS_OUTPUT/";
      if (path.startsWith(prefix)) {
        Path target = root.resolve(path.substring(prefix.length()));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.write(target, in.readAllBytes());
        }
      }
    }
  }

  /** Packs the files under {@code root} into a jar, as a release publishes them. */
  private static void jar(Path root, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
  }
}
