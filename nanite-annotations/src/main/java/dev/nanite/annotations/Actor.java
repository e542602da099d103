package dev.nanite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type whose {@link Expose @Expose} methods an agent advertises to the mappers.
 *
 * <pre>{@code
 * @Actor                       // prefix defaults to the snake_case simple name: "mock"
 * public class Mock {
 *   @Expose public List<Integer> list(String filter) { ... }        // advertised as /mock/list
 * }
 * }</pre>
 *
 * <p>On a <b>class</b>, the annotation names an implementation: the class must be public and
 * concrete; its constructors may take the actor's dependencies, as an agent hosts the instance
 * its application created ({@code Agent.builder().actor(new Mock(db))}). Only creating an actor
 * by class name, as the {@code nanite agent} daemon does, needs a public no-argument constructor
 * or a public static no-argument {@code create()} method returning the actor. On an
 * <b>interface</b>, it names a contract that an agent build and a
 * mapper build can share: the agent registers any implementation of the interface, and the
 * mapper build gets the typed client without depending on agent code.
 *
 * <p>For each actor, {@code nanite-processor} generates, in the actor's package: a dispatch table
 * ({@code MockDispatch}), a typed mapper client ({@code MockClient}), the protocol constants and
 * messages ({@code MockProtocol}), and a protobuf schema under {@code META-INF/nanite/proto/}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Actor {

  /**
   * The path prefix of every method of this actor: {@code "mock"} advertises {@code /mock/...}.
   * Lowercase letters, digits and underscores, starting with a letter. Empty (the default) means
   * the snake_case simple name of the type: {@code ImageResizer} becomes {@code image_resizer}.
   */
  String value() default "";
}
