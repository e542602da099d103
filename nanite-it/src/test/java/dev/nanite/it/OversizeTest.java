package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.NaniteException;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message over its receiver's packet limit fails its call at once, saying so, for a single
 * call and for each part of a call to all, rather than leaving the caller to the deadline: a
 * request too large for an agent is answered {@code nanite.BadPacket}, a result too large for
 * the mapper fails with both sizes. Agents and mapper keep serving.
 */
class OversizeTest {
  private static final int LIMIT = 4 * 1024;
  /** Long enough that only an answer, not the deadline, can end the calls within the wait. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long WAIT_SECONDS = 20;
  private static final int DEFAULT_LIMIT = 16 * 1024 * 1024;

  @Test
  void anAgentAnswersARequestOverItsLimitAtOnce() throws Exception {
    try (Fabric fabric = new Fabric("small", LIMIT, DEFAULT_LIMIT)) {
      WorkClient work = fabric.work;
      String oversize = "x".repeat(2 * LIMIT);

      ExecutionException single = assertThrows(ExecutionException.class,
          () -> work.once(oversize, 0, Selector.LEAST_LOADED, fabric.options)
              .get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertBadPacket(single.getCause());

      Replies<String> all = work.once(oversize, 0, Selector.ALL, fabric.options)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(Map.of(), all.values(), "no agent ran it");
      assertEquals(Set.of(fabric.a, fabric.b), all.failures().keySet(), "each part failed");
      assertEquals(Set.of(), all.unanswered(), "each part was answered, not timed out");
      all.failures().values().forEach(OversizeTest::assertBadPacket);

      assertEquals(Map.of(fabric.a, fabric.a, fabric.b, fabric.b),
          work.once("small", 0, Selector.ALL, fabric.options)
              .get(WAIT_SECONDS, TimeUnit.SECONDS).values(), "both still serve");
    }
  }

  @Test
  void aMapperFailsACallWhoseResultIsOverItsLimitAtOnce() throws Exception {
    try (Fabric fabric = new Fabric("large", DEFAULT_LIMIT, LIMIT)) {
      WorkClient work = fabric.work;

      ExecutionException single = assertThrows(ExecutionException.class,
          () -> work.repeat("x", 2 * LIMIT, Selector.LEAST_LOADED, fabric.options)
              .get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertTooLarge(single.getCause());

      Replies<String> all = work.repeat("x", 2 * LIMIT, Selector.ALL, fabric.options)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(Set.of(fabric.a, fabric.b), all.failures().keySet(), "each part failed");
      assertEquals(Set.of(), all.unanswered(), "each part was answered, not timed out");
      all.failures().values().forEach(OversizeTest::assertTooLarge);
      assertTrue(fabric.mapper.counters().get("rejected") >= 3,
          "the mapper counted what it dropped");

      assertEquals(Map.of(fabric.a, "xx", fabric.b, "xx"),
          work.repeat("x", 2, Selector.ALL, fabric.options)
              .get(WAIT_SECONDS, TimeUnit.SECONDS).values(), "small results still come through");
    }
  }

  /** Two agents tagged for one test alone, and a mapper that knows both; closed together. */
  private static final class Fabric implements AutoCloseable {
    final String a;
    final String b;
    final Mapper mapper;
    final WorkClient work;
    final CallOptions options;
    private final Agent agentA;
    private final Agent agentB;

    Fabric(String prefix, int agentLimit, int mapperLimit) throws Exception {
      String uri = Brokers.uri();
      String run = UUID.randomUUID().toString().substring(0, 8);
      a = prefix + "-a-" + run;
      b = prefix + "-b-" + run;
      agentA = agent(uri, a, run, agentLimit);
      agentB = agent(uri, b, run, agentLimit);
      mapper = Mapper.builder().uri(uri).maxPacketBytes(mapperLimit).start();
      Await.until("the mapper knows both agents", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(a, b)).size() == 2);
      work = new WorkClient(mapper);
      options = CallOptions.DEFAULT.withTags(run).withTimeout(TIMEOUT);
    }

    private static Agent agent(String uri, String identity, String tag, int maxPacketBytes)
        throws Exception {
      return Agent.builder().uri(uri).identity(identity).tags(tag)
          .maxPacketBytes(maxPacketBytes).actor(new WorkActor(identity)).start();
    }

    @Override
    public void close() {
      mapper.close();
      agentA.close();
      agentB.close();
    }
  }

  private static void assertBadPacket(Throwable failure) {
    RemoteException remote = assertInstanceOf(RemoteException.class, failure);
    assertEquals("nanite.BadPacket", remote.errorType());
    assertTrue(remote.remoteMessage().contains("limit of " + LIMIT + " bytes"),
        "the error names the limit: " + remote.remoteMessage());
  }

  private static void assertTooLarge(Throwable failure) {
    NaniteException error = assertInstanceOf(NaniteException.class, failure);
    assertTrue(!(error instanceof RequestTimeoutException), "not a timeout: " + error);
    assertTrue(error.getMessage().contains("over this mapper's limit of " + LIMIT + " bytes"),
        "the error names the limit: " + error.getMessage());
  }
}
