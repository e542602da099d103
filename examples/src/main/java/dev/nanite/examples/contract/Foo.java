package dev.nanite.examples.contract;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/**
 * The seed's {@code Foo#bar}, as a contract: an interface that the agent build implements and
 * the mapper build calls through the generated {@code FooClient}, without depending on agent
 * code.
 */
@Actor
public interface Foo {
  /**
   * Advertised as {@code /foo/bar}: answers with a greeting for {@code payload}. Idempotent, so
   * a call whose agent dies before answering is re-sent to another agent.
   */
  @Expose(idempotent = true)
  String bar(String payload);
}
