package dev.nanite.spring.autoconfigure;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** The tests' actor, a bean whose dependency Spring injects. */
@Actor
public class Greeter {
  private final String greeting;

  /** A greeter that greets with {@code greeting}. */
  public Greeter(String greeting) {
    this.greeting = greeting;
  }

  /** Greets {@code name}. */
  @Expose
  public String greet(String name) {
    return greeting + ", " + name;
  }
}
