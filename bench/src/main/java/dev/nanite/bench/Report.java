package dev.nanite.bench;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Renders the results as a Markdown table with the machine and the date. */
final class Report implements Serializable {
  private final String broker;
  private final List<Row> rows;
  private final List<String> notes;
  private final boolean forked;

  /** @param forked whether each scenario ran in a JVM of its own ({@link Forks}) */
  Report(String broker, List<Row> rows, List<String> notes, boolean forked) {
    this.broker = broker;
    this.rows = rows;
    this.notes = notes;
    this.forked = forked;
  }

  String broker() {
    return broker;
  }

  List<Row> rows() {
    return rows;
  }

  List<String> notes() {
    return notes;
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Benchmark results\n\n");
    out.append("- date: ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
    out.append("- machine: ").append(Machine.describe()).append('\n');
    out.append("- broker: ").append(broker).append('\n');
    out.append("- rerun: `mvn -q -B -DskipTests -Pbench verify` (add `NANITE_AMQP_URI=...` for"
        + " RabbitMQ)\n");
    out.append("- scenarios: ").append(forked ? "each in a JVM of its own, with the same options"
        : "one after another in one JVM").append('\n');
    out.append("- ratio: where the fabric and its baseline took turns, the median of the turns'"
        + " ratios, the lowest and highest in brackets\n\n");
    out.append("| scenario | metric | measured | baseline | ratio | target | verdict |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      out.append("| ").append(row.scenario())
          .append(" | ").append(row.metric())
          .append(" | ").append(number(row.measured())).append(' ').append(row.unit())
          .append(" | ").append(Double.isNaN(row.baseline()) ? ""
              : number(row.baseline()) + " " + row.unit() + " (" + row.baselineName() + ")")
          .append(" | ").append(ratio(row))
          .append(" | ").append(row.goal().text())
          .append(" | ").append(row.verdict())
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      for (String note : notes) {
        out.append("- ").append(note).append('\n');
      }
    }
    return out.toString();
  }

  void write(Path file) throws IOException {
    Files.writeString(file, markdown());
  }

  /**
   * "0.93", or "0.93 (0.85–1.01)" with the range of paired repetitions. A ratio within half a
   * hundredth of its target gets a third decimal, so that a 0.896 judged against "≥ 0.9" does not
   * read as 0.90, missed.
   */
  static String ratio(Row row) {
    if (Double.isNaN(row.ratio())) {
      return "";
    }
    Goal goal = row.goal();
    boolean nearTarget = (goal.kind() == Goal.Kind.RATIO_AT_LEAST
        || goal.kind() == Goal.Kind.RATIO_AT_MOST) && Math.abs(row.ratio() - goal.bound()) < 0.005;
    String median = String.format(Locale.ROOT, nearTarget ? "%.3f" : "%.2f", row.ratio());
    double[] range = row.ratioRange();
    return range == null ? median
        : String.format(Locale.ROOT, "%s (%.2f–%.2f)", median, range[0], range[1]);
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (magnitude >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
