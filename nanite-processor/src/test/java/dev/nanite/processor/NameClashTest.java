package dev.nanite.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.nanite.processor.Compilations.compile;
import static dev.nanite.processor.Compilations.generatedSource;
import static dev.nanite.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Names the generated code must survive: the user's parameters, types and packages share
 * namespaces with what the generator writes, and any of them can capture or obscure a name.
 */
class NameClashTest {

  /** Each parameter name is one the generated client, dispatch table or codecs use. */
  @Test
  void parametersNamedLikeGeneratedVariables() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        import java.util.*;
        @Actor
        public class Mock {
          public record Point(int v, int m) {}
          @Expose
          public String list(String selector, String selector_, int options, long requester,
              int args, long wait, String push, int id, int actor, int request, Point v,
              List<Point> m) {
            return "";
          }
          @Expose
          public void push(int list) {}
          @Expose
          public int requester() { return 0; }
        }
        """);
    Compilation compilation = compile(mock);
    assertThat(compilation).succeededWithoutWarnings();
    String client = generatedSource(compilation, "p.MockClient");
    assertThat(client).contains("Selector.Single selector__, CallOptions options_)");
    assertThat(client).contains("return this.requester.request(MockProtocol.LIST, Args.of(");
  }

  /**
   * A type of the actor's package with the simple name of a generated nested class, of a proto
   * message, of a runtime class or of a java.lang class the generated code names.
   */
  @Test
  void typesOfTheActorsPackageNamedLikeGeneratedOnes() {
    String[] records = {"Messages", "Push", "ListRequest", "ListResponse", "Selector",
        "Requester", "Args", "Fields", "Codecs", "Endpoint", "Character", "Integer", "Void"};
    JavaFileObject[] sources = new JavaFileObject[records.length + 2];
    for (int i = 0; i < records.length; i++) {
      sources[i] = source("p." + records[i], "package p; public record %s(String s) {}"
          .formatted(records[i]));
    }
    sources[records.length] = source("p.Override", "package p; public class Override {}");
    sources[records.length + 1] = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          @Expose
          public Messages list(Messages a, Push b, ListRequest c, Selector d, Requester e, Args f,
              Fields g, Codecs h, Endpoint i, Character j, Integer k, p.Void l) {
            return a;
          }
          @Expose
          public java.lang.Integer count(java.lang.Character c, char d, int e) { return e; }
          @Expose
          public void clear() {}
        }
        """);
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    // java.lang types are written out where the package's own would capture their names
    assertThat(generatedSource(compilation, "p.MockDispatch")).contains("java.lang.Integer");
  }

  /** A constant named like an all-caps record or enum must not obscure the type. */
  @Test
  void allCapsRecordsAndEnumsOnPathsOfTheirName() {
    JavaFileObject url = source("p.URL", "package p; public record URL(String host) {}");
    JavaFileObject rgb = source("p.RGB", "package p; public enum RGB { R, G, B }");
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          public record ID(long id) {}
          @Expose public URL url(URL url, RGB rgb) { return url; }
          @Expose public RGB rgb(RGB rgb, ID id) { return rgb; }
          @Expose public ID id(ID id) { return id; }
        }
        """);
    assertThat(compile(url, rgb, mock)).succeededWithoutWarnings();
  }

  /** A record containing itself refers to its own codec while that is being initialized. */
  @Test
  void recursiveRecords() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        import java.util.*;
        @Actor
        public class Mock {
          public record Node(String name, List<Node> children, Optional<Node> parent) {}
          public record Ping(Pong pong, List<List<Ping>> nested) {}
          public record Pong(Optional<Ping> ping) {}
          @Expose public Node tree(Node root, Ping ping) { return root; }
        }
        """);
    assertThat(compile(mock)).succeededWithoutWarnings();
  }

  @Test
  void nestedActorsGetTheirOuterClassesNames() {
    JavaFileObject outer = source("p.Outer", """
        package p;
        import dev.nanite.annotations.*;
        public class Outer {
          @Actor
          public static class Mock {
            @Expose public String list(String filter) { return filter; }
          }
          public interface Group {
            @Actor("contract")
            interface Contract {
              @Expose String other(String filter);
            }
            @Actor("implementation")
            class Implementation {
              @Expose public String third(String filter) { return filter; }
            }
          }
        }
        """);
    Compilation compilation = compile(outer);
    assertThat(compilation).succeededWithoutWarnings();
    for (String actor : new String[] {"Outer_Mock", "Outer_Group_Contract",
        "Outer_Group_Implementation"}) {
      for (String generated : new String[] {"Paths", "Protocol", "Client", "Dispatch"}) {
        assertThat(compilation).generatedSourceFile("p." + actor + generated);
      }
    }
    assertThat(generatedSource(compilation, "p.Outer_MockDispatch"))
        .contains("return new Outer.Mock();");
  }

  @Test
  void actorInTheDefaultPackage() {
    JavaFileObject mock = source("Mock", """
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          public record Point(int x, int y) {}
          @Expose public Point list(Point p) { return p; }
        }
        """);
    Compilation compilation = compile(mock);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("MockClient");
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT,
        "META-INF/nanite/proto/mock.proto");
  }

  /** A package-private record of the actor's package is reachable from the generated code. */
  @Test
  void packagePrivateRecordOfTheActorsPackage() {
    JavaFileObject point = source("p.Point", "package p; record Point(int x, int y) {}");
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          @Expose public void take(Point point) {}
        }
        """);
    assertThat(compile(point, mock)).succeededWithoutWarnings();
  }

  /**
   * A record another processor generates in the first round is unresolved then: the actor waits
   * for it and is generated in the next round.
   */
  @Test
  void typeGeneratedByAnotherProcessorInAnEarlierRound() {
    JavaFileObject mock = source("p.Mock", """
        package p;
        import dev.nanite.annotations.*;
        @Actor
        public class Mock {
          @Expose public Later take(Later later) { return later; }
        }
        """);
    Compilation compilation = compile(List.of(new GeneratesLater(), new NaniteProcessor()), mock);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.MockClient");
  }

  /** Writes {@code p.Later}, a record, in the first round. */
  private static final class GeneratesLater extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("p.Later").openWriter()) {
          w.write("package p; public record Later(String value) {}");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
