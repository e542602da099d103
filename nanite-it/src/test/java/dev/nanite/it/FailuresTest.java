package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Mapper;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.fixtures.WorkPaths;
import dev.nanite.it.fixtures.WorkProtocol;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.stub.Args;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error replies, calls nobody can take, and deadlines: every future completes. */
class FailuresTest {
  private static Cluster cluster;
  private static Mapper mapper;
  private static WorkClient work;
  private static String a;
  private static String b;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    a = cluster.agent("a", 1, "--ping", "300").identity();
    b = cluster.agent("b", 2, "--ping", "300").identity();
    // It waits for its agents below, so it need not wait for them on a call (StartupTest
    // covers that): a call that finds no agent fails at once.
    mapper = cluster.mapper(Mapper.builder().requestTimeout(Duration.ofSeconds(10))
        .discovery(Duration.ZERO));
    work = new WorkClient(mapper);
    Await.until("the mapper knows a and b", Duration.ofSeconds(10),
        () -> Agents.known(mapper, List.of(a, b)).size() == 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> future.get(15, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void anActorExceptionIsAnErrorReplyAndTheAgentKeepsServing() throws Exception {
    Throwable error = failure(work.boom("no such thing", Selector.target(a), cluster.options()));
    RemoteException remote = assertInstanceOf(RemoteException.class, error);
    assertEquals("java.lang.IllegalStateException", remote.errorType());
    assertEquals("no such thing", remote.remoteMessage());
    assertEquals(a, remote.agent());
    assertEquals(WorkPaths.BOOM, remote.path());
    assertEquals(a, work.whoami(Selector.target(a), cluster.options()).get(10, TimeUnit.SECONDS));
  }

  @Test
  void noAgentServesThePath_nonIdempotent_failsAtOnceWithNoAgent() {
    CompletableFuture<ByteString> call = mapper.request("/nobody/home", ByteString.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    assertTrue(call.isDone(), "failed before the call returned, without waiting for a deadline");
    NoAgentException error = assertInstanceOf(NoAgentException.class, failure(call));
    assertEquals("no agent serves /nobody/home", error.getMessage());
  }

  @Test
  void aMalformedPathIsRefused() {
    CompletableFuture<ByteString> call = mapper.request("mock/list", ByteString.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    assertTrue(call.isDone());
    Throwable error = failure(call);
    assertInstanceOf(NaniteException.class, error);
    assertTrue(error.getMessage().contains("not a Nanite path: mock/list"), error.getMessage());
  }

  @Test
  void tagsNoAgentCarriesFailAtOnceSayingSo() {
    CompletableFuture<String> call = work.whoami(Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTags(cluster.tag(), "quantum"));
    assertTrue(call.isDone());
    Throwable error = failure(call);
    assertInstanceOf(NoAgentException.class, error);
    assertTrue(error.getMessage().contains("carries the tags [" + cluster.tag() + ", quantum]"),
        error.getMessage());
  }

  @Test
  void aCallerBuiltForAnotherSignatureIsNotRouted() {
    Endpoint<Args, String> otherVersion = Endpoint.of(WorkPaths.WHOAMI, "0123456789abcdef", false,
        WorkProtocol.WHOAMI.requestMarshaller(), WorkProtocol.WHOAMI.responseMarshaller());
    CompletableFuture<String> call = mapper.request(otherVersion, Args.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    Throwable error = failure(call);
    assertInstanceOf(NoAgentException.class, error);
    assertTrue(error.getMessage().contains("incompatible with 0123456789abcdef, which this caller"
        + " was built for"),
        error.getMessage());
  }

  @Test
  void agentIsSlow_nonIdempotent_failsWithRequestTimeoutAtTheDeadline() {
    long start = System.nanoTime();
    CompletableFuture<String> call = work.slow(5_000, Selector.target(b),
        cluster.options().withTimeout(Duration.ofMillis(300)));
    RequestTimeoutException error = assertInstanceOf(RequestTimeoutException.class, failure(call));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(b, error.agent());
    assertEquals(Duration.ofMillis(300), error.timeout());
    assertTrue(tookMillis < 3_000, "the deadline, not the actor, ended the call: " + tookMillis);
  }

  @Test
  void allReportsTheAgentsThatDidNotAnswerByTheDeadline() throws Exception {
    Replies<String> replies = work.slowOn(b, 5_000, Selector.ALL,
        cluster.options().withTimeout(Duration.ofMillis(500))).get(10, TimeUnit.SECONDS);
    assertEquals(Set.of(a), replies.values().keySet());
    assertEquals(Set.of(b), replies.unanswered());
    assertInstanceOf(RequestTimeoutException.class, replies.failures().get(b));
  }
}
