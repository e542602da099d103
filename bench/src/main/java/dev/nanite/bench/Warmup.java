package dev.nanite.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Passes alone were not enough either: the fabric's push rate rose from 27,000 to 39,000 per
 * second over four passes, two of them within 10%, and was counted there, while pushing on for
 * 20 seconds took it past 55,000 (the compiler was still at work on a path with more code than
 * the baseline's). So a warm-up also lasts at least {@link #MIN_TIME}, on both sides.
 *
 * <p>Nor is a settled rate proof that the compiler is done: profiled after 25 seconds of pushes
 * in a JVM that had run nothing else, the fabric's spent 6 µs of compiler-thread CPU per push
 * (the baseline's 0.4), its C2 queue holding methods queued many seconds before. So a warm-up
 * ends by pausing the load until the compiler is idle ({@link #awaitCompilerIdle}): with the
 * cores free it catches up within a second or two, and the counted repetitions run compiled
 * code on both sides. (In a full run the scenarios before warm the shared code, and the
 * compiler is usually idle at once.)
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
  /** At least this long, however quick the passes. */
  private static final Duration MIN_TIME = Duration.ofSeconds(20);
  /** At most this long, settled or not: every run is bounded (and so is each pass). */
  private static final Duration MAX_TIME = Duration.ofSeconds(60);
  /** The compiler is idle once it has compiled for at most this long over {@link #IDLE_SPAN}. */
  private static final long IDLE_COMPILE_MILLIS = 10;
  private static final Duration IDLE_SPAN = Duration.ofSeconds(1);
  /** The longest a warm-up waits for the compiler. */
  private static final Duration MAX_COMPILER_WAIT = Duration.ofSeconds(30);

  private Warmup() {}

  /**
   * Runs {@code pass} (which returns a rate) at least four times and for at least 20 seconds,
   * until two passes in a row are within 10% of each other; at most 60 seconds; once in a smoke
   * run. Then waits for the compiler to go idle.
   */
  public static void untilSettled(Bench bench, String path, Callable<Double> pass)
      throws Exception {
    long start = System.nanoTime();
    double previous = pass.call();
    if (bench.quick()) {
      return;
    }
    for (int n = 2; ; n++) {
      double rate = pass.call();
      Duration spent = Duration.ofNanos(System.nanoTime() - start);
      log.info("warm-up of {}, pass {} ({} s): {} per second", path, n, spent.toSeconds(),
          String.format(Locale.ROOT, "%,.0f", rate));
      if (n >= MIN_PASSES && spent.compareTo(MIN_TIME) >= 0
          && Math.abs(rate - previous) <= SETTLED * previous) {
        awaitCompilerIdle(path);
        return;
      }
      if (spent.compareTo(MAX_TIME) >= 0) {
        log.info("warm-up of {}: not settled within {}; counting anyway", path, MAX_TIME);
        awaitCompilerIdle(path);
        return;
      }
      previous = rate;
    }
  }

  /** Waits, with no load, until the JIT compiler has been idle for a second; at most 30 s. */
  static void awaitCompilerIdle(String path) throws InterruptedException {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + MAX_COMPILER_WAIT.toNanos();
    long before = compiler.getTotalCompilationTime();
    while (true) {
      TimeUnit.NANOSECONDS.sleep(IDLE_SPAN.toNanos()); // the span measured, not a hand-off
      long now = compiler.getTotalCompilationTime();
      boolean idle = now - before <= IDLE_COMPILE_MILLIS;
      if (idle || System.nanoTime() > deadline) {
        log.info("warm-up of {}: compiler {} after {} ms", path, idle ? "idle" : "still busy",
            (System.nanoTime() - start) / 1_000_000);
        return;
      }
      before = now;
    }
  }
}
