package dev.nanite.bench.actors;

/**
 * {@link Job} on an agent that takes a fixed time per call. The time is spent sleeping, not
 * computing: on a two-core machine, computing agents would slow each other and the broker down,
 * and the benchmark is about routing, not about the work.
 */
public final class JobActor implements Job {
  private final String identity;
  private final long micros;

  public JobActor(String identity, long micros) {
    this.identity = identity;
    this.micros = micros;
  }

  @Override
  public String run(byte[] payload) {
    try {
      Thread.sleep(micros / 1_000, (int) (micros % 1_000) * 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while working", e);
    }
    return identity;
  }
}
