package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The actor pool's starvation rule, look by look. */
class StarvationTest {
  private static final long STARVED = Starvation.STARVED_NANOS;
  private final Starvation rule = new Starvation();

  @Test
  void callsWaitingWhileOthersStartAreNotStarved() {
    rule.reset(100, 0);
    // A saturated CPU: the head waited long, but calls keep starting.
    assertFalse(rule.look(110, 0, 10 * STARVED, true));
    assertFalse(rule.look(111, 0, 10 * STARVED, true));
    assertFalse(rule.look(150, 0, 10 * STARVED, true));
  }

  @Test
  void aCallWaitingLongGetsAThreadEvenWhileOthersStart() {
    rule.reset(100, 0);
    // A few threads stuck in slow calls, the rest keeping quick ones going.
    assertFalse(rule.look(110, 0, Starvation.LONG_WAIT_NANOS - 1, true));
    assertTrue(rule.look(120, 0, Starvation.LONG_WAIT_NANOS, true));
  }

  @Test
  void callsWaitingWhileNothingStartsGetAThread() {
    rule.reset(100, 0);
    assertTrue(rule.look(100, 0, STARVED, true));
    // The new thread's own first call is not progress: still starved.
    assertTrue(rule.look(101, 0, STARVED, true));
    assertTrue(rule.look(102, 0, STARVED, true));
    // Two starts after one thread was added: one of them is real progress.
    assertFalse(rule.look(104, 0, STARVED, true));
  }

  @Test
  void aCallThatHasNotWaitedLongEnoughIsNotStarved() {
    rule.reset(0, 0);
    assertFalse(rule.look(0, 0, STARVED - 1, true));
    assertTrue(rule.look(0, 0, STARVED, true));
  }

  @Test
  void aPoolAtItsMaximumDoesNotGrow() {
    rule.reset(0, 0);
    assertFalse(rule.look(0, 0, 10 * STARVED, false));
  }

  @Test
  void looksThinOutWhileCallsProgressAndComeBackWhenTheyStop() {
    rule.reset(0, 0);
    assertEquals(Starvation.FIRST_LOOK_NANOS, rule.nextLookNanos());
    long started = 0;
    for (int i = 0; i < 10; i++) {
      rule.look(started += 5, 0, STARVED, true);
    }
    assertEquals(Starvation.MAX_LOOK_NANOS, rule.nextLookNanos());
    assertTrue(rule.look(started, 0, STARVED, true), "stuck: a thread at the next look");
    assertEquals(Starvation.FIRST_LOOK_NANOS, rule.nextLookNanos());
    rule.reset(started, 0);
    assertEquals(Starvation.FIRST_LOOK_NANOS, rule.nextLookNanos(), "a new watch starts early");
  }

  @Test
  void anEmptyQueueIsWatchedWhileCallsKeepWaitingInIt() {
    rule.reset(0, 10);
    assertTrue(rule.lookEmpty(12), "calls were left waiting since the last look");
    assertEquals(2 * Starvation.FIRST_LOOK_NANOS, rule.nextLookNanos());
    assertFalse(rule.lookEmpty(12), "none since: idle, stop watching");
  }
}
