package dev.nanite.internal.mapper;

import static dev.nanite.internal.mapper.Fabric.AGAIN;
import static dev.nanite.internal.mapper.Fabric.ONCE;
import static dev.nanite.internal.mapper.Fabric.preferring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.AgentLostException;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.NoAgentException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Each fault a call meets, alone and in the pairs that can meet on one call, on a fake clock and
 * a fake broker: whichever comes first acts, the other finds the call moved on, every call
 * settles exactly once, and nothing stays counted in flight.
 */
class CallsTest {
  private static final Call.Sink IGNORED = new Call.Sink() {
    @Override
    public void value(String agent, ByteString value) {}

    @Override
    public void error(String agent, dev.nanite.NaniteException error) {}
  };

  private final Fabric fabric = new Fabric();

  private static Throwable failure(CompletableFuture<?> future) {
    assertTrue(future.isCompletedExceptionally(), "failed: " + future);
    try {
      future.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  private static String value(CompletableFuture<ByteString> future) {
    assertTrue(future.isDone(), "done: " + future);
    return future.join().toStringUtf8();
  }

  private void assertNothingInFlight() {
    assertEquals(0, fabric.calls.inFlight(), "calls in the table");
    for (AgentState agent : fabric.registry.all()) {
      assertEquals(0, agent.inFlight.get(), agent.identity + " in flight");
      assertTrue(agent.calls.isEmpty(), agent.identity + " holds " + agent.calls);
    }
  }

  // --- one fault at a time ---

  @Test
  void aReplySettlesTheCall() {
    fabric.agents("a");
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED);
    assertEquals(List.of("a"), fabric.broker.requestedAgents());
    assertEquals(1, fabric.agent("a").inFlight.get());
    fabric.reply(fabric.broker.lastRequest(), "a", "done");
    assertEquals("done", value(call));
    assertNothingInFlight();
  }

  @Test
  void theDeadlineSettlesACallNobodyAnswers() {
    fabric.agents("a");
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)));
    fabric.clock.advance(Duration.ofMillis(299));
    assertFalse(call.isDone());
    fabric.clock.advance(Duration.ofMillis(1));
    RequestTimeoutException timeout = assertInstanceOf(RequestTimeoutException.class,
        failure(call));
    assertEquals("a", timeout.agent());
    assertNothingInFlight();
  }

  @Test
  void aReturnedNonIdempotentCallGoesToAnotherAgentAndTheAgentLeaves() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(ONCE, preferring("a"));
    fabric.returnAsUnroutable(fabric.broker.lastRequest());
    assertNull(fabric.registry.get("a"), "a's queue is gone: out of dispatch");
    assertEquals(List.of("a", "b"), fabric.broker.requestedAgents(),
        "never delivered to a, so sent to b whatever the method");
    assertFalse(call.isDone());
    fabric.reply(fabric.broker.lastRequest(), "b", "from b");
    assertEquals("from b", value(call));
    assertNothingInFlight();
  }

  @Test
  void aReturnedIdempotentCallIsSentOnOnce() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(AGAIN, preferring("a"));
    fabric.returnAsUnroutable(fabric.broker.lastRequest());
    assertEquals(List.of("a", "b"), fabric.broker.requestedAgents(),
        "one send for one return, not one for the return and one for the agent's loss");
    assertEquals(1, fabric.stats.resent.get());
    fabric.reply(fabric.broker.lastRequest(), "b", "from b");
    assertEquals("from b", value(call));
  }

  @Test
  void eachReturnSpendsOneSendSoFourGoneAgentsStillLeaveACall() {
    fabric.agents("a", "b", "c", "d", "e");
    Selector.Single goneFirst = Selector.custom("gone first", candidates -> candidates.get(0));
    CompletableFuture<ByteString> call = fabric.call(ONCE, goneFirst);
    for (String gone : List.of("a", "b", "c", "d")) {
      FakeBroker.Message last = fabric.broker.lastRequest();
      assertEquals(gone, last.routingKey());
      fabric.returnAsUnroutable(last);
    }
    assertEquals(List.of("a", "b", "c", "d", "e"), fabric.broker.requestedAgents());
    fabric.reply(fabric.broker.lastRequest(), "e", "from e");
    assertEquals("from e", value(call));
  }

  @Test
  void aCallReturnedFromEveryAgentFailsAfterItsSendsSayingTheQueuesWereGone() {
    String[] agents = new String[Calls.MAX_SENDS + 1];
    for (int i = 0; i < agents.length; i++) {
      agents[i] = "agent-" + i;
    }
    fabric.agents(agents);
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED);
    for (int i = 0; i < Calls.MAX_SENDS; i++) {
      fabric.returnAsUnroutable(fabric.broker.lastRequest());
    }
    AgentLostException lost = assertInstanceOf(AgentLostException.class, failure(call));
    assertTrue(lost.getMessage().contains("its request queue was gone"), lost.getMessage());
    assertEquals(Calls.MAX_SENDS, fabric.broker.requests().size());
    assertNothingInFlight();
  }

  @Test
  void anEvictedAgentsIdempotentCallMovesAndItsOtherCallFailsAsLost() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> again = fabric.call(AGAIN, preferring("a"));
    CompletableFuture<ByteString> once = fabric.call(ONCE, preferring("a"));
    fabric.clock.advance(Duration.ofSeconds(1)); // long past any return of theirs
    fabric.evictSilent("a");
    assertInstanceOf(AgentLostException.class, failure(once));
    assertEquals(List.of("a", "a", "b"), fabric.broker.requestedAgents());
    fabric.reply(fabric.broker.lastRequest(), "b", "from b");
    assertEquals("from b", value(again));
    assertNothingInFlight();
  }

  @Test
  void aCallWithNoAgentFailsAtOnceAndLeavesNothingInFlight() {
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED);
    assertInstanceOf(NoAgentException.class, failure(call));
    assertNothingInFlight();
    assertEquals(0, fabric.clock.pending(), "its deadline timer stopped");
  }

  @Test
  void aCallMadeWithoutAConnectionFailsAtOnce() {
    fabric.agents("a");
    fabric.connected.set(false);
    assertInstanceOf(BrokerUnavailableException.class,
        failure(fabric.call(ONCE, Selector.LEAST_LOADED)));
    assertNothingInFlight();
  }

  @Test
  void anOfflineCallWaitsForAnAgentAndGoesWhenOneRegisters() {
    CompletableFuture<ByteString> call = fabric.call(AGAIN, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withOffline(true).withTimeout(Duration.ofSeconds(5)));
    assertFalse(call.isDone());
    assertEquals(1, fabric.calls.inFlight(), "it counts against maxInFlight while it waits");
    fabric.agents("a");
    assertEquals(List.of("a"), fabric.broker.requestedAgents());
    fabric.reply(fabric.broker.lastRequest(), "a", "late but served");
    assertEquals("late but served", value(call));
  }

  @Test
  void callbacksRunOnTheCompletionExecutorNotOnTheThreadThatSettles() {
    fabric.agents("a");
    fabric.holdCompletions();
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(100)));
    fabric.clock.advance(Duration.ofMillis(100));
    assertFalse(call.isDone(), "the timer thread only hands the outcome over");
    assertEquals(0, fabric.calls.inFlight(), "yet the call is settled and out of the table");
    assertEquals(1, fabric.runCompletions());
    assertInstanceOf(RequestTimeoutException.class, failure(call));
  }

  // --- two faults on one call ---

  @Test
  void deadlineThenSend_theSendDoesNothingAndNothingStaysInFlight() {
    fabric.agents("a");
    Call call = fabric.calls.newCall(ONCE, ByteString.EMPTY, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(10)), IGNORED);
    fabric.clock.advance(Duration.ofMillis(10)); // the deadline fires before the send
    fabric.calls.send(call, fabric.agent("a"));
    assertTrue(fabric.broker.requests().isEmpty(), "a settled call is not published");
    assertNothingInFlight();
  }

  @Test
  void sendThenDeadline_theCallLeavesTheTableAndItsAgent() {
    fabric.agents("a");
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(10)));
    fabric.clock.advance(Duration.ofMillis(10));
    assertInstanceOf(RequestTimeoutException.class, failure(call));
    assertNothingInFlight();
    fabric.reply(fabric.broker.lastRequest(), "a", "too late");
    assertEquals(1, fabric.stats.lateReplies.get());
  }

  @Test
  void returnThenEviction_theReturnedNonIdempotentCallIsNotFailedWithTheAgentsCalls() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> returned = fabric.call(ONCE, preferring("a"));
    AgentState a = fabric.agent("a");
    fabric.returnAsUnroutable(fabric.broker.lastRequest());
    fabric.calls.agentLost(a, "it missed its pings"); // a's eviction, late
    assertEquals(List.of("a", "b"), fabric.broker.requestedAgents());
    assertFalse(returned.isDone(), "still on its way to b: " + returned);
    fabric.reply(fabric.broker.lastRequest(), "b", "from b");
    assertEquals("from b", value(returned));
  }

  @Test
  void evictionThenReturn_theIdempotentCallMovedOnceAndTheLateReturnDoesNothing() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(AGAIN, preferring("a"));
    FakeBroker.Message toA = fabric.broker.lastRequest();
    fabric.evictSilent("a");
    fabric.returnAsUnroutable(toA);
    assertEquals(List.of("a", "b"), fabric.broker.requestedAgents());
    fabric.reply(fabric.broker.lastRequest(), "b", "once");
    assertEquals("once", value(call));
    assertEquals(1, fabric.stats.resent.get());
  }

  @Test
  void agentLostThenTheCallsOwnReturn_theNeverDeliveredCallGoesToAnotherAgent() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(ONCE, preferring("a"));
    FakeBroker.Message toA = fabric.broker.lastRequest();
    // A probe's return tells of a's loss first; the request's own comes a moment later.
    fabric.membership.agentGone(fabric.agent("a"), "its request queue is gone (NO_ROUTE)");
    assertFalse(call.isDone(), "sent just now: its return may still come");
    fabric.returnAsUnroutable(toA);
    assertEquals(List.of("a", "b"), fabric.broker.requestedAgents());
    fabric.clock.advance(Duration.ofSeconds(1));
    assertFalse(call.isDone(), "the grace ending does not touch a call that moved on");
    fabric.reply(fabric.broker.lastRequest(), "b", "from b");
    assertEquals("from b", value(call));
    assertEquals(0, fabric.stats.lost.get());
  }

  @Test
  void agentLostRightAfterTheSend_aNonIdempotentCallFailsAsLostOnceNoReturnCame() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(ONCE, preferring("a"));
    fabric.evictSilent("a");
    fabric.clock.advance(Duration.ofNanos(Calls.RETURN_GRACE_NANOS - 1));
    assertFalse(call.isDone());
    fabric.clock.advance(Duration.ofNanos(1));
    assertInstanceOf(AgentLostException.class, failure(call));
    assertEquals(List.of("a"), fabric.broker.requestedAgents(), "it may have run: not sent again");
    assertEquals(1, fabric.stats.lost.get());
    assertNothingInFlight();
  }

  @Test
  void replyThenEviction_theAnsweredCallStaysAnswered() {
    fabric.agents("a");
    CompletableFuture<ByteString> call = fabric.call(ONCE, Selector.LEAST_LOADED);
    fabric.reply(fabric.broker.lastRequest(), "a", "ok");
    fabric.evictSilent("a");
    assertEquals("ok", value(call));
    assertEquals(0, fabric.stats.lost.get());
  }

  @Test
  void reconnectThenReturn_theIdempotentCallWaitsAndIsSentOnceAfterTheReconnect() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(AGAIN, preferring("a"));
    FakeBroker.Message toA = fabric.broker.lastRequest();
    fabric.disconnect();
    fabric.hearOfLoss();
    fabric.returnAsUnroutable(toA); // the return of the request sent before the drop, late
    assertEquals(1, fabric.broker.requests().size(), "nothing sent while disconnected");
    fabric.reconnect();
    assertEquals(List.of("a", "b"), fabric.broker.requestedAgents());
    fabric.reply(fabric.broker.lastRequest(), "b", "after the reconnect");
    assertEquals("after the reconnect", value(call));
  }

  @Test
  void connectionLost_aNonIdempotentCallInFlightFailsAsLostAndItsReturnDoesNothing() {
    fabric.agents("a", "b");
    CompletableFuture<ByteString> call = fabric.call(ONCE, preferring("a"));
    FakeBroker.Message toA = fabric.broker.lastRequest();
    fabric.disconnect();
    fabric.hearOfLoss();
    fabric.returnAsUnroutable(toA);
    assertInstanceOf(AgentLostException.class, failure(call));
    assertEquals(1, fabric.broker.requests().size());
    assertNothingInFlight();
  }

  @Test
  void notSentThenConnectionLost_anIdempotentCallWaitsOnceForTheConnection() {
    fabric.agents("a");
    fabric.broker.holdConfirms();
    CompletableFuture<ByteString> call = fabric.call(AGAIN, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withOffline(true).withTimeout(Duration.ofSeconds(5)));
    fabric.disconnect();
    fabric.hearOfLoss();
    fabric.broker.lastRequest().taken().completeExceptionally(
        new BrokerUnavailableException(AGAIN.path(), "channel closed", null));
    assertEquals(1, fabric.calls.table().waiting().size());
    fabric.reconnect();
    assertEquals(2, fabric.broker.requests().size(), "sent again once, after the reconnect");
    assertFalse(call.isDone());
  }

  @Test
  void reconnectThenLateNewsOfTheLoss_callsSentOnTheNewConnectionAreKept() {
    fabric.agents("a");
    CompletableFuture<ByteString> before = fabric.call(ONCE, Selector.LEAST_LOADED);
    fabric.disconnect();
    fabric.reconnect();
    CompletableFuture<ByteString> after = fabric.call(ONCE, Selector.LEAST_LOADED);
    fabric.hearOfLoss(); // the callback thread tells of the loss only now
    assertInstanceOf(AgentLostException.class, failure(before), "in flight when it dropped");
    assertFalse(after.isDone(), "sent on the connection that came back: not lost");
    fabric.reply(fabric.broker.lastRequest(), "a", "fine");
    assertEquals("fine", value(after));
  }

  @Test
  void deadlineWhileWaiting_theWaitingCallSettlesAndIsNotSentLater() {
    CompletableFuture<ByteString> call = fabric.call(AGAIN, Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withOffline(true).withTimeout(Duration.ofMillis(50)));
    fabric.clock.advance(Duration.ofMillis(50));
    assertInstanceOf(RequestTimeoutException.class, failure(call));
    fabric.agents("a");
    assertTrue(fabric.broker.requests().isEmpty());
    assertTrue(fabric.calls.table().waiting().isEmpty());
  }

  @Test
  void aCallToAllPartWhoseQueueIsGoneFailsForThatAgentOnly() {
    fabric.agents("a", "b");
    CompletableFuture<dev.nanite.Replies<ByteString>> all = new CompletableFuture<>();
    List<AgentState> agents = List.of(fabric.agent("a"), fabric.agent("b"));
    fabric.callsToAll.send(ONCE, ByteString.EMPTY, CallOptions.DEFAULT, agents,
        Sinks.all(ONCE, List.of("a", "b"), all));
    FakeBroker.Message one = fabric.broker.lastRequest();
    assertEquals(1, fabric.broker.requests().size(), "one message for both parts");
    fabric.returns.returned("NO_ROUTE", one.exchange(), one.routingKey(), one.properties(),
        one.packet(), one.properties().getCorrelationId());
    assertTrue(all.isDone());
    dev.nanite.Replies<ByteString> replies = all.join();
    assertInstanceOf(AgentLostException.class, replies.failures().get("a"));
    assertInstanceOf(AgentLostException.class, replies.failures().get("b"));
    assertNothingInFlight();
    assertEquals(0, fabric.clock.pending(), "the shared timer stopped with the last part");
  }

  @Test
  void closingSettlesEveryCallWhateverItsState() {
    fabric.agents("a");
    CompletableFuture<ByteString> sent = fabric.call(ONCE, Selector.LEAST_LOADED);
    CompletableFuture<ByteString> waiting = fabric.call(ONCE, Selector.target("nobody-yet"),
        CallOptions.DEFAULT.withOffline(true).withTimeout(Duration.ofSeconds(5)));
    fabric.calls.closeAll("mapper closed");
    assertTrue(failure(sent).getMessage().contains("mapper closed"));
    assertTrue(failure(waiting).getMessage().contains("mapper closed"));
    assertNothingInFlight();
  }
}
