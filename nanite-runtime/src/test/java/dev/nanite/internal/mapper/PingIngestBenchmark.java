package dev.nanite.internal.mapper;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * How many pings one thread takes into the registry: each is the raw message body the inbox
 * consumer gets from amqp-client, parsed, checked and applied by {@link Membership}, from the
 * {@value BenchMapper#AGENTS} known agents in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class PingIngestBenchmark {
  private BenchMapper mapper;
  private byte[][] pings;
  private int next;

  @Setup
  public void setUp() {
    mapper = new BenchMapper().withAgents();
    pings = BenchMapper.pings();
  }

  @Benchmark
  public void ping() {
    mapper.deliver(pings[next]);
    next = next + 1 == pings.length ? 0 : next + 1;
  }

  /** A rejected ping would be measured as ingested while it skipped the registry update. */
  @TearDown
  public void checkNoneRejected() {
    if (mapper.stats.rejected.get() != 0) {
      throw new IllegalStateException(mapper.stats.rejected.get() + " pings were rejected");
    }
  }
}
