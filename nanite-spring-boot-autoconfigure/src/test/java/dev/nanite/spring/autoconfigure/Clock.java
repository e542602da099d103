package dev.nanite.spring.autoconfigure;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** The tests' actor interface, which a bean implements: the agent must find it by interface. */
@Actor
public interface Clock {
  /** Answers the clock's name. */
  @Expose
  String zone();
}
