package dev.nanite;

import java.util.Objects;

/**
 * One advertised path with how its request and response are encoded and a fingerprint of its
 * signature.
 *
 * <p>Generated {@code *Protocol} classes hold one constant per {@code @Expose} method; typed
 * clients pass them to a {@link Requester}. A mapper routes a typed call only to agents that
 * advertise the same fingerprint for the path, so a client never calls a method whose signature
 * changed underneath it. Immutable and thread-safe.
 *
 * @param <Q> the request message type
 * @param <R> the result type
 */
public final class Endpoint<Q, R> {
  private final String path;
  private final String fingerprint;
  private final boolean idempotent;
  private final Marshaller<Q> request;
  private final Marshaller<R> response;

  private Endpoint(
      String path,
      String fingerprint,
      boolean idempotent,
      Marshaller<Q> request,
      Marshaller<R> response) {
    this.path = Paths.requireValid(path);
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    this.idempotent = idempotent;
    this.request = Objects.requireNonNull(request, "request");
    this.response = Objects.requireNonNull(response, "response");
  }

  /** Creates an endpoint; called by generated code. */
  public static <Q, R> Endpoint<Q, R> of(
      String path,
      String fingerprint,
      boolean idempotent,
      Marshaller<Q> request,
      Marshaller<R> response) {
    return new Endpoint<>(path, fingerprint, idempotent, request, response);
  }

  /** The advertised path, such as {@code /mock/list}. */
  public String path() {
    return path;
  }

  /** A hash of the request and response structure; equal fingerprints mean wire compatibility. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Whether the method may run more than once for one request (see {@code @Expose}). */
  public boolean idempotent() {
    return idempotent;
  }

  /** Encodes and decodes the request message. */
  public Marshaller<Q> requestMarshaller() {
    return request;
  }

  /** Encodes and decodes the result. */
  public Marshaller<R> responseMarshaller() {
    return response;
  }

  @Override
  public String toString() {
    return path + " [" + fingerprint + (idempotent ? ", idempotent" : "") + "]";
  }
}
