package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a returned result is sent again and when it is given up, on a clock in hand. */
class ResendRuleTest {
  private static final long FAR = TimeUnit.HOURS.toMillis(1);
  private static final long T0 = -5_000_000_000L; // any origin: nanoTime may be negative

  private final ResendRule rule = new ResendRule();

  private static long at(long millis) {
    return T0 + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** The delay before the next send of a result returned at {@code millis}. */
  private long delay(String queue, int sends, long millis) {
    ResendRule.Verdict verdict = rule.returned(queue, sends, FAR, at(millis));
    assertEquals(null, verdict.giveUp(), "given up at " + millis + " ms");
    return verdict.delayMillis();
  }

  private String givenUp(String queue, int sends, long millis) {
    ResendRule.Verdict verdict = rule.returned(queue, sends, FAR, at(millis));
    assertTrue(verdict.givesUp(), "sent again at " + millis + " ms");
    return verdict.giveUp();
  }

  /** Returns of results for {@code queue} every 1.5 s from {@code from} to {@code to} ms. */
  private void refusing(String queue, long from, long to) {
    for (long millis = from; millis <= to; millis += 1_500) {
      rule.returned(queue, 0, FAR, at(millis));
    }
  }

  @Test
  void backoffDoublesFromOneHundredMillisecondsToTwoSeconds() {
    long[] expected = {100, 200, 400, 800, 1_600, 2_000, 2_000, 2_000};
    for (int sends = 0; sends < expected.length; sends++) {
      assertEquals(expected[sends], delay("q", sends, sends));
    }
  }

  @Test
  void theLastSendIsAtTheDeadlineAndAResultPastItIsGivenUp() {
    assertEquals(50, rule.returned("q", 5, 50, at(0)).delayMillis());
    assertEquals("its deadline passed", rule.returned("q", 6, 0, at(50)).giveUp());
    assertEquals("its deadline passed", rule.returned("other", 0, -1, at(50)).giveUp());
  }

  @Test
  void aQueueThatRefusesEveryResultForThirtySecondsIsGivenUp() {
    int sends = 0;
    for (long millis = 0; millis < 29_000; millis += 2_000) { // the backoff's longest gap
      delay("gone", sends++, millis);
    }
    assertEquals(1_000, delay("gone", sends++, 29_000), "the last send ends the window");
    assertTrue(givenUp("gone", sends, 30_000).contains("refused every result for 30 s"));
  }

  @Test
  void aNewResultForAQueueTakenForGoneIsGivenUpAtItsFirstReturn() {
    refusing("gone", 0, 30_000);
    givenUp("gone", 0, 31_000);
    givenUp("gone", 0, 35_500); // less than the quiet period after the last refusal
  }

  @Test
  void aQueueThatRefusedNothingForFiveSecondsGetsAFreshWindow() {
    refusing("flapping", 0, 30_000);
    // Last refused at 30 s, back (or unused) since: a refusal at 35.1 s starts a new window.
    assertEquals(100, delay("flapping", 0, 35_100));
    refusing("flapping", 35_100, 64_000);
    givenUp("flapping", 0, 65_100);
  }

  @Test
  void eachQueueHasAWindowOfItsOwn() {
    refusing("gone", 0, 30_000);
    givenUp("gone", 0, 30_500);
    assertEquals(100, delay("reconnecting", 0, 30_500));
    assertEquals(2, rule.queues());
  }

  @Test
  void queuesQuietForFiveSecondsAreForgotten() {
    for (int i = 0; i < 100; i++) {
      delay("q" + i, 0, 0);
    }
    assertEquals(100, rule.queues());
    delay("another", 0, 5_100);
    assertEquals(1, rule.queues(), "only the queue that just refused is remembered");
  }

  @Test
  void pastTenThousandRefusingQueuesResultsForANewOneAreGivenUp() {
    for (int i = 0; i < ResendRule.MAX_QUEUES; i++) {
      delay("q" + i, 0, 0);
    }
    assertTrue(givenUp("one-too-many", 0, 1).contains("other reply queues refuse results"));
    assertEquals(200, delay("q0", 1, 2), "a known queue's results are still sent again");
    assertEquals(100, delay("new-after-quiet", 0, 5_100), "room again once the others are quiet");
  }
}
