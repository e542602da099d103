package dev.nanite.internal.dispatch;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Endpoint;
import dev.nanite.stub.Args;
import dev.nanite.stub.DispatchTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Calls the methods of one actor type through its generated {@link DispatchTable}: decodes the
 * arguments, invokes the method by id, and encodes the result. Immutable and thread-safe.
 *
 * @param <A> the actor type
 */
public final class Dispatcher<A> {
  private final DispatchTable<A> table;
  private final List<Endpoint<?, ?>> endpoints;
  private final Map<String, Integer> idsByPath = new HashMap<>();

  private Dispatcher(DispatchTable<A> table) {
    this.table = table;
    this.endpoints = table.endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      idsByPath.put(endpoints.get(i).path(), i);
    }
  }

  /** The dispatcher of {@code table}. */
  public static <A> Dispatcher<A> of(DispatchTable<A> table) {
    return new Dispatcher<>(table);
  }

  /** The generated table. */
  public DispatchTable<A> table() {
    return table;
  }

  /** The {@code @Actor} type, a class or an interface. */
  public Class<A> actorType() {
    return table.actorType();
  }

  /** Every endpoint of the actor, in method-id order. */
  public List<Endpoint<?, ?>> endpoints() {
    return endpoints;
  }

  /** The method id of {@code path}, or -1 if this actor does not serve it. */
  public int id(String path) {
    Integer id = idsByPath.get(path);
    return id == null ? -1 : id;
  }

  /**
   * Decodes {@code args}, calls method {@code id} on {@code actor} in the calling thread, and
   * encodes the result. The future fails with a {@link DispatchException} when the arguments do
   * not decode or the result cannot be encoded, and with the actor's own exception when the
   * method throws.
   */
  public CompletableFuture<ByteString> call(A actor, int id, ByteString args) {
    return call(endpoints.get(id), actor, id, args);
  }

  private <Q, R> CompletableFuture<ByteString> call(
      Endpoint<Q, R> endpoint, A actor, int id, ByteString args) {
    Args request;
    try {
      request = (Args) endpoint.requestMarshaller().decode(args);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new DispatchException(
              DispatchException.Kind.BAD_ARGUMENTS,
              "the arguments of " + endpoint.path() + " do not decode: " + e.getMessage(),
              e));
    }
    CompletionStage<?> stage;
    try {
      stage = table.invoke(id, actor, request);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
    if (stage == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              actorType().getName() + " returned a null future for " + endpoint.path()));
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
    return table.getClass().getSimpleName() + idsByPath.keySet();
  }
}
