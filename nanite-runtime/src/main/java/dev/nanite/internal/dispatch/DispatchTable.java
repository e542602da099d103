package dev.nanite.internal.dispatch;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Endpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The paths of one actor type and how to call them, without reflection. Generated subclasses
 * ({@code MockDispatch}) implement {@link #invoke} as a {@code switch} over method ids; this base
 * class decodes the arguments, runs the call and encodes the result. Immutable and thread-safe;
 * whether the actor itself is thread-safe is the actor's business.
 *
 * @param <A> the actor type
 */
public abstract class DispatchTable<A> {
  /** The completed stage generated code returns for a {@code void} method. */
  protected static final CompletionStage<Object> VOID = CompletableFuture.completedFuture(null);

  private final Class<A> actorType;
  private final String prefix;
  private final List<Endpoint<?, ?>> endpoints;
  private final Map<String, Integer> idsByPath = new HashMap<>();

  /**
   * @param endpoints the actor's endpoints; method id {@code i} is {@code endpoints.get(i)}
   */
  protected DispatchTable(Class<A> actorType, String prefix, List<Endpoint<?, ?>> endpoints) {
    this.actorType = Objects.requireNonNull(actorType, "actorType");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.endpoints = List.copyOf(endpoints);
    for (int i = 0; i < this.endpoints.size(); i++) {
      idsByPath.put(this.endpoints.get(i).path(), i);
    }
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

  /** The method id of {@code path}, or -1 if this actor does not serve it. */
  public final int id(String path) {
    Integer id = idsByPath.get(path);
    return id == null ? -1 : id;
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
   * Calls method {@code id} of {@code actor} with its decoded request, returning what the method
   * returned as a stage ({@link #VOID} for {@code void}). Generated.
   */
  protected abstract CompletionStage<?> invoke(int id, A actor, Object request) throws Throwable;

  /**
   * Decodes {@code args}, calls method {@code id} on {@code actor} in the calling thread, and
   * encodes the result. The future fails with a {@link DispatchException} when the arguments do
   * not decode or the result cannot be encoded, and with the actor's own exception when the
   * method throws.
   */
  public final CompletableFuture<ByteString> call(A actor, int id, ByteString args) {
    Endpoint<?, ?> endpoint = endpoints.get(id);
    return call(endpoint, actor, id, args);
  }

  private <Q, R> CompletableFuture<ByteString> call(
      Endpoint<Q, R> endpoint, A actor, int id, ByteString args) {
    Q request;
    try {
      request = endpoint.requestMarshaller().decode(args);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new DispatchException(
              DispatchException.Kind.BAD_ARGUMENTS,
              "the arguments of " + endpoint.path() + " do not decode: " + e.getMessage(),
              e));
    }
    CompletionStage<?> stage;
    try {
      stage = invoke(id, actor, request);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              actorType.getName() + " returned a null future for " + endpoint.path()));
    }
    return stage
        .toCompletableFuture()
        .handle(
            (result, error) -> {
              if (error != null) {
                throw error instanceof CompletionException
                    ? (CompletionException) error
                    : new CompletionException(error);
              }
              return encodeResult(endpoint, result);
            });
  }

  @SuppressWarnings("unchecked")
  private static <R> ByteString encodeResult(Endpoint<?, R> endpoint, Object result) {
    try {
      return endpoint.responseMarshaller().encode((R) result);
    } catch (RuntimeException e) {
      throw new CompletionException(
          new DispatchException(
              DispatchException.Kind.BAD_RESULT,
              "the result of " + endpoint.path() + " cannot be encoded: " + e.getMessage(),
              e));
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + idsByPath.keySet();
  }
}
