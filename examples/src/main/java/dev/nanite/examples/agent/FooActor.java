package dev.nanite.examples.agent;

import dev.nanite.examples.contract.Foo;

/** The agent side of the {@link Foo} contract. */
public class FooActor implements Foo {
  private final String identity;

  /** An actor that names {@code identity}, its agent, in its answers. */
  public FooActor(String identity) {
    this.identity = identity;
  }

  @Override
  public String bar(String payload) {
    return "bar(" + payload + ") from " + identity;
  }
}
