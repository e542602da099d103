package dev.nanite.bench;

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
 */
public record Row(String scenario, String metric, String unit, double measured, double baseline,
    String baselineName, Goal goal) {

  /** A row with no baseline. */
  public static Row value(String scenario, String metric, String unit, double measured,
      Goal goal) {
    return new Row(scenario, metric, unit, measured, Double.NaN, "", goal);
  }

  /** measured / baseline, NaN without a baseline. */
  public double ratio() {
    return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : measured / baseline;
  }

  /** "met", "missed" or "". */
  public String verdict() {
    return goal.verdict(measured, ratio());
  }
}
