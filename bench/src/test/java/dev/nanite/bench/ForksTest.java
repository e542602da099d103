package dev.nanite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The full run starts a JVM per scenario and gathers the rows each one hands back: rows reach
 * {@link Forks#run} only from a child JVM, and a child that fails leaves a note instead.
 */
class ForksTest {
  @Test
  void aScenarioRunsInAJvmOfItsOwnAndItsRowsComeBack() throws Exception {
    Report report = Forks.run(true, List.of("push"));
    String markdown = report.markdown();
    assertFalse(report.rows().isEmpty(), markdown);
    for (Row row : report.rows()) {
      assertEquals("3 push", row.scenario(), markdown);
      assertTrue(Double.isFinite(row.ratio()) && row.ratio() > 0, markdown);
    }
    assertTrue(report.notes().isEmpty(), markdown);
    assertTrue(markdown.contains("- scenarios: each in a JVM of its own"), markdown);
  }
}
