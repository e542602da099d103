package dev.nanite.processor.roundtrip;

import java.time.Duration;
import java.util.Random;

/**
 * Runs randomized trials from one seed, bounded in count and in time, and names the seed and
 * the iteration when one fails: rerun with {@code -Dnanite.roundtrip.seed=<seed>} to reproduce
 * (iteration i always draws the same values; a rerun reaches it unless the machine is much
 * slower, and {@code -Dnanite.roundtrip.scale=<n>} multiplies both bounds for longer runs).
 */
final class Trials {
  /** The seed of this run: given, or new each run so that runs explore different values. */
  static final long SEED = Long.getLong("nanite.roundtrip.seed", System.nanoTime());

  /** Whether to print how many iterations each trial ran ({@code -Dnanite.roundtrip.verbose}). */
  private static final boolean VERBOSE = Boolean.getBoolean("nanite.roundtrip.verbose");

  /** How many times the usual count and time each trial runs. */
  private static final int SCALE = Integer.getInteger("nanite.roundtrip.scale", 1);

  /** A trial never stops for time before this many iterations. */
  private static final int MIN_ITERATIONS = 50;

  private Trials() {}

  /** One iteration; {@code random} is seeded for this iteration alone. */
  @FunctionalInterface
  interface Trial {
    void run(Random random, int iteration) throws Exception;
  }

  /**
   * Runs {@code trial} up to {@code iterations} times, stopping early once {@code budget} is
   * spent; returns how many iterations ran.
   */
  static int run(String name, int iterations, Duration budget, Trial trial) {
    long seed = SEED ^ name.hashCode() * 0x9E37_79B9_7F4A_7C15L;
    long deadline = System.nanoTime() + budget.toNanos() * SCALE;
    int i = 0;
    for (; i < iterations * SCALE && (i < MIN_ITERATIONS || System.nanoTime() < deadline); i++) {
      try {
        trial.run(new Random(seed + i), i);
      } catch (Throwable t) {
        throw new AssertionError(name + " failed at iteration " + i + "; reproduce with"
            + " -Dnanite.roundtrip.seed=" + SEED + ": " + t, t);
      }
    }
    if (VERBOSE) {
      System.err.printf("%s: %d iterations in %d ms%n", name, i,
          (System.nanoTime() - deadline + budget.toNanos() * SCALE) / 1_000_000);
    }
    return i;
  }
}
