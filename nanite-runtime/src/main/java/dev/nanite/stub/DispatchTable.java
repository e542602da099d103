package dev.nanite.stub;

import dev.nanite.Endpoint;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The paths of one actor type and how to call them, without reflection: the base class of the
 * generated {@code *Dispatch} classes, which implement {@link #invoke} as a {@code switch} over
 * method ids. Agents find tables through the index nanite-processor writes, decode each request
 * with its endpoint, {@link #invoke} the method, and encode what it returns. Immutable and
 * thread-safe; whether the actor itself is thread-safe is the actor's business.
 *
 * @param <A> the actor type
 */
public abstract class DispatchTable<A> {
  /** The completed stage generated code returns for a {@code void} method. */
  protected static final CompletionStage<Object> VOID = CompletableFuture.completedFuture(null);

  private final Class<A> actorType;
  private final String prefix;
  private final List<Endpoint<?, ?>> endpoints;

  /**
   * @param actorType the {@code @Actor} type, a class or an interface
   * @param prefix the path prefix, such as {@code mock}
   * @param endpoints the actor's endpoints; method id {@code i} is {@code endpoints.get(i)}
   */
  protected DispatchTable(Class<A> actorType, String prefix, List<Endpoint<?, ?>> endpoints) {
    this.actorType = Objects.requireNonNull(actorType, "actorType");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.endpoints = List.copyOf(endpoints);
  }

  /** The {@code @Actor} type, a class or an interface. */
  public final Class<A> actorType() {
    return actorType;
  }

  /** The path prefix, such as {@code mock}. */
  public final String prefix() {
    return prefix;
  }

  /** Every endpoint of the actor, in method-id order. */
  public final List<Endpoint<?, ?>> endpoints() {
    return endpoints;
  }

  /**
   * Creates an actor with its public no-argument constructor; generated for {@code @Actor}
   * classes that have one (throwing no checked exception).
   *
   * @throws UnsupportedOperationException for an {@code @Actor} interface, or a class without
   *     such a constructor
   */
  public A newActor() {
    throw new UnsupportedOperationException(actorType.isInterface()
        ? actorType.getName()
            + " is an @Actor interface: create an implementation and register that instance"
        : actorType.getName() + " has no public no-argument constructor its dispatch table can"
            + " call: create it and register that instance");
  }

  /**
   * Calls method {@code id} of {@code actor} in the calling thread with the decoded arguments
   * of its request, and returns what the method returned as a stage ({@link #VOID} for {@code
   * void}); an exception the method throws is thrown on. Generated; called by the runtime.
   *
   * @throws AssertionError if no method has this id
   */
  public abstract CompletionStage<?> invoke(int id, A actor, Args args) throws Throwable;

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + prefix + ")";
  }
}
