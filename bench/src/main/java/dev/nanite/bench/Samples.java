package dev.nanite.bench;

import java.util.Arrays;

/** Latencies of one run, in nanoseconds; not thread-safe (one recorder per run). */
public final class Samples {
  private long[] nanos;
  private int size;

  public Samples(int capacity) {
    this.nanos = new long[Math.max(16, capacity)];
  }

  public void add(long latencyNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
  }

  public int size() {
    return size;
  }

  /** The q-quantile (0..1) in microseconds, nearest-rank. */
  public double quantileMicros(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, rank))] / 1_000.0;
  }

  /** The median of repeated measurements. */
  public static double median(double... values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
