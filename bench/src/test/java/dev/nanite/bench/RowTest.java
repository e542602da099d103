package dev.nanite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RowTest {
  @Test
  void aPairedRowTakesTheMedianOfEachTurnsRatioNotTheRatioOfTheMedians() {
    // The machine slowed down for the last two turns: both sides dropped together.
    double[] fabric = {90, 92, 88, 45, 44};
    double[] baseline = {100, 100, 100, 50, 80};
    Row row = Row.paired("3 push", "pushes/s", "msg/s", fabric, baseline, "plain",
        Goal.ratioAtLeast(0.9));

    assertEquals(88, row.measured());
    assertEquals(100, row.baseline());
    assertEquals(0.9, row.ratio(), 1e-9); // 0.88 as a ratio of the medians
    assertEquals("met", row.verdict());
    assertEquals("0.900 (0.55–0.92)", Report.ratio(row));
  }

  @Test
  void aRatioJustShortOfItsTargetShowsTheDigitThatMissesIt() {
    Row missed = new Row("2 all", "replies/s", "replies/s", 896, 1000, "plain",
        Goal.ratioAtLeast(0.9));
    Row far = new Row("2 all", "replies/s", "replies/s", 870, 1000, "plain",
        Goal.ratioAtLeast(0.9));

    assertEquals("missed", missed.verdict());
    assertEquals("0.896", Report.ratio(missed));
    assertEquals("0.87", Report.ratio(far));
  }

  @Test
  void anUnpairedRowKeepsTheRatioOfItsValues() {
    Row row = new Row("1 request/reply", "p50", "µs", 110, 100, "plain", Goal.ratioAtMost(1.1));

    assertEquals(1.1, row.ratio(), 1e-9);
    assertEquals("1.100", Report.ratio(row)); // at its target: three decimals
  }
}
