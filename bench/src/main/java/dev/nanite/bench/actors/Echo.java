package dev.nanite.bench.actors;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** The request/reply and push benchmarks' contract: bytes in, the same bytes out. */
@Actor
public interface Echo {
  /** Answers with {@code payload}. */
  @Expose
  byte[] echo(byte[] payload);

  /** Takes {@code payload} and answers nothing: the push benchmark's sink. */
  @Expose
  void take(byte[] payload);
}
