package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.Mapper;
import dev.nanite.NoAgentException;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mapper's first moments: a call made right after {@code start()} reaches the agents that are
 * running (they answer its call to register within a round trip), a call to all reaches every
 * one of them, and a path nobody serves fails once the agents have answered. A broker the
 * mapper cannot use is named in the first line of the error.
 */
class StartupTest {
  private static Cluster cluster;
  private static String a;
  private static String b;

  @BeforeAll
  static void startAgents() throws Exception {
    cluster = new Cluster();
    // Pings 30 s apart: a mapper can only know these agents from their answer to its call.
    a = cluster.agent("a", 0, "--ping", "30000").identity();
    b = cluster.agent("b", 0, "--ping", "30000").identity();
  }

  @AfterAll
  static void stopAgents() throws Exception {
    cluster.close();
  }

  @Test
  void aCallMadeRightAfterStartReachesARunningAgent() throws Exception {
    Mapper mapper = cluster.mapper();
    WorkClient work = new WorkClient(mapper);
    String who = work.whoami(Selector.LEAST_LOADED, cluster.options()).get(10, TimeUnit.SECONDS);
    assertTrue(Set.of(a, b).contains(who), who);
  }

  @Test
  void aCallToAllMadeRightAfterStartReachesEveryRunningAgent() throws Exception {
    Mapper mapper = cluster.mapper();
    Replies<String> replies = new WorkClient(mapper).whoami(Selector.ALL, cluster.options())
        .get(10, TimeUnit.SECONDS);
    assertEquals(Set.of(a, b), replies.values().keySet());
  }

  @Test
  void aPushMadeRightAfterStartIsTaken() throws Exception {
    Mapper mapper = cluster.mapper();
    new WorkClient(mapper).push().whoami(Selector.LEAST_LOADED, cluster.options())
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void noAgentServesThePath_rightAfterStart_failsOnceTheAgentsHaveAnswered() {
    Mapper mapper = cluster.mapper(Mapper.builder().discovery(Duration.ofMillis(500)));
    long start = System.nanoTime();
    CompletableFuture<ByteString> call = mapper.request("/nobody/home", ByteString.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> call.get(10, TimeUnit.SECONDS));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertInstanceOf(NoAgentException.class, failed.getCause());
    assertTrue(tookMillis >= 300 && tookMillis < 5_000,
        "failed after the discovery interval, not at once nor at the deadline: " + tookMillis);

    CompletableFuture<ByteString> later = mapper.request("/nobody/home", ByteString.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    assertTrue(later.isCompletedExceptionally(), "after discovery, no agent fails at once");
  }

  @Test
  void withoutDiscoveryAPathNobodyServesFailsAtOnce() {
    Mapper mapper = cluster.mapper(Mapper.builder().discovery(Duration.ZERO));
    CompletableFuture<ByteString> call = mapper.request("/nobody/home", ByteString.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    assertTrue(call.isCompletedExceptionally());
  }

  @Test
  void aVhostThatDoesNotExistIsNamedWithTheBrokerAndTheReason() {
    String uri = cluster.uri().replaceFirst("(//[^/]+)(/.*)?$", "$1/no-such-vhost");
    BrokerUnavailableException refused = assertThrows(BrokerUnavailableException.class,
        () -> Mapper.builder().uri(uri).start());
    String message = refused.getMessage();
    assertTrue(message.contains("vhost 'no-such-vhost'"), message);
    assertTrue(message.contains("broker 127.0.0.1:") || message.contains("broker localhost:"),
        message);
    assertTrue(message.toLowerCase().contains("host"), "says what the broker said: " + message);
    System.out.println("wrong vhost: " + message);
  }
}
