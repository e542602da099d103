package dev.nanite.internal.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.CallOptions;
import dev.nanite.NaniteException;
import dev.nanite.Selector;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each transition of a call, from each state: which act, which do nothing. */
class CallTest {
  private final AgentState a = new AgentState("a");
  private final AgentState b = new AgentState("b");
  private final Call call = new Call("t1", Fabric.AGAIN, ByteString.EMPTY, Selector.LEAST_LOADED,
      CallOptions.DEFAULT, 0, 0, new Call.Sink() {
        @Override
        public void value(String agent, ByteString value) {}

        @Override
        public void error(String agent, NaniteException error) {}
      });

  @Test
  void sendCountsTheCallAtItsAgentAndNumbersTheAttempts() {
    assertEquals(Call.State.QUEUED, call.state());
    assertEquals(1, call.send(a, 10, 0));
    assertEquals(Call.State.SENT, call.state());
    assertEquals(1, a.inFlight.get());
    assertTrue(a.calls.contains(call));
    assertEquals(0, call.send(b, 20, 0), "a sent call cannot be sent again");
    assertTrue(call.takeBack(a));
    assertEquals(0, a.inFlight.get());
    assertFalse(a.calls.contains(call));
    assertEquals(2, call.send(b, 30, 0));
    assertEquals("b", call.lastAgent());
  }

  @Test
  void takeBackActsOnlyAtTheAgentThatHoldsTheCall() {
    call.send(a, 10, 0);
    assertFalse(call.takeBack(b), "b never had it");
    assertTrue(call.takeBack(a));
    assertFalse(call.takeBack(a), "taken back once: the second fault finds it queued");
    assertEquals(Call.State.QUEUED, call.state());
  }

  @Test
  void settleAtActsOnlyAtTheAgentThatHoldsTheCall() {
    call.send(a, 10, 0);
    call.takeBack(a);
    call.send(b, 20, 0);
    assertFalse(call.settleAt(a), "a lost the call before it was lost itself");
    assertEquals(Call.State.SENT, call.state());
    assertTrue(call.settleAt(b));
    assertEquals(0, b.inFlight.get());
    assertFalse(b.calls.contains(call));
  }

  @Test
  void settleWinsOnceFromEveryState() {
    assertTrue(call.settle(), "from queued");
    assertFalse(call.settle());
    assertEquals(0, call.send(a, 1, 0), "a settled call is never sent");
    assertEquals(0, a.inFlight.get());
    assertFalse(call.park());
    assertFalse(call.unpark());
  }

  @Test
  void aParkedCallSettlesOrComesBackToTheQueue() {
    assertTrue(call.park());
    assertEquals(0, call.send(a, 1, 0), "a parked call is the offline queue's to deliver");
    assertTrue(call.unpark());
    assertEquals(Call.State.QUEUED, call.state());
    assertTrue(call.park());
    assertTrue(call.settleAnswered("x", 5), "a parked call's result comes from any agent");
  }

  @Test
  void aReplyFromTheAgentHoldingTheCallFeedsItsLatencyEstimate() {
    call.send(a, 1_000, 0);
    assertTrue(call.settleAnswered("a", 5_000));
    assertEquals(4_000, a.latency(Fabric.AGAIN.path()).meanNanos(0, 5_000));
    assertFalse(call.settleAnswered("a", 6_000), "one outcome per call");
  }

  @Test
  void aReplyFromAnAgentTheCallLeftSettlesItWithoutALatencySample() {
    call.send(a, 1_000, 0);
    call.takeBack(a);
    call.send(b, 2_000, 0);
    assertTrue(call.settleAnswered("a", 3_000));
    assertNull(a.latency(Fabric.AGAIN.path()));
    assertNull(b.latency(Fabric.AGAIN.path()));
    assertEquals(0, b.inFlight.get());
  }

  @Test
  void theTimerStopsOnceWhenTheCallSettlesEvenIfSetAfterwards() {
    AtomicInteger stopped = new AtomicInteger();
    call.timer(stopped::incrementAndGet);
    call.settle();
    call.settle();
    assertEquals(1, stopped.get());
    Call settledFirst = new Call("t2", Fabric.ONCE, ByteString.EMPTY, null, CallOptions.DEFAULT,
        0, 0, call.sink);
    settledFirst.settle();
    settledFirst.timer(stopped::incrementAndGet);
    assertEquals(2, stopped.get(), "a timer set on a settled call stops at once");
  }

  @Test
  void aCallKnowsWhichConnectionItWentOutOn() {
    call.send(a, 10, 2); // after the second loss
    assertTrue(call.sentBefore(3), "the third loss closed its connection");
    assertFalse(call.sentBefore(2), "news of the second loss, late, is not about it");
  }

  @Test
  void onlyIdempotentSingleAgentCallsMayMove() {
    assertTrue(call.movable());
    assertFalse(new Call("t3", Fabric.ONCE, ByteString.EMPTY, Selector.LEAST_LOADED,
        CallOptions.DEFAULT, 0, 0, call.sink).movable());
    assertFalse(new Call("t4", Fabric.AGAIN, ByteString.EMPTY, null, CallOptions.DEFAULT, 0, 0,
        call.sink).movable(), "a part of a call to all is for its agent alone");
  }
}
