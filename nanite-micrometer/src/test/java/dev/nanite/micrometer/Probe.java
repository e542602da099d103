package dev.nanite.micrometer;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The tests' actor: answers, fails, holds a call until the test lets it go, or stalls. */
@Actor
public class Probe {
  private final String identity;
  private final Semaphore gate;

  /** An actor of the agent {@code identity} whose {@link #hold} calls wait for {@code gate}. */
  public Probe(String identity, Semaphore gate) {
    this.identity = identity;
    this.gate = gate;
  }

  /** Answers {@code text}. */
  @Expose
  public String echo(String text) {
    return text;
  }

  /** Answers the agent's identity. */
  @Expose
  public String name() {
    return identity;
  }

  /** Throws an IllegalStateException with {@code message}. */
  @Expose
  public void boom(String message) {
    throw new IllegalStateException(message);
  }

  /** Waits for a permit of the gate, at most {@code millis}; answers whether it got one. */
  @Expose
  public boolean hold(int millis) throws InterruptedException {
    return gate.tryAcquire(millis, TimeUnit.MILLISECONDS);
  }

  /** Sleeps {@code millis}, unless interrupted (a cancelled call is). */
  @Expose
  public String stall(int millis) throws InterruptedException {
    Thread.sleep(millis);
    return identity;
  }
}
