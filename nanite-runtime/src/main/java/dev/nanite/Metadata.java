package dev.nanite;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Key-value pairs that travel with a call, beside its arguments: a request id, a tenant, a trace
 * context. Set per call ({@link CallOptions#withMetadata}) or by a {@link MapperInterceptor};
 * read on the agent from the {@link CallContext}, by an {@link AgentInterceptor} or the actor.
 *
 * <pre>{@code
 * mock.list("x", Selector.LEAST_LOADED,
 *     CallOptions.DEFAULT.withMetadata("request-id", "7f3a"));
 * // on the agent, in the actor:
 * String requestId = CallContext.current().metadata().get("request-id").orElse("-");
 * }</pre>
 *
 * <p>Keys are 1 to 64 characters of {@code a-z 0-9 . _ -}. A key ending in {@code -bin} holds
 * bytes ({@link #withBinary}), any other text. Keys starting with {@code nanite-} are the
 * runtime's own, and {@code traceparent}, {@code tracestate} and {@code baggage} carry W3C
 * trace context (nanite-opentelemetry sets them); docs/protocol.md lists them. All of a call's
 * metadata together may hold at most {@value #MAX_BYTES} bytes of keys and values.
 *
 * <p>Immutable: every {@code with} method returns a copy.
 */
public final class Metadata {
  /** No metadata. */
  public static final Metadata EMPTY = new Metadata(Map.of());

  /** The most bytes, keys and values together, that one call's metadata may hold. */
  public static final int MAX_BYTES = 8192;

  /** The prefix of the keys the runtime itself uses. */
  public static final String RESERVED_PREFIX = "nanite-";

  private static final Pattern KEY = Pattern.compile("[a-z0-9._-]{1,64}");

  private final Map<String, byte[]> entries;

  private Metadata(Map<String, byte[]> entries) {
    this.entries = entries;
  }

  /** A copy with {@code key} set to the text {@code value}. */
  public Metadata with(String key, String value) {
    checkKey(key);
    if (key.endsWith("-bin")) {
      throw new IllegalArgumentException("metadata key '" + key + "' ends in -bin, which holds"
          + " bytes: set it with withBinary");
    }
    return put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy with {@code key}, which must end in {@code -bin}, set to {@code value}. */
  public Metadata withBinary(String key, byte[] value) {
    checkKey(key);
    if (!key.endsWith("-bin")) {
      throw new IllegalArgumentException("metadata key '" + key + "' holds text: binary values"
          + " go under a key ending in -bin");
    }
    return put(key, value.clone());
  }

  /** A copy with every entry of {@code other} set here too (its values win). */
  public Metadata withAll(Metadata other) {
    if (other.entries.isEmpty()) {
      return this;
    }
    if (entries.isEmpty()) {
      return other;
    }
    TreeMap<String, byte[]> merged = new TreeMap<>(entries);
    merged.putAll(other.entries);
    return checked(merged);
  }

  /** A copy without {@code key}. */
  public Metadata without(String key) {
    if (!entries.containsKey(key)) {
      return this;
    }
    TreeMap<String, byte[]> left = new TreeMap<>(entries);
    left.remove(key);
    return left.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(left));
  }

  /** The text under {@code key}; empty if there is none. */
  public Optional<String> get(String key) {
    byte[] value = entries.get(key);
    return value == null ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  /** The bytes under {@code key}; empty if there is none. */
  public Optional<byte[]> getBinary(String key) {
    byte[] value = entries.get(key);
    return value == null ? Optional.empty() : Optional.of(value.clone());
  }

  /** Every key, in order. */
  public Set<String> keys() {
    // Entries are kept in a TreeMap (or are none), so the view is already in order.
    return Collections.unmodifiableSet(entries.keySet());
  }

  /** Whether there is no entry. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private Metadata put(String key, byte[] value) {
    TreeMap<String, byte[]> copy = new TreeMap<>(entries);
    copy.put(key, value);
    return checked(copy);
  }

  private static Metadata checked(TreeMap<String, byte[]> entries) {
    int bytes = 0;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      bytes += entry.getKey().length() + entry.getValue().length;
    }
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException("metadata of " + bytes + " bytes is over the limit of "
          + MAX_BYTES + " (keys " + entries.keySet() + ")");
    }
    return new Metadata(Collections.unmodifiableMap(entries));
  }

  private static void checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("metadata key '" + key + "' is not 1 to 64 characters"
          + " of a-z 0-9 . _ -");
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (String key : keys()) {
      out.append(out.length() > 1 ? ", " : "").append(key).append('=');
      out.append(key.endsWith("-bin") ? entries.get(key).length + " bytes"
          : new String(entries.get(key), StandardCharsets.UTF_8));
    }
    return out.append('}').toString();
  }
}
