package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Mapper;
import dev.nanite.NoAgentException;
import dev.nanite.OverloadedException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.stub.Args;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.fixtures.WorkProtocol;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Futures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Failure semantics", row by row: which test checks each cell of the table and
 * each bullet under it. Test names start with the row they check ({@code
 * agentDiesBeforeAnswering_...}), then the kind of call, then the promise. The cells no other
 * test covered are tested here, on one cluster.
 *
 * <pre>
 * row                        kind            test
 * -------------------------  --------------  ---------------------------------------------------
 * delivery                   idempotent      chaos.AgentKillChaosTest#agentDiesBeforeAnswering_underLoad_idempotentAtLeastOnceOthersAtMostOnce
 *                                            (every idempotent call succeeds; the journal shows each ran)
 *                            other           the same test (none ran twice), and
 *                                            AgentDiesBeforeAnsweringTest#agentDiesBeforeAnswering_nonIdempotent_failsAgentLostAndNeverRunsTwice
 *                            push            #delivery_push_completesOnceTheBrokerHasItAndRunsOnce
 * no agent serves the path   idempotent      #noAgentServesThePath_idempotent_failsAtOnceWithNoAgent
 *                            other           FailuresTest#noAgentServesThePath_nonIdempotent_failsAtOnceWithNoAgent
 *                            push            #noAgentServesThePath_push_failsAtOnceWithNoAgent
 *   right after start()      all             StartupTest#noAgentServesThePath_rightAfterStart_failsOnceTheAgentsHaveAnswered
 *                                            StartupTest#aCallMadeRightAfterStartReachesARunningAgent (and its call to all, push)
 *   with withOffline(true)   idempotent      #noAgentServesThePath_idempotentOffline_parkedUntilAnAgentRegisters
 *                            other, push     chaos.OfflineFailsafeTest#noAgentServesThePath_offline_callsAndPushesParkedUntilAnAgentRegisters
 * the agent dies before      idempotent      AgentDiesBeforeAnsweringTest#agentDiesBeforeAnswering_idempotent_sentToAnotherLiveAgentAndSucceeds
 *   answering (SIGKILL)      other           AgentDiesBeforeAnsweringTest#agentDiesBeforeAnswering_nonIdempotent_failsAgentLostAndNeverRunsTwice
 *                            push            AgentDiesBeforeAnsweringTest#agentDiesBeforeAnswering_push_lostWithTheAgentsQueue
 *                            under load      chaos.AgentKillChaosTest#agentDiesBeforeAnswering_underLoad_idempotentAtLeastOnceOthersAtMostOnce
 * sent to an agent whose     idempotent      SentToGoneAgentTest#sentToAnAgentAlreadyGone_idempotent_goesToAnotherAgentAndRunsOnce
 *   process is already gone                  SentToGoneAgentTest#sentToFourAgentsAlreadyGone_idempotent_goesToTheLiveOneAndRunsOnce
 *                            other           SentToGoneAgentTest#sentToAnAgentAlreadyGone_nonIdempotent_goesToAnotherAgentAndRunsOnce
 *                            both, a burst   SentToGoneAgentTest#sentToAnAgentAlreadyGone_burstUnderLoad_everyCallGoesToAnotherAgentAndRunsOnce
 *                            push            PushTest#sentToAnAgentAlreadyGone_push_runsOnAnotherAgent
 * the agent is slow          idempotent      #agentIsSlow_idempotent_failsWithRequestTimeoutAtTheDeadline
 *                            other           FailuresTest#agentIsSlow_nonIdempotent_failsWithRequestTimeoutAtTheDeadline
 *                            push            (none: "—" in the table)
 *                            interrupted     DeadlineOnAgentTest#agentIsSlow_actorBlockedPastItsDeadline_isInterruptedAndItsSlotFreed
 * the agent's broker node   idempotent,     chaos.ClusterNodeLossTest#nodeLoss_underLoad_agentAndMapperMoveToNodesLeft_callsComplete_quorumQueueKeepsRequests
 *   dies (a cluster)           other           (idempotent all succeed, others OK or lost; the agent serves again from a node left)
 *                            push, quorum    the same test (persistent requests in a quorum queue outlive the node)
 * the broker restarts or     idempotent      ConnectionDropTest#brokerConnectionDrops_inFlight_idempotentSentAgainAfterTheReconnect
 *   the connection drops                     ConnectionDropTest#brokerConnectionDrops_duringTheOutage_idempotentOtherAndPushFailAtOnceWithUnavailable
 *                                            ConnectionDropTest#brokerConnectionDrops_duringTheOutage_idempotentOfflineWaitsForTheReconnect
 *                            other           ConnectionDropTest#brokerConnectionDrops_inFlight_nonIdempotentFailsAgentLost
 *                                            ConnectionDropTest#brokerConnectionDrops_duringTheOutage_idempotentOtherAndPushFailAtOnceWithUnavailable
 *                            push            ConnectionDropTest#brokerConnectionDrops_duringTheOutage_idempotentOtherAndPushFailAtOnceWithUnavailable
 *                            all, restarted  chaos.EmbeddedBrokerRestartTest#brokerRestarts_embeddedQpid_underLoad_idempotentSucceedOthersEndLostOrUnavailable
 *                              under load    chaos.RabbitNodeRestartTest#brokerRestarts_rabbitMqNode_underLoad_idempotentSucceedOthersEndLostOrUnavailable
 * the mapper has maxInFlight idempotent,     #maxInFlightReached_idempotentOtherAndPush_failAtOnceWithOverloaded
 *   calls out                  other, push
 *                            (and calls      SendDeadlineRaceTest#maxInFlight_callsWhoseDeadlineFiresAsTheyAreSent_doNotStayInFlight
 *                             that ended     SendDeadlineRaceTest#maxInFlight_offlineCallsWhoseDeadlineFiresAsTheyAreParked_doNotStayInFlight
 *                             do not count)
 *
 * bullet                     what            test
 * -------------------------  --------------  ---------------------------------------------------
 * acknowledged after the     the ack         internal.agent.AcksTest (every delivery acknowledged once, whatever order calls finish in)
 *   result is published
 * requests left in a queue   expiry          #expiry_requestLeftInAStoppedAgentsQueuePastItsDeadline_neverRuns
 *   expire with their deadline
 * a mapper notices a dead    unroutable      SentToGoneAgentTest (every test), PushTest#sentToAnAgentAlreadyGone_push_runsOnAnotherAgent
 *   agent three ways         probe           AgentDiesBeforeAnsweringTest (each outcome well before the agent timeout of a minute)
 *                            unregisters     GracefulStopTest#deadAgentNoticed_unregisters_stoppingAgentLeavesAtOnceAndFinishesItsCalls
 *                            missed pings    EvictionTest#deadAgentNoticed_missedPings_killedAgentEvictedAndRejoinsWhenRestarted
 *                                            EvictionTest#deadAgentNoticed_missedPings_frozenAgentEvictedAndRejoinsWhenItPingsAgain
 * persistence                durable queue   chaos.PersistenceTest#persistence_persistentRequestsInADurableQueue_surviveABrokerRestartAndRunOnce
 *                                            (a private RabbitMQ node: skipped where RabbitMQ is not installed)
 *                            redelivered     AgentDiesBeforeAnsweringTest#persistence_redeliveredNonIdempotentRequest_failsAgentLostAndIsNotRunAgain
 * callbacks                  executor        CompletionsTest#aBlockingCallbackStallsNeitherEvictionNorDeadlines
 * reconnection               reconnect,      chaos.EmbeddedBrokerRestartTest, chaos.RabbitNodeRestartTest (served again within a few pings)
 *                              re-register
 *                            mapper asks     RegistrationTest#reconnection_mapperReconnects_asksAgainForAgentsThatRegisteredWhileAway
 *                              again
 *                            result before   UnroutedResultsTest#reconnection_replyQueueNotBackYet_resultSentAgainUntilTheDeadline
 *                              reply queue
 *                            parked, broker  chaos.ParkedAcrossRestartTest#reconnection_idempotentParkedOnABrokerThatLostThem_parkedAgain
 *                              lost them
 * </pre>
 */
class FailureSemanticsTest {
  /** The idempotent {@code twice} under a path no agent serves. */
  private static final Endpoint<Args, String> NOBODYS_TWICE = Endpoint.of("/nobody/twice",
      WorkProtocol.TWICE.fingerprint(), true, WorkProtocol.TWICE.requestMarshaller(),
      WorkProtocol.TWICE.responseMarshaller());

  private static Cluster cluster;
  private static Mapper mapper;
  private static WorkClient work;
  private static Path journal;
  private static String a;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    journal = cluster.dir().resolve("journal");
    a = cluster.agent("a", 1, "--ping", "1000", "--journal", journal.toString()).identity();
    // It waits for its agent below, so it need not wait for agents on a call (StartupTest covers
    // that): a call that finds no agent fails at once.
    mapper = cluster.mapper(Mapper.builder().requestTimeout(Duration.ofSeconds(10))
        .discovery(Duration.ZERO));
    work = new WorkClient(mapper);
    Await.until("the mapper knows a", Duration.ofSeconds(10), () -> mapper.agent(a).isPresent());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void delivery_push_completesOnceTheBrokerHasItAndRunsOnce() throws Exception {
    Futures.value("a push", work.push().once("pushed", 0, Selector.target(a), cluster.options()));
    Await.until("the push runs", Duration.ofSeconds(10),
        () -> !Journal.agents(journal, "once", "pushed").isEmpty());
    // A call made after the push is answered after the push was taken: a second run would show.
    Futures.value("a call after the push", work.whoami(Selector.target(a), cluster.options()));
    assertEquals(List.of(a), Journal.agents(journal, "once", "pushed"), "ran once");
  }

  @Test
  void noAgentServesThePath_idempotent_failsAtOnceWithNoAgent() throws Exception {
    assertTrue(NOBODYS_TWICE.idempotent());
    CompletableFuture<String> call = mapper.request(NOBODYS_TWICE, Args.of("nobody", 0),
        Selector.LEAST_LOADED, cluster.options());
    assertTrue(call.isDone(), "failed before the call returned, without waiting for a deadline");
    NoAgentException error = assertInstanceOf(NoAgentException.class,
        Futures.failure("an idempotent call nobody serves", call));
    assertTrue(error.getMessage().contains("/nobody/twice"), error.getMessage());
  }

  @Test
  void noAgentServesThePath_push_failsAtOnceWithNoAgent() throws Exception {
    CompletableFuture<Void> push = mapper.push("/nobody/home", ByteString.EMPTY,
        Selector.LEAST_LOADED, cluster.options());
    assertTrue(push.isDone(), "failed before the push returned");
    NoAgentException error = assertInstanceOf(NoAgentException.class,
        Futures.failure("a push nobody serves", push));
    assertTrue(error.getMessage().contains("/nobody/home"), error.getMessage());
  }

  @Test
  void noAgentServesThePath_idempotentOffline_parkedUntilAnAgentRegisters() throws Exception {
    // Only an agent tagged "late" may take it, and none is up yet.
    CallOptions late = cluster.options().withTags(cluster.tag(), "late").withOffline(true)
        .withTimeout(Duration.ofSeconds(30));
    CompletableFuture<String> call = work.twice("parked", 0, Selector.LEAST_LOADED, late);
    CompletableFuture<String> expiring = work.twice("parked-expiring", 0, Selector.LEAST_LOADED,
        late.withTimeout(Duration.ofMillis(300)));
    assertInstanceOf(RequestTimeoutException.class,
        Futures.failure("a parked call past its deadline", expiring));
    assertFalse(call.isDone(), "parked, not failed: " + call);

    AgentProcess lateAgent = cluster.agent("late", 0, "--tags", "late", "--journal",
        journal.toString());
    assertEquals(lateAgent.identity(), Futures.value("a parked idempotent call", call));
    assertEquals(List.of(lateAgent.identity()), Journal.agents(journal, "twice", "parked"));
    assertEquals(List.of(), Journal.agents(journal, "twice", "parked-expiring"),
        "the one whose deadline passed never ran");
  }

  @Test
  void agentIsSlow_idempotent_failsWithRequestTimeoutAtTheDeadline() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<String> call = work.retryable(5_000, Selector.target(a),
        cluster.options().withTimeout(Duration.ofMillis(300)));
    RequestTimeoutException error = assertInstanceOf(RequestTimeoutException.class,
        Futures.failure("an idempotent call to a slow agent", call));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(a, error.agent());
    assertEquals(Duration.ofMillis(300), error.timeout());
    assertTrue(tookMillis < 3_000, "the deadline, not the actor, ended the call: " + tookMillis);
  }

  @Test
  void maxInFlightReached_idempotentOtherAndPush_failAtOnceWithOverloaded() throws Exception {
    Mapper small = cluster.mapper(Mapper.builder().maxInFlight(2));
    Await.until("the small mapper knows a", Duration.ofSeconds(10),
        () -> small.agent(a).isPresent());
    WorkClient client = new WorkClient(small);
    List<CompletableFuture<String>> out = List.of(
        client.slow(2_000, Selector.target(a), cluster.options()),
        client.slow(2_000, Selector.target(a), cluster.options()));

    CompletableFuture<String> idempotent = client.twice("overloaded-twice", 0, Selector.target(a),
        cluster.options());
    CompletableFuture<String> other = client.once("overloaded-once", 0, Selector.target(a),
        cluster.options());
    CompletableFuture<Void> push = client.push().once("overloaded-push", 0, Selector.target(a),
        cluster.options());
    assertTrue(idempotent.isDone() && other.isDone() && push.isDone(), "refused at once");
    assertInstanceOf(OverloadedException.class, Futures.failure("idempotent", idempotent));
    assertInstanceOf(OverloadedException.class, Futures.failure("not idempotent", other));
    assertInstanceOf(OverloadedException.class, Futures.failure("push", push));

    for (CompletableFuture<String> call : out) {
      assertEquals(a, Futures.value("a call within the limit", call));
    }
    assertEquals(a, Futures.value("a call once the others completed",
        client.whoami(Selector.target(a), cluster.options())));
    for (String id : List.of("overloaded-twice", "overloaded-once")) {
      assertEquals(List.of(), Journal.agents(journal, id.endsWith("twice") ? "twice" : "once", id),
          id + " never ran");
    }
    assertEquals(List.of(), Journal.agents(journal, "once", "overloaded-push"));
  }

  /**
   * "Requests left in an agent's queue expire with their deadline (the agent also skips any
   * whose deadline passed), so nothing runs hours later." The agent is stopped (SIGSTOP) while
   * a call waits for it, and let go after the call's deadline.
   */
  @Test
  void expiry_requestLeftInAStoppedAgentsQueuePastItsDeadline_neverRuns() throws Exception {
    // Pings a minute apart: the mapper keeps the stopped agent listed.
    AgentProcess sleeper = cluster.agent("sleeper", 0, "--ping", "60000", "--journal",
        journal.toString());
    Await.until("the mapper knows the sleeper", Duration.ofSeconds(10),
        () -> mapper.agent(sleeper.identity()).isPresent());
    sleeper.freeze();
    try {
      CompletableFuture<String> call = work.once("expired", 0, Selector.target(sleeper.identity()),
          cluster.options().withTimeout(Duration.ofMillis(300)));
      assertInstanceOf(RequestTimeoutException.class,
          Futures.failure("a call to a stopped agent", call));
    } finally {
      sleeper.thaw();
    }
    // The agent takes its requests in order: once it answers a later one, it has seen this one.
    Futures.value("a call to the agent once it runs again", work.once("after", 0,
        Selector.target(sleeper.identity()), cluster.options()));
    assertEquals(List.of(sleeper.identity()), Journal.agents(journal, "once", "after"));
    assertEquals(List.of(), Journal.agents(journal, "once", "expired"),
        "the request past its deadline never ran");
  }
}
