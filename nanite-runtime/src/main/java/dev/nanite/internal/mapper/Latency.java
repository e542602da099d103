package dev.nanite.internal.mapper;

/**
 * This mapper's estimate of how long one agent takes to answer one path: an exponentially
 * weighted mean of its round trips, from send to reply. Updated without locks: two replies racing
 * may lose one sample, which an estimate can afford.
 */
final class Latency {
  /** The weight of a new sample: about the last eight replies dominate. */
  private static final double ALPHA = 0.125;
  /** How fast an estimate no reply has refreshed relaxes toward the fastest agent's. */
  private static final double RELAX_NANOS = 5e9;

  /**
   * Replies before an estimate counts: one cold reply (class loading, a JIT pause) would
   * otherwise make an agent look several times slower than it is, and outweigh its status.
   */
  static final int SETTLED = 8;

  private volatile double meanNanos;
  private volatile long updatedNanos;
  private volatile int samples;

  void sample(long roundTripNanos, long nowNanos) {
    double previous = meanNanos;
    if (samples < SETTLED) {
      samples++; // racy, and harmless: it only delays when the estimate starts to count
      // Until then keep the fastest reply: cold replies are slow for reasons that pass.
      meanNanos = previous == 0 ? roundTripNanos : Math.min(previous, roundTripNanos);
    } else {
      meanNanos = previous + ALPHA * (roundTripNanos - previous);
    }
    updatedNanos = nowNanos;
  }

  /**
   * The estimate, relaxed toward {@code fastestNanos} as it ages: an agent that was slow once
   * and so gets no more calls would otherwise never show that it is fast again.
   */
  double meanNanos(double fastestNanos, long nowNanos) {
    double mean = meanNanos;
    if (mean <= fastestNanos) {
      return mean;
    }
    double age = nowNanos - updatedNanos;
    return fastestNanos + (mean - fastestNanos) * Math.exp(-age / RELAX_NANOS);
  }

  /** The raw estimate, 0 until {@link #SETTLED} replies came in. */
  double rawNanos() {
    return samples < SETTLED ? 0 : meanNanos;
  }
}
