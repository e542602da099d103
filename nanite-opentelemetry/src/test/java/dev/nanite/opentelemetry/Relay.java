package dev.nanite.opentelemetry;

import dev.nanite.CallContext;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import io.opentelemetry.api.trace.Tracer;

/**
 * The tests' actor: answers, fails, opens a span of its own, and calls itself on through a
 * mapper, so that the tests can see each span nest where it should.
 */
@Actor("relay")
public class Relay {
  private final Tracer tracer;
  private final Mapper onward;
  private final Mapper untraced;

  /**
   * @param tracer opens the actor's own {@code work} span
   * @param onward the traced mapper {@link #forward} calls through, or null where it is not
   *     called
   * @param untraced the mapper without tracing {@link #forwardUntraced} calls through, or null
   */
  public Relay(Tracer tracer, Mapper onward, Mapper untraced) {
    this.tracer = tracer;
    this.onward = onward;
    this.untraced = untraced;
  }

  /** Greets, inside a span of its own that should be a child of the agent's span. */
  @Expose
  public String hello(String name) {
    tracer.spanBuilder("work").startSpan().end();
    return "hello " + name;
  }

  /** The {@code traceparent} the actor's call carries, as calls the actor makes inherit it. */
  @Expose
  public String traceparent() {
    return CallContext.current().metadata().get("traceparent").orElse("(none)");
  }

  /** Fails with {@code why}. */
  @Expose
  public String fail(String why) {
    throw new IllegalStateException(why);
  }

  /**
   * Calls {@code /relay/hello} on through the mapper, with the agent's tag: a call made by an
   * actor, which inherits its call's metadata.
   */
  @Expose
  public String forward(String tag) {
    return new RelayClient(onward).hello("again", Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTags(tag)).join();
  }

  /** Like {@link #forward}, through a mapper that does not trace. */
  @Expose
  public String forwardUntraced(String tag) {
    return new RelayClient(untraced).hello("untraced", Selector.LEAST_LOADED,
        CallOptions.DEFAULT.withTags(tag)).join();
  }
}
