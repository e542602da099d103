package dev.nanite.it.security;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/**
 * What the honest agents of the hostile suite serve: calls whose results say who ran them and
 * how often, so that a test can tell a forged answer or a request run twice from the real thing.
 */
@Actor
public interface Safe {
  /** The identity of the agent that answers. */
  @Expose
  String whoami();

  /** Runs a deposit: answers how many times {@code id} has now run on this agent (1, honestly). */
  @Expose
  int deposit(String id);

  /** How many times {@code id} has run on this agent, without running it. */
  @Expose
  int runs(String id);

  /**
   * Creates the file {@code <release>.started}, waits until the file {@code release} exists
   * (at most {@code maxMillis}), then answers the agent's identity: a call the test holds in
   * flight for as long as it needs, and knows the agent has taken.
   */
  @Expose
  String hold(String release, int maxMillis);
}
