package dev.nanite.opentelemetry;

import dev.nanite.Metadata;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's {@link Metadata} as the carrier of OpenTelemetry's propagators. The W3C keys
 * ({@code traceparent}, {@code tracestate}, {@code baggage}) are valid metadata keys as they
 * are, and so are the other common propagators' (B3's, Jaeger's) once in lower case, which
 * metadata keys are: both directions lower-case the propagator's keys.
 */
final class MetadataCarrier {
  private static final Logger log = LoggerFactory.getLogger(MetadataCarrier.class);

  /**
   * Reads a call's metadata: on the agent, or the metadata a call inherited, on the mapper. It
   * lists no keys (a deprecated part of the getter that only propagators reading prefixed keys,
   * such as Jaeger's baggage, need).
   */
  static final TextMapGetter<Metadata> GETTER = (carrier, key) ->
      carrier == null || key == null ? null
          : carrier.get(key.toLowerCase(Locale.ROOT)).orElse(null);

  /**
   * Adds what a propagator injects to the metadata in {@code carrier[0]} (Metadata is
   * immutable, so the carrier is the one-element array that holds the latest copy).
   */
  static final TextMapSetter<Metadata[]> SETTER = (carrier, key, value) -> {
    if (carrier == null || key == null || value == null) {
      return;
    }
    try {
      carrier[0] = carrier[0].with(key.toLowerCase(Locale.ROOT), value);
    } catch (IllegalArgumentException e) {
      // Not a key Metadata takes, or over its size: that field is lost, not the call.
      log.debug("Left out the propagation field '{}': {}", key, e.getMessage());
    }
  };

  private MetadataCarrier() {}
}
