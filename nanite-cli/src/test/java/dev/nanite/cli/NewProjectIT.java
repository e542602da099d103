package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nanite.broker.EmbeddedBroker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new Maven project outside the repository, written from docs/getting-started.md alone: its
 * pom is the snippet marked {@code <!-- new-project: pom -->} there (the BOM, the
 * dependencies, the processor path), and its sources the snippets marked {@code actor} and
 * {@code main}. It is built offline against this build's artifacts, installed into a private
 * local repository, and run against an embedded broker: the agent must host the actor and the
 * mapper call it through the generated client.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NewProjectIT {
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- new-project: (\\w+) -->\\s*```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
  /** The version nanite-processor's own build runs, so it is in the shared local repository. */
  private static final String BUILD_CLASSPATH =
      "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";

  @TempDir Path dir;

  @Test
  void aProjectWrittenFromTheReadmeBuildsHostsAndCallsItsActor() throws Exception {
    Path mvn = onPath("mvn");
    assumeTrue(mvn != null, "Maven (mvn) is not on the PATH");
    Map<String, String> snippets = snippets(Files.readString(Repo.root().resolve("docs/getting-started.md")));
    Path project = dir.resolve("hello");
    Files.createDirectories(project);
    Files.writeString(project.resolve("pom.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>hello</artifactId>
          <version>1.0</version>
        """ + snippets.get("pom") + "\n</project>\n");
    writeSource(project, snippets.get("actor"));
    String main = writeSource(project, snippets.get("main"));

    Path repo = dir.resolve("repository");
    installNanite(repo);
    Path classpath = dir.resolve("classpath.txt");
    // The guide's compiler plugin, as its pom configures it; not the compile phase, whose
    // resources goal runs Maven's default maven-resources-plugin, which this build does not use,
    // so it may be missing offline (the project has no resources).
    List<String> build = List.of(mvn.toString(), "-B", "-q", "-o", "-s",
        sharedRepositorySettings().toString(), "-Daether.offline.protocols=file",
        "-Dmaven.repo.local=" + repo, "-f", project.resolve("pom.xml").toString(),
        "compiler:compile", BUILD_CLASSPATH, "-Dmdep.outputFile=" + classpath);
    try (CliProcess maven = CliProcess.start(build, Map.of());
        EmbeddedBroker broker = EmbeddedBroker.start()) { // starts while Maven compiles
      assertEquals(0, maven.awaitExit(Duration.ofMinutes(3)), "the build: " + maven.output());

      String path = project.resolve("target/classes") + File.pathSeparator
          + Files.readString(classpath).strip();
      try (CliProcess hello = CliProcess.start(List.of(CliProcess.java(), "-cp", path, main),
          Map.of("NANITE_AMQP_URI", broker.uri()))) {
        assertEquals(0, hello.awaitExit(Duration.ofSeconds(60)), hello.output().toString());
        assertTrue(hello.output().contains("hello, world"), hello.output().toString());
        assertFalse(hello.output().stream().anyMatch(l -> l.contains("No SLF4J providers")),
            "the guide's pom gives SLF4J a provider: " + hello.output());
      }
    }
  }

  /** Each marked snippet by its name, which must include pom, actor and main. */
  private static Map<String, String> snippets(String readme) {
    Map<String, String> snippets = new LinkedHashMap<>();
    Matcher m = SNIPPET.matcher(readme);
    while (m.find()) {
      snippets.put(m.group(1), m.group(2));
    }
    assertEquals(List.of("pom", "actor", "main"), new ArrayList<>(snippets.keySet()),
        "the getting-started guide's <!-- new-project: ... --> snippets");
    return snippets;
  }

  /** Writes a Java snippet where its package and class name say; returns the class's name. */
  private static String writeSource(Path project, String source) throws IOException {
    Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
    Matcher type = Pattern.compile("(?m)^public class (\\w+)").matcher(source);
    assertTrue(pkg.find() && type.find(), "a package and a public class in: " + source);
    Path file = project.resolve("src/main/java").resolve(pkg.group(1).replace('.', '/'))
        .resolve(type.group(1) + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    return pkg.group(1) + "." + type.group(1);
  }

  /**
   * Puts the parent pom, the BOM and the jars the guide's project uses into {@code repo}, in the
   * layout {@code mvn install} writes: this build's artifacts, with no {@code mvn install} into the
   * shared local repository.
   */
  private static void installNanite(Path repo) throws IOException {
    Path root = Repo.root();
    install(repo, "nanite-parent", root.resolve("pom.xml"), null);
    install(repo, "nanite-bom", root.resolve("nanite-bom/pom.xml"), null);
    for (String module : List.of("nanite-annotations", "nanite-contract", "nanite-processor",
        "nanite-runtime")) {
      Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version() + ".jar");
      assertTrue(Files.isRegularFile(jar), jar + " is missing: this test runs after package");
      install(repo, module, root.resolve(module).resolve("pom.xml"), jar);
    }
  }

  private static void install(Path repo, String artifactId, Path pom, Path jar)
      throws IOException {
    Path folder = repo.resolve("dev/nanite").resolve(artifactId).resolve(version());
    Files.createDirectories(folder);
    String name = artifactId + "-" + version();
    Files.copy(pom, folder.resolve(name + ".pom"));
    if (jar != null) {
      Files.copy(jar, folder.resolve(name + ".jar"));
    }
  }

  /**
   * Settings under which the shared local repository (the one this build reads) serves as a
   * remote, offline, so the project's own local repository gets everything but Nanite from it.
   */
  private Path sharedRepositorySettings() throws IOException {
    Path shared = Path.of(System.getProperty("nanite.sharedRepository",
        System.getProperty("user.home") + "/.m2/repository"));
    Path settings = dir.resolve("settings.xml");
    Files.writeString(settings, """
        <settings>
          <mirrors>
            <mirror>
              <id>shared</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """.formatted(shared.toUri()));
    return settings;
  }

  /** This build's version, which failsafe passes on (nanite-cli/pom.xml). */
  private static String version() {
    return Objects.requireNonNull(System.getProperty("nanite.version"),
        "the system property nanite.version");
  }

  private static Path onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, command))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }
}
