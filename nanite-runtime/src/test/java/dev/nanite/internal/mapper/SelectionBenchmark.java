package dev.nanite.internal.mapper;

import dev.nanite.Selector;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Choosing one agent for a typed call among {@value BenchMapper#AGENTS} agents serving its
 * path, per selector. Sampled per call, so the median can be reported (it includes the
 * ~20-30 ns of reading the clock around each call).
 *
 * <p>Methods return Object: the generated JMH code lives in another package and must not name
 * the package-private {@link AgentState}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectionBenchmark {
  private Selection selection;

  @Setup
  public void setUp() {
    selection = new BenchMapper().withAgents().selection;
  }

  @Benchmark
  public Object leastLoaded() {
    return selection.one(BenchMapper.PATH, BenchMapper.FINGERPRINT, Set.of(),
        Selector.LEAST_LOADED);
  }

  @Benchmark
  public Object random() {
    return selection.one(BenchMapper.PATH, BenchMapper.FINGERPRINT, Set.of(), Selector.RANDOM);
  }

  @Benchmark
  public Object roundRobin() {
    return selection.one(BenchMapper.PATH, BenchMapper.FINGERPRINT, Set.of(),
        Selector.ROUND_ROBIN);
  }
}
