package dev.nanite;

import com.google.protobuf.ByteString;
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

  /**
   * An endpoint for calls whose request and response are already protobuf-encoded: no
   * signature check, so any agent serving the path is a candidate.
   */
  public static Endpoint<ByteString, ByteString> untyped(String path) {
    return new Endpoint<>(path, "", false, RAW, RAW);
  }

  private static final Marshaller<ByteString> RAW = new Marshaller<>() {
    @Override
    public ByteString encode(ByteString value) {
      return value == null ? ByteString.EMPTY : value;
    }

    @Override
    public ByteString decode(ByteString bytes) {
      return bytes;
    }
  };

  /** The advertised path, such as {@code /mock/list}. */
  public String path() {
    return path;
  }

  /**
   * A hash of the request and response structure; equal fingerprints mean wire compatibility.
   * Empty for an {@link #untyped} endpoint.
   */
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
