package dev.nanite;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;

/**
 * The request and response messages of one path, as the agents serving it advertise them, so
 * that a tool without the actor's classes (a shell, a web console) can build requests and read
 * replies:
 *
 * <pre>{@code
 * PathSchema schema = mapper.schema("/mock/list").orElseThrow();
 * DynamicMessage request = DynamicMessage.newBuilder(schema.requestType())
 *     .setField(schema.requestType().findFieldByName("filter"), "x")
 *     .build();
 * mapper.request(schema.endpoint(), request, Selector.LEAST_LOADED, CallOptions.DEFAULT)
 *     .thenAccept(response -> System.out.println(response));
 * }</pre>
 *
 * <p>Calls through {@link #endpoint()} carry the schema's fingerprint, so they only reach agents
 * that advertise this very signature. Immutable and thread-safe.
 */
public final class PathSchema {
  private final String path;
  private final String fingerprint;
  private final boolean idempotent;
  private final Descriptor requestType;
  private final Descriptor responseType;
  private final Endpoint<DynamicMessage, DynamicMessage> endpoint;

  private PathSchema(String path, String fingerprint, boolean idempotent, Descriptor requestType,
      Descriptor responseType) {
    this.path = Paths.requireValid(path);
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    this.idempotent = idempotent;
    this.requestType = Objects.requireNonNull(requestType, "requestType");
    this.responseType = Objects.requireNonNull(responseType, "responseType");
    this.endpoint = Endpoint.of(path, fingerprint, idempotent, new Codec(requestType),
        new Codec(responseType));
  }

  /** A schema; the runtime builds these from what agents advertise. */
  public static PathSchema of(String path, String fingerprint, boolean idempotent,
      Descriptor requestType, Descriptor responseType) {
    return new PathSchema(path, fingerprint, idempotent, requestType, responseType);
  }

  /** The path, such as {@code /mock/list}. */
  public String path() {
    return path;
  }

  /** The signature fingerprint the agents advertise for the path. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Whether the method may run more than once for one request. */
  public boolean idempotent() {
    return idempotent;
  }

  /** The request message: field <i>n</i> is parameter <i>n</i> of the method. */
  public Descriptor requestType() {
    return requestType;
  }

  /** The response message: field 1 is the result; a {@code void} method's has no fields. */
  public Descriptor responseType() {
    return responseType;
  }

  /** An endpoint that sends and receives {@link DynamicMessage}s of this schema's types. */
  public Endpoint<DynamicMessage, DynamicMessage> endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return path + " (" + requestType.getFullName() + ") -> " + responseType.getFullName()
        + " [" + fingerprint + (idempotent ? ", idempotent" : "") + "]";
  }

  /** Encodes and decodes dynamic messages of one type. */
  private record Codec(Descriptor type) implements Marshaller<DynamicMessage> {
    @Override
    public ByteString encode(DynamicMessage value) {
      Objects.requireNonNull(value, "message");
      if (!value.getDescriptorForType().getFullName().equals(type.getFullName())) {
        throw new IllegalArgumentException("expected a " + type.getFullName() + " message, got a "
            + value.getDescriptorForType().getFullName());
      }
      return value.toByteString();
    }

    @Override
    public DynamicMessage decode(ByteString bytes) throws InvalidProtocolBufferException {
      return DynamicMessage.parseFrom(type, bytes);
    }
  }
}
