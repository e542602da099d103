package dev.nanite;

import java.util.concurrent.CompletableFuture;

/**
 * The mapper side of a call: what generated typed clients call to reach agents.
 *
 * <p>Every returned future completes, by the call's deadline at the latest, with the result or a
 * {@link NaniteException} that says what went wrong. Implementations are thread-safe.
 */
public interface Requester {

  /** Sends {@code request} to the one agent {@code selector} picks and returns its result. */
  <Q, R> CompletableFuture<R> request(
      Endpoint<Q, R> endpoint, Q request, Selector.Single selector, CallOptions options);

  /** Sends {@code request} to every agent serving the path and returns all their replies. */
  <Q, R> CompletableFuture<Replies<R>> requestAll(
      Endpoint<Q, R> endpoint, Q request, Selector.All selector, CallOptions options);

  /**
   * Sends {@code request} without waiting for a result (Nanite's push). The future completes when
   * the broker has accepted the message, or fails if no agent serves the path.
   */
  <Q> CompletableFuture<Void> push(
      Endpoint<Q, ?> endpoint, Q request, Selector selector, CallOptions options);
}
