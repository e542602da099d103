package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.generatedSource;
import static dev.nanite.processor.Compilations.source;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.testing.compile.Compilation;
import java.io.InputStream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Valid actors compile without errors or warnings, generated sources included (compile-testing
 * compiles what the processor generates), and the generated files have the expected names.
 */
class GeneratedCodeTest {

  /** An implementation with records, enums, collections, optionals, async and void methods. */
  static final JavaFileObject INVENTORY = source("p.Inventory", """
      package p;

      import dev.nanite.annotations.Actor;
      import dev.nanite.annotations.Expose;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;

      @Actor
      public class Inventory {
        public enum Status { IN_STOCK, SOLD_OUT }
        public record Item(String sku, int quantity, Status status, Optional<String> note) {}
        public record Page(List<Item> items, Map<String, Integer> counts, long total) {}

        @Expose
        public Page list(String filter, int limit) {
          return new Page(List.of(), Map.of(), 0);
        }

        @Expose(idempotent = true)
        public Optional<Item> find(String sku) {
          return Optional.empty();
        }

        @Expose
        public void put(Item item) {}

        @Expose("reset")
        public CompletableFuture<Void> clear() {
          return CompletableFuture.completedFuture(null);
        }

        @Expose
        public CompletableFuture<Map<Long, List<Item>>> byShelf(Set<Long> shelves) {
          return CompletableFuture.completedFuture(Map.of());
        }

        @Expose
        public int count(Status status, boolean includeReserved) {
          return 0;
        }
      }
      """);

  /** A contract using every supported kind, in parameters, results and records. */
  static final JavaFileObject CATALOG = source("p.Catalog", """
      package p;

      import com.google.protobuf.ByteString;
      import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
      import com.google.protobuf.Timestamp;
      import dev.nanite.annotations.Actor;
      import dev.nanite.annotations.Expose;
      import java.util.*;
      import java.util.concurrent.*;

      @Actor("catalog")
      public interface Catalog {
        enum Color { RED, GREEN, BLUE }
        record Node(String name, List<Node> children, Optional<Node> parent,
            Map<String, Node> byName) {}
        record Shelf(List<List<Integer>> grid, Set<Color> colors, Timestamp checked, byte[] raw) {}

        @Expose(idempotent = true)
        int primitives(boolean a, byte b, short c, int d, char e, long f, float g, double h);
        @Expose
        Double boxes(Boolean a, Byte b, Short c, Integer d, Character e, Long f, Float g, Double h);
        @Expose
        ByteString bytes(String text, byte[] raw, ByteString string);
        @Expose
        List<Color> colors(Color color, Set<Color> colors, Map<String, Color> byName);
        @Expose
        Map<String, List<Set<Integer>>> nested(List<List<String>> a, Map<Long, Optional<Node>> b,
            Optional<List<Color>> c, Set<Character> d, Map<Integer, Map<String, Shelf>> e,
            Map<Short, byte[]> f, Map<Character, Long> g, Map<Byte, Boolean> h);
        @Expose
        Node tree(Node root);
        @Expose
        Timestamp protobuf(Timestamp at, List<Timestamp> all, FileDescriptorProto file,
            Optional<Timestamp> maybe);
        @Expose
        CompletableFuture<Shelf> futureRecord();
        @Expose
        CompletionStage<List<Integer>> stageList();
        @Expose
        CompletableFuture<Void> futureVoid();
        @Expose
        CompletionStage<Void> stageVoid();
        @Expose
        void nothing();
        @Expose
        Void boxedNothing();
        @Expose
        Optional<String> maybe(Optional<Integer> given);
        @Expose
        default String described(String name) { return name; }
      }
      """);

  @Test
  void richActorClassCompilesWithoutWarnings() {
    Compilation compilation = compile(INVENTORY);
    assertThat(compilation).succeededWithoutWarnings();
    for (String generated : new String[] {"Paths", "Protocol", "Client", "Dispatch"}) {
      assertThat(compilation).generatedSourceFile("p.Inventory" + generated);
      assertThat(compilation)
          .generatedFile(StandardLocation.CLASS_OUTPUT, "p", "Inventory" + generated + ".class");
    }
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/nanite/proto/p/inventory.proto");
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/nanite/proto/p/inventory.desc");
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/nanite/index");
  }

  @Test
  void clientOffersEachPathWithTheCallersTypes() {
    String client = flat(generatedSource(compile(INVENTORY), "p.InventoryClient"));
    assertThat(client).contains(
        "public CompletableFuture<Optional<Inventory.Item>> find(String sku) {");
    assertThat(client).contains("public CompletableFuture<Inventory.Page> list(String filter,"
        + " int limit, Selector.Single selector) {");
    assertThat(client).contains(
        "public CompletableFuture<Map<Long, List<Inventory.Item>>> byShelf(Set<Long> shelves) {");
    assertThat(client).contains("public CompletableFuture<Replies<Integer>> count("
        + "Inventory.Status status, boolean includeReserved, Selector.All selector) {");
    assertThat(client).contains("public CompletableFuture<Void> clear() {");
  }

  @Test
  void dispatchOfAClassCreatesItAndCallsEachMethodById() {
    String dispatch = flat(generatedSource(compile(INVENTORY), "p.InventoryDispatch"));
    assertThat(dispatch).contains("public Inventory newActor() { return new Inventory(); }");
    assertThat(dispatch).contains("case 3: // /inventory/reset return actor.clear();");
    assertThat(dispatch).contains(
        "case 2: // /inventory/put actor.put(args.<Inventory.Item>get(0)); return VOID;");
    assertThat(dispatch).contains("default: throw new AssertionError(");
  }

  @Test
  void contractWithEverySupportedKindCompilesWithoutWarnings() {
    Compilation compilation = compile(CATALOG);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.CatalogClient");
    assertThat(compilation).generatedSourceFile("p.CatalogProtocol");
    assertThat(compilation).generatedSourceFile("p.CatalogPaths");
    // A contract has no constructor to call: agents register an implementation.
    assertThat(generatedSource(compilation, "p.CatalogDispatch")).doesNotContain("newActor");
  }

  /** protobuf builds the written descriptor again: it must link, with every message in it. */
  @Test
  void writtenDescriptorIsAValidSchema() throws Exception {
    Compilation compilation = compile(CATALOG);
    JavaFileObject desc = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/nanite/proto/p/catalog.desc").orElseThrow();
    FileDescriptorSet set;
    try (InputStream in = desc.openInputStream()) {
      set = FileDescriptorSet.parseFrom(in);
    }
    FileDescriptor file = FileDescriptor.buildFrom(set.getFile(0), new FileDescriptor[0]);
    assertThat(file.getPackage()).isEqualTo("p.catalog");
    assertThat(file.getServices().get(0).getMethods()).hasSize(15);
    assertThat(file.findMessageTypeByName("Catalog_Node").findFieldByName("children")
        .getMessageType().getName()).isEqualTo("Catalog_Node");
  }

  /** {@code text} with every run of white space as one space, so that line wrapping is moot. */
  private static String flat(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
