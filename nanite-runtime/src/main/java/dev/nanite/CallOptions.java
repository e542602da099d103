package dev.nanite;

import java.time.Duration;
import java.util.Set;

/**
 * Per-call settings: deadline, required tags, persistence, offline parking and metadata.
 *
 * <pre>{@code
 * mock.list("x", Selector.LEAST_LOADED,
 *     CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)).withTags("eu", "gpu"));
 * }</pre>
 *
 * <p>Immutable: every {@code with} method returns a copy. Unset values fall back to the mapper's
 * defaults.
 */
public final class CallOptions {
  /** No per-call settings: the mapper's defaults apply. */
  public static final CallOptions DEFAULT =
      new CallOptions(null, Set.of(), null, false, Metadata.EMPTY);

  private final Duration timeout;
  private final Set<String> tags;
  private final Boolean persistent;
  private final boolean offline;
  private final Metadata metadata;

  private CallOptions(Duration timeout, Set<String> tags, Boolean persistent, boolean offline,
      Metadata metadata) {
    this.timeout = timeout;
    this.tags = tags;
    this.persistent = persistent;
    this.offline = offline;
    this.metadata = metadata;
  }

  /**
   * The call fails with {@link RequestTimeoutException} (or, for {@link Selector#ALL}, reports the
   * agents that did not answer) once this much time has passed.
   */
  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(Checks.positive("timeout", timeout), tags, persistent, offline,
        metadata);
  }

  /** Only agents that registered with every one of these tags are considered. */
  public CallOptions withTags(String... tags) {
    for (String tag : tags) {
      Checks.nonBlank("a tag", tag);
    }
    return new CallOptions(timeout, Set.of(tags), persistent, offline, metadata);
  }

  /**
   * Whether the request message is published persistent (survives a broker restart on durable
   * queues). Unset means the mapper's default.
   */
  public CallOptions withPersistent(boolean persistent) {
    return new CallOptions(timeout, tags, persistent, offline, metadata);
  }

  /**
   * Whether a call for a path that no agent serves right now waits, until its deadline, for an
   * agent to register instead of failing at once (the offline failsafe).
   */
  public CallOptions withOffline(boolean offline) {
    return new CallOptions(timeout, tags, persistent, offline, metadata);
  }

  /** The call carries {@code metadata}, with the entries set before (its values win). */
  public CallOptions withMetadata(Metadata metadata) {
    return new CallOptions(timeout, tags, persistent, offline, this.metadata.withAll(metadata));
  }

  /** The call carries {@code key} = {@code value} in its metadata. */
  public CallOptions withMetadata(String key, String value) {
    return new CallOptions(timeout, tags, persistent, offline, metadata.with(key, value));
  }

  /** The deadline, or null for the mapper's default. */
  public Duration timeout() {
    return timeout;
  }

  /** The tags an agent must carry; empty means any agent. */
  public Set<String> tags() {
    return tags;
  }

  /** Whether the request is persistent, or null for the mapper's default. */
  public Boolean persistent() {
    return persistent;
  }

  /** Whether the call may wait for an agent to appear. */
  public boolean offline() {
    return offline;
  }

  /** The metadata the call carries. */
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "CallOptions{timeout="
        + timeout
        + ", tags="
        + tags
        + ", persistent="
        + persistent
        + ", offline="
        + offline
        + (metadata.isEmpty() ? "" : ", metadata=" + metadata)
        + "}";
  }
}
