package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
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
 * A request an agent cannot read (here: larger than its packet limit) is answered with
 * {@code nanite.BadPacket} at once, for a single call and for each part of a call to all, rather
 * than left to the call's deadline; and the agents keep serving.
 */
class OversizeRequestTest {
  private static final int LIMIT = 4 * 1024;
  /** Long enough that only an answer, not the deadline, can end the calls within the wait. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long WAIT_SECONDS = 20;

  @Test
  void anAgentAnswersARequestOverItsLimitAtOnce() throws Exception {
    String uri = Brokers.uri();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String a = "small-a-" + run;
    String b = "small-b-" + run;
    try (Agent agentA = small(uri, a, run);
         Agent agentB = small(uri, b, run);
         Mapper mapper = Mapper.builder().uri(uri).start()) {
      WorkClient work = new WorkClient(mapper);
      CallOptions options = CallOptions.DEFAULT.withTags(run).withTimeout(TIMEOUT);
      Await.until("the mapper knows both agents", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(a, b)).size() == 2);
      String oversize = "x".repeat(2 * LIMIT);

      ExecutionException single = assertThrows(ExecutionException.class,
          () -> work.once(oversize, 0, Selector.LEAST_LOADED, options)
              .get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertBadPacket(single.getCause());

      Replies<String> all = work.once(oversize, 0, Selector.ALL, options)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertEquals(Map.of(), all.values(), "no agent ran it");
      assertEquals(Set.of(a, b), all.failures().keySet(), "each agent's part failed");
      assertEquals(Set.of(), all.unanswered(), "each part was answered, not timed out");
      all.failures().values().forEach(OversizeRequestTest::assertBadPacket);

      assertEquals(Map.of(a, a, b, b), work.once("small", 0, Selector.ALL, options)
          .get(WAIT_SECONDS, TimeUnit.SECONDS).values(), "both still serve");
    }
  }

  private static Agent small(String uri, String identity, String tag) throws Exception {
    return Agent.builder().uri(uri).identity(identity).tags(tag).maxPacketBytes(LIMIT)
        .actor(new WorkActor(identity)).start();
  }

  private static void assertBadPacket(Throwable failure) {
    RemoteException remote = assertInstanceOf(RemoteException.class, failure);
    assertEquals("nanite.BadPacket", remote.errorType());
    assertTrue(remote.remoteMessage().contains("limit of " + LIMIT + " bytes"),
        "the error names the limit: " + remote.remoteMessage());
  }
}
