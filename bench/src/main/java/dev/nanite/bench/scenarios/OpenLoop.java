package dev.nanite.bench.scenarios;

import dev.nanite.bench.Samples;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls on a fixed schedule, whatever the replies do, measuring each call from the time it was
 * due (so a stalled sender does not hide latency: no coordinated omission).
 */
final class OpenLoop {
  private static final Logger log = LoggerFactory.getLogger(OpenLoop.class);

  record Result(Samples latency, Map<String, Integer> perAgent) {
    double share(String agent) {
      return (double) perAgent.getOrDefault(agent, 0) / total();
    }

    /** Percentages of calls per agent, for the log. */
    String shares() {
      Map<String, String> shares = new TreeMap<>();
      perAgent.forEach((agent, n) -> shares.put(agent,
          String.format(Locale.ROOT, "%.1f%%", 100.0 * n / total())));
      return shares.toString();
    }

    private int total() {
      return perAgent.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private OpenLoop() {}

  /** Sends {@code count} calls at {@code rate} per second; each answers with who served it. */
  static Result run(int count, double rate, Supplier<CompletableFuture<String>> call)
      throws Exception {
    long[] latencies = new long[count];
    Map<String, Integer> perAgent = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(count);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long interval = (long) (1e9 / rate);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // pacing the schedule, not waiting for a result
      }
      int index = i;
      call.get().whenComplete((agent, error) -> {
        latencies[index] = System.nanoTime() - due;
        if (error != null) {
          failure.compareAndSet(null, error);
        } else {
          perAgent.merge(agent, 1, Integer::sum);
        }
        done.countDown();
      });
    }
    Duration limit = Duration.ofSeconds(120);
    if (!done.await(limit.toSeconds(), TimeUnit.SECONDS)) {
      throw new TimeoutException(done.getCount() + " of " + count + " calls still open after "
          + limit);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a call failed", failure.get());
    }
    Samples samples = new Samples(count);
    for (long latency : latencies) {
      samples.add(latency);
    }
    Result result = new Result(samples, perAgent);
    log.info("open loop {} calls at {}/s: p50 {} µs, p99 {} µs, shares {}", count, rate,
        samples.quantileMicros(0.5), samples.quantileMicros(0.99), result.shares());
    return result;
  }
}
