package dev.nanite.bench;

import dev.nanite.Agent;
import dev.nanite.Mapper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every scenario shares: the broker, the size of the run, and the agents and mappers it
 * started, closed after each scenario.
 */
public final class Bench implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Bench.class);

  private final String uri;
  private final boolean quick;
  private final boolean embedded;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  /** An outside broker's process on this host, whose CPU time can be read; else null. */
  private final BrokerProcess process;

  Bench(String uri, boolean quick, boolean embedded) {
    this.uri = uri;
    this.quick = quick;
    this.embedded = embedded;
    this.process = embedded ? null : BrokerProcess.find(uri).orElse(null);
  }

  /** Whether the broker is the embedded one, in this JVM. */
  public boolean embedded() {
    return embedded;
  }

  /**
   * Whose CPU time the broker's share of a cost is, for a row's label: the embedded broker's
   * threads, or the broker's process on this host; null when it cannot be measured.
   */
  public String brokerCpu() {
    if (embedded) {
      return "embedded broker's threads";
    }
    return process == null ? null : "RabbitMQ's process on this host";
  }

  BrokerProcess brokerProcess() {
    return process;
  }

  /** The broker's URI: the embedded broker, or {@code NANITE_AMQP_URI}. */
  public String uri() {
    return uri;
  }

  /** A smoke run: every scenario, at a size that only shows it works. */
  public boolean quick() {
    return quick;
  }

  /** {@code full} in a full run, {@code smoke} in a quick one. */
  public int size(int full, int smoke) {
    return quick ? smoke : full;
  }

  /** Repetitions whose median is reported. */
  public int repetitions() {
    return quick ? 1 : 3;
  }

  /**
   * Turns the fabric and its baseline take in a comparison of the two, each reporting the median
   * (see {@link Row#paired}): more than {@link #repetitions()}, since a ratio near its target
   * moves by 0.1 between single runs on a shared machine.
   */
  public int pairs() {
    return quick ? 1 : 7;
  }

  /** An agent on the bench broker, closed with the scenario. */
  public Agent agent(Agent.Builder builder) {
    return track(builder.uri(uri).start());
  }

  /** A mapper on the bench broker, closed with the scenario. */
  public Mapper mapper(Mapper.Builder builder) {
    return track(builder.uri(uri).start());
  }

  /** Closes {@code closeable} when the scenario ends, before anything started earlier. */
  public <T extends AutoCloseable> T track(T closeable) {
    started.push(closeable);
    return closeable;
  }

  /** Waits for {@code condition}, failing after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Closes what the last scenario started, newest first. */
  void endScenario() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        log.warn("closing after a scenario failed", e);
      }
    }
  }

  @Override
  public void close() {
    endScenario();
  }
}
