package dev.nanite.bench.scenarios;

import dev.nanite.bench.Allocation;
import dev.nanite.bench.Bench;
import dev.nanite.bench.CpuTime;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Load;
import dev.nanite.bench.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What one call costs, 64 in flight: bytes allocated in this JVM, and CPU µs of the broker and
 * of everyone else (mapper and agents, or the baseline's client and workers).
 *
 * @param brokerMicros the broker's CPU µs per call, or NaN where it cannot be measured
 */
record Cost(double bytes, double brokerMicros, double clientMicros) {

  /** Measures allocation and CPU over one run of {@code calls}. */
  static Cost perCall(Bench bench, Supplier<? extends CompletableFuture<?>> path, int calls)
      throws Exception {
    Allocation allocation = Allocation.start();
    CpuTime cpu = CpuTime.start(bench);
    Load.throughput(path, calls, 64, RequestReply.LIMIT);
    long bytes = allocation.bytes();
    long[] nanos = cpu.nanos();
    cpu.logPerCall(calls);
    double broker = bench.brokerCpu() == null ? Double.NaN : nanos[0] / 1e3 / calls;
    return new Cost((double) bytes / calls, broker, nanos[1] / 1e3 / calls);
  }

  /**
   * The CPU rows of a scenario, fabric against baseline: the broker's share where it can be
   * measured, the clients' share, and their sum. On a host of few cores the broker and the
   * clients share them, so under load the sum is what bounds throughput.
   *
   * @param per what one call is, for the metric's name ("request", "call to all")
   */
  static List<Row> cpuRows(Bench bench, String scenario, String per, Cost fabric, Cost baseline,
      String baselineName) {
    List<Row> rows = new ArrayList<>();
    String broker = bench.brokerCpu();
    if (broker != null) {
      rows.add(new Row(scenario, "CPU per " + per + ", broker (" + broker + ")", "µs",
          fabric.brokerMicros(), baseline.brokerMicros(), baselineName, Goal.NONE));
    }
    rows.add(new Row(scenario, "CPU per " + per + ", mapper + agents (baseline: client + workers)",
        "µs", fabric.clientMicros(), baseline.clientMicros(), baselineName, Goal.NONE));
    if (broker != null) {
      rows.add(totalRow(scenario, per, fabric, baseline, baselineName));
    }
    return rows;
  }

  /** The CPU of broker and clients together: only where the broker's can be measured. */
  static Row totalRow(String scenario, String per, Cost fabric, Cost baseline,
      String baselineName) {
    return new Row(scenario, "CPU per " + per + ", broker + mapper + agents", "µs",
        fabric.brokerMicros() + fabric.clientMicros(),
        baseline.brokerMicros() + baseline.clientMicros(), baselineName, Goal.NONE);
  }
}
