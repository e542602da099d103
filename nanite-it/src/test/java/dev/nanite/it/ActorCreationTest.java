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
import dev.nanite.it.support.ClassPaths;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Actors take their dependencies in their constructors: an agent hosts whatever instance its
 * application built. Only creating actors by class name needs a way to build them, a public
 * no-argument constructor or a static {@code create()} factory, and a class with neither is
 * refused, by name, before anything starts.
 */
class ActorCreationTest {
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

  /** A class loader whose only actor index lists {@code actors}, as on the test class path. */
  private URLClassLoader indexing(String name, Class<?>... actors) throws IOException {
    return ClassPaths.of(dir.resolve(name), Map.of(ClassPaths.INDEX,
        ClassPaths.indexOf(actors).getBytes(StandardCharsets.UTF_8)));
  }
}
