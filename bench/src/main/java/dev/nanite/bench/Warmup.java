package dev.nanite.bench;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uncounted passes over one path until its rate settles, so that the counted repetitions
 * measure compiled code on both sides.
 *
 * <p>Why not one fixed pass: on two busy cores the JIT compiler competes with the load for CPU,
 * and the fabric, with more code on its path than a plain amqp-client client, took four or five
 * passes of 50,000 pushes to reach its steady cost per message (137, 94, 84, 72, then 58–61 µs
 * of CPU) while the baseline settled after one. Counting from the second pass compared a
 * half-compiled fabric with a compiled baseline.
 */
public final class Warmup {
  private static final Logger log = LoggerFactory.getLogger(Warmup.class);
  /** Settled: within this fraction of the previous pass. */
  private static final double SETTLED = 0.10;
  /**
   * At least this many: a rate can hold still for a pass or two while the compiler catches up
   * (12,600 then 18,000 pushes/s once the fabric was counted, after two passes within 10%).
   */
  private static final int MIN_PASSES = 4;
  private static final int MAX_PASSES = 8;

  private Warmup() {}

  /**
   * Runs {@code pass} (which returns a rate) at least four times and until two passes in a row
   * are within 10% of each other, at most eight times; once in a smoke run.
   */
  public static void untilSettled(Bench bench, String path, Callable<Double> pass)
      throws Exception {
    double previous = pass.call();
    if (bench.quick()) {
      return;
    }
    for (int n = 2; n <= MAX_PASSES; n++) {
      double rate = pass.call();
      log.info("warm-up of {}, pass {}: {} per second", path, n,
          String.format(Locale.ROOT, "%,.0f", rate));
      if (n >= MIN_PASSES && Math.abs(rate - previous) <= SETTLED * previous) {
        return;
      }
      previous = rate;
    }
    log.info("warm-up of {}: not settled within {} passes; counting anyway", path, MAX_PASSES);
  }
}
