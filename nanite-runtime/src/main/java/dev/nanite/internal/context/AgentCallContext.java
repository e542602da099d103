package dev.nanite.internal.context;

import com.google.protobuf.ByteString;
import dev.nanite.CallContext;
import dev.nanite.Metadata;
import dev.nanite.internal.protocol.Request;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one request an agent runs, built from the request as it arrived. The metadata
 * is read from the packet when first asked for: most calls carry none, and most actors never
 * look. Thread-safe.
 */
public final class AgentCallContext implements CallContext {
  private static final Logger log = LoggerFactory.getLogger(AgentCallContext.class);

  private final Request request;
  private final String account;
  private final String agent;
  private final Cancellation cancellation;
  private volatile Metadata metadata;

  public AgentCallContext(Request request, String account, String agent) {
    this(request, account, agent, new Cancellation(), null);
  }

  private AgentCallContext(Request request, String account, String agent,
      Cancellation cancellation, Metadata metadata) {
    this.request = request;
    this.account = account == null ? "" : account;
    this.agent = agent;
    this.cancellation = cancellation;
    this.metadata = metadata;
  }

  /** The cancellation the call and every copy of this context share. */
  public Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public String path() {
    return request.getPath();
  }

  @Override
  public String callId() {
    return request.getToken();
  }

  @Override
  public String caller() {
    return request.getMapper();
  }

  @Override
  public String account() {
    return account;
  }

  @Override
  public String agent() {
    return agent;
  }

  @Override
  public Optional<Instant> deadline() {
    long millis = request.getDeadlineUnixMillis();
    return millis > 0 ? Optional.of(Instant.ofEpochMilli(millis)) : Optional.empty();
  }

  @Override
  public Metadata metadata() {
    Metadata read = metadata;
    if (read == null) {
      read = read(request.getMetadataMap());
      metadata = read;
    }
    return read;
  }

  @Override
  public boolean isCancelled() {
    return cancellation.isCancelled();
  }

  @Override
  public Optional<String> cancellationReason() {
    return cancellation.reason();
  }

  @Override
  public void onCancel(Runnable listener) {
    cancellation.onCancel(listener);
  }

  @Override
  public CallContext withMetadata(Metadata more) {
    return new AgentCallContext(request, account, agent, cancellation, metadata().withAll(more));
  }

  /**
   * The metadata of a request, entry by entry: an entry another program sent that Metadata
   * does not allow (a key with upper-case letters, say) is left out and logged, not fatal.
   */
  public static Metadata read(Map<String, ByteString> entries) {
    Metadata read = Metadata.EMPTY;
    for (Map.Entry<String, ByteString> entry : entries.entrySet()) {
      try {
        read = entry.getKey().endsWith("-bin")
            ? read.withBinary(entry.getKey(), entry.getValue().toByteArray())
            : read.with(entry.getKey(), entry.getValue().toStringUtf8());
      } catch (IllegalArgumentException e) {
        log.debug("Left out a metadata entry: {}", e.getMessage());
      }
    }
    return read;
  }

  @Override
  public String toString() {
    return "call " + callId() + " of " + path() + " from " + caller();
  }
}
