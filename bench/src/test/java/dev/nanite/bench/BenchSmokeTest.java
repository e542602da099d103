package dev.nanite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs every scenario at smoke size, so the benchmarks cannot rot between the runs that write
 * RESULTS.md. It checks that each scenario ran and reported finite numbers, not how fast they
 * are: speed targets live in the table, not in a timed test.
 */
class BenchSmokeTest {
  @Test
  void everyScenarioRunsAndReportsARowWithANumber() throws Exception {
    Report report = BenchMain.run(true, List.of());
    String markdown = report.markdown();
    assertFalse(markdown.contains("failed:"), markdown);
    Set<String> scenarios = new TreeSet<>();
    for (Row row : report.rows()) {
      assertTrue(Double.isFinite(row.measured()) && row.measured() >= 0,
          "a measured value for " + row + "\n" + markdown);
      assertFalse(row.baselineName().isEmpty() && !Double.isNaN(row.baseline()), row.toString());
      scenarios.add(row.scenario().substring(0, 1));
    }
    assertEquals(Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), scenarios, markdown);
    assertTrue(markdown.contains("| scenario | metric | measured | baseline | ratio | target |"));
  }
}
