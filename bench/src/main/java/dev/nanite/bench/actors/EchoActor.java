package dev.nanite.bench.actors;

import java.util.concurrent.atomic.LongAdder;

/** {@link Echo} on an agent, counting what it takes. */
public final class EchoActor implements Echo {
  private final LongAdder taken;

  /** @param taken counts {@link #take} calls, shared by every agent of a run */
  public EchoActor(LongAdder taken) {
    this.taken = taken;
  }

  @Override
  public byte[] echo(byte[] payload) {
    return payload;
  }

  @Override
  public void take(byte[] payload) {
    taken.increment();
  }
}
