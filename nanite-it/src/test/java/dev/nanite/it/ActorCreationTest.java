package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Greeter;
import dev.nanite.it.fixtures.GreeterClient;
import dev.nanite.it.fixtures.Ledger;
import dev.nanite.it.fixtures.LedgerClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actors take their dependencies in their constructors: an agent hosts whatever instance its
 * application built. Only creating actors by class name needs a way to build them, a public
 * no-argument constructor or a static {@code create()} factory, and a class with neither is
 * refused, by name, before anything starts.
 */
class ActorCreationTest {
  private static final String INDEX = "META-INF/nanite/index";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String uri = Brokers.uri();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final CallOptions options = CallOptions.DEFAULT.withTags(run)
      .withTimeout(Duration.ofSeconds(10));

  @TempDir
  Path dir;

  @Test
  void anAgentHostsAnActorBuiltWithItsDependencies() throws Exception {
    Map<String, Long> balances = Map.of("alice", 42L);
    String identity = "ledger-" + run;
    try (Agent agent = Agent.builder().uri(uri).identity(identity).tags(run)
            .actor(new Ledger(balances::get)).start();
        Mapper mapper = Mapper.builder().uri(uri).start()) {
      Await.until("the mapper knows the agent", WAIT, () -> mapper.agent(identity).isPresent());
      long balance = new LedgerClient(mapper).balance("alice", Selector.LEAST_LOADED, options)
          .get(30, TimeUnit.SECONDS);
      assertEquals(42L, balance);
    }
  }

  @Test
  void discoveringActorsUsesTheirFactoryAndNamesAClassWithoutAWayToCreateIt() throws Exception {
    try (URLClassLoader both = indexing("both", Ledger.class, Greeter.class)) {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> Agent.builder().discoverActors(both));
      assertEquals("cannot create the actor dev.nanite.it.fixtures.Ledger: it has neither a public"
          + " no-argument constructor nor a public static no-argument create() method returning"
          + " it; add one, or create it yourself and register the instance with"
          + " Agent.Builder.actor(...)", refused.getMessage());
    }
    String identity = "greeter-" + run;
    try (URLClassLoader greeterOnly = indexing("greeter", Greeter.class);
        Agent agent = Agent.builder().uri(uri).identity(identity).tags(run)
            .discoverActors(greeterOnly).start();
        Mapper mapper = Mapper.builder().uri(uri).start()) {
      Await.until("the mapper knows the agent", WAIT, () -> mapper.agent(identity).isPresent());
      assertEquals("made by create(), ada", new GreeterClient(mapper)
          .greet("ada", Selector.LEAST_LOADED, options).get(30, TimeUnit.SECONDS));
    }
  }

  /**
   * A class loader whose only actor index lists {@code actors}, copied from the test class path's;
   * it loads every class through the test class path.
   */
  private URLClassLoader indexing(String name, Class<?>... actors) throws IOException {
    Set<String> wanted = Stream.of(actors).map(Class::getName).collect(Collectors.toSet());
    List<String> lines = new ArrayList<>();
    boolean keep = false;
    for (URL url : Collections.list(getClass().getClassLoader().getResources(INDEX))) {
      try (var in = url.openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.startsWith("actor\t")) {
            keep = wanted.contains(line.split("\t")[1]);
          }
          if (keep && !line.startsWith("#")) {
            lines.add(line);
          }
        }
      }
    }
    Path root = dir.resolve(name);
    Files.createDirectories(root.resolve(INDEX).getParent());
    Files.write(root.resolve(INDEX), lines);
    ClassLoader withoutIndex = new ClassLoader("without-index", getClass().getClassLoader()) {
      @Override
      public URL getResource(String resource) {
        return INDEX.equals(resource) ? null : super.getResource(resource);
      }

      @Override
      public Enumeration<URL> getResources(String resource) throws IOException {
        return INDEX.equals(resource) ? Collections.emptyEnumeration()
            : super.getResources(resource);
      }
    };
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, withoutIndex);
  }
}
