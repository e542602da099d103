package dev.nanite.bench;

import java.io.Serializable;

/**
 * One line of the results table.
 *
 * @param scenario the scenario's short name, e.g. "1 request/reply"
 * @param metric what was measured, e.g. "p50 latency, 1 in flight"
 * @param unit the unit of {@code measured} and {@code baseline}, e.g. "µs" or "req/s"
 * @param measured the fabric's value (a median over repetitions where the scenario repeats)
 * @param baseline the baseline's value in the same run, or NaN when there is none
 * @param baselineName what the baseline is, e.g. "plain amqp-client RPC"
 * @param goal the target
 * @param pairedRatios fabric / baseline of each repetition, where the two alternate; empty
 *     otherwise
 */
public record Row(String scenario, String metric, String unit, double measured, double baseline,
    String baselineName, Goal goal, double[] pairedRatios) implements Serializable {

  /** A row whose ratio is that of the two values. */
  public Row(String scenario, String metric, String unit, double measured, double baseline,
      String baselineName, Goal goal) {
    this(scenario, metric, unit, measured, baseline, baselineName, goal, new double[0]);
  }

  /**
   * A row from repetitions in which the fabric and the baseline took turns: the values are the
   * medians of each side, the ratio the median of the repetitions' own ratios. Each of those
   * compares two runs made seconds apart, so a slow spell of the shared machine, which moves
   * both, cancels out of it, where it would not from a ratio of the two medians.
   */
  public static Row paired(String scenario, String metric, String unit, double[] fabric,
      double[] baseline, String baselineName, Goal goal) {
    double[] ratios = new double[fabric.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = fabric[i] / baseline[i];
    }
    return new Row(scenario, metric, unit, Samples.median(fabric), Samples.median(baseline),
        baselineName, goal, ratios);
  }

  /** A row with no baseline. */
  public static Row value(String scenario, String metric, String unit, double measured,
      Goal goal) {
    return new Row(scenario, metric, unit, measured, Double.NaN, "", goal);
  }

  /** The median paired ratio, else measured / baseline; NaN without a baseline. */
  public double ratio() {
    if (pairedRatios.length > 0) {
      return Samples.median(pairedRatios);
    }
    return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : measured / baseline;
  }

  /** The lowest and highest paired ratio, or null with fewer than two. */
  public double[] ratioRange() {
    if (pairedRatios.length < 2) {
      return null;
    }
    double[] sorted = pairedRatios.clone();
    java.util.Arrays.sort(sorted);
    return new double[] {sorted[0], sorted[sorted.length - 1]};
  }

  /** "met", "missed" or "". */
  public String verdict() {
    return goal.verdict(measured, ratio());
  }
}
