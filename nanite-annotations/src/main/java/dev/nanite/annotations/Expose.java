package dev.nanite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Advertises a public method of an {@link Actor @Actor} type as a path that mappers can call.
 *
 * <pre>{@code
 * @Expose public List<Integer> list(String filter) { ... }          // /mock/list
 * @Expose("reset") public CompletableFuture<Void> clear() { ... }   // /mock/reset, async
 * @Expose(idempotent = true) public Stats stats() { ... }           // may be re-sent elsewhere
 * }</pre>
 *
 * <p>Parameters and the result are carried as protobuf messages (parameter n is field n). The
 * method may return a value, {@code void}, or a {@code CompletableFuture}/{@code CompletionStage}
 * of a value or {@code Void}; an exception it throws reaches the caller as an error reply with
 * the exception's type and message.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Expose {

  /**
   * The last segment of the path. Lowercase letters, digits and underscores, starting with a
   * letter. Empty (the default) means the snake_case method name: {@code listAll} becomes
   * {@code list_all}.
   */
  String value() default "";

  /**
   * Whether running this method twice for one request is harmless. An idempotent request whose
   * agent dies before answering is re-sent to another live agent (at-least-once); any other
   * request then fails with an "agent lost" error instead (at-most-once).
   */
  boolean idempotent() default false;
}
