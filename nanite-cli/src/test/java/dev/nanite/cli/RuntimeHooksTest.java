package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.nanite.Agent;
import dev.nanite.CallObserver;
import dev.nanite.CallObserver.Outcome;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.NoAgentException;
import dev.nanite.PathSchema;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.Reply;
import dev.nanite.Selector;
import dev.nanite.cli.fixtures.Fixture;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's hooks for tools, through its public API: path schemas, replies that name their
 * agent, call observers and actor discovery.
 */
class RuntimeHooksTest {
  /** One finished call, as an observer heard it. */
  record Event(String path, String agent, Outcome outcome, long nanos) {}

  private static Cluster cluster;
  private static Agent fixture;
  private static Agent foo;
  private static Mapper mapper;
  private static final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster();
    fixture = cluster.agent("fixture", new Fixture());
    foo = cluster.agentDirectory("foo", "foo");
    CallObserver observer = (path, agent, outcome, nanos) ->
        events.add(new Event(path, agent, outcome, nanos));
    mapper = cluster.mapper(Mapper.builder().observer(observer));
    assertTrue(mapper.awaitAgents("/fixture/add", 1, Duration.ofSeconds(20)));
    assertTrue(mapper.awaitAgents("/foo/bar", 1, Duration.ofSeconds(20)));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static CallOptions timeout(Duration timeout) {
    return CallOptions.DEFAULT.withTimeout(timeout);
  }

  @Test
  void theMapperKnowsEachPathsSchemaFromTheAgents() {
    PathSchema move = mapper.schema("/fixture/move").orElseThrow();
    assertEquals("dev.nanite.cli.fixtures.fixture.MoveRequest", move.requestType().getFullName());
    assertEquals("dev.nanite.cli.fixtures.fixture.MoveResponse",
        move.responseType().getFullName());
    assertEquals(mapper.agent(fixture.identity()).orElseThrow().services().get("/fixture/move"),
        move.fingerprint());
    assertFalse(move.idempotent());
    assertTrue(mapper.schema("/fixture/add").orElseThrow().idempotent());
    assertTrue(mapper.schema("/nobody/home").isEmpty());
  }

  @Test
  void aReplyNamesTheAgentThatAnswered() throws Exception {
    PathSchema add = mapper.schema("/fixture/add").orElseThrow();
    Descriptor type = add.requestType();
    DynamicMessage request = DynamicMessage.newBuilder(type)
        .setField(type.findFieldByName("a"), 2).setField(type.findFieldByName("b"), 40L).build();
    Reply<DynamicMessage> reply = mapper.requestReply(add.endpoint(), request,
        Selector.LEAST_LOADED, timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);
    assertEquals(fixture.identity(), reply.agent());
    assertEquals(42L, reply.value().getField(add.responseType().findFieldByName("result")));

    PathSchema fail = mapper.schema("/fixture/fail").orElseThrow();
    Reply<DynamicMessage> failed = mapper.requestReply(fail.endpoint(),
        DynamicMessage.getDefaultInstance(fail.requestType()), Selector.LEAST_LOADED,
        timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);
    assertEquals(fixture.identity(), failed.agent());
    assertInstanceOf(RemoteException.class, failed.error());

    ExecutionException none = assertThrows(ExecutionException.class, () -> mapper.requestReply(
        add.endpoint(), request, Selector.target("nobody"), timeout(Duration.ofSeconds(10)))
        .get(20, TimeUnit.SECONDS));
    assertInstanceOf(NoAgentException.class, none.getCause());
  }

  @Test
  void observersHearHowEveryCallEnds() throws Exception {
    events.clear();
    PathSchema sleep = mapper.schema("/fixture/sleep").orElseThrow();
    Descriptor type = sleep.requestType();
    DynamicMessage slow = DynamicMessage.newBuilder(type)
        .setField(type.findFieldByName("millis"), 2_000).build();
    mapper.requestReply(sleep.endpoint(), DynamicMessage.getDefaultInstance(type),
        Selector.LEAST_LOADED, timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);
    mapper.requestReply(sleep.endpoint(), slow, Selector.LEAST_LOADED,
        timeout(Duration.ofMillis(200))).get(20, TimeUnit.SECONDS);
    assertThrows(ExecutionException.class, () -> mapper.request("/fixture/fail", ByteString.EMPTY,
        Selector.LEAST_LOADED, timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS));
    assertThrows(ExecutionException.class, () -> mapper.request("/nobody/home", ByteString.EMPTY,
        Selector.RANDOM, timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS));
    assertThrows(ExecutionException.class, () -> mapper.requestAll("/nobody/home",
        ByteString.EMPTY, timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS));
    Replies<ByteString> all = mapper.requestAll("/foo/bar", ByteString.EMPTY,
        timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);
    mapper.push("/fixture/touch", ByteString.EMPTY, Selector.ALL,
        timeout(Duration.ofSeconds(10))).get(20, TimeUnit.SECONDS);

    Await.until("seven calls observed (" + events + ")", Duration.ofSeconds(10),
        () -> events.size() == 7);
    assertEquals(List.of(
            new Event("/fixture/sleep", fixture.identity(), Outcome.OK, 0),
            new Event("/fixture/sleep", fixture.identity(), Outcome.TIMEOUT, 0),
            new Event("/fixture/fail", fixture.identity(), Outcome.ERROR, 0),
            new Event("/nobody/home", null, Outcome.NO_AGENT, 0),
            new Event("/nobody/home", null, Outcome.NO_AGENT, 0),
            new Event("/foo/bar", foo.identity(), Outcome.OK, 0),
            new Event("/fixture/touch", null, Outcome.OK, 0)),
        events.stream().map(e -> new Event(e.path(), e.agent(), e.outcome(), 0)).toList());
    assertEquals(1, all.size());
    assertTrue(events.get(1).nanos() >= Duration.ofMillis(200).toNanos(), "a timeout's latency is"
        + " its deadline: " + events.get(1));
  }

  @Test
  void anAgentCanRunEveryActorClassItsClassPathIndexes() throws Exception {
    Agent discovered = Agent.builder().uri(cluster.uri()).identity(cluster.identity("found"))
        .pingInterval(Cluster.PING).discoverActors(getClass().getClassLoader()).start();
    try {
      assertTrue(discovered.paths().containsAll(List.of("/mock/list", "/fixture/add")),
          discovered.paths().toString());
      assertFalse(discovered.paths().contains("/foo/bar"), "Foo is an interface");
    } finally {
      discovered.close();
    }
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
          () -> Agent.builder().discoverActors(empty));
      assertTrue(none.getMessage().startsWith("no @Actor class is listed in any"
          + " META-INF/nanite/index on the class path"), none.getMessage());
    }
  }
}
