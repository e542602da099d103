package dev.nanite.opentelemetry;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished span as one line of text, how the two-JVM test's agent hands its spans to the
 * test: {@code SPAN<tab>name<tab>kind<tab>trace id<tab>span id<tab>parent span id<tab>status}
 * then a {@code key=value} field per attribute.
 */
record SpanLine(String name, String kind, String traceId, String spanId, String parentSpanId,
    String status, Map<String, String> attributes) {
  static final String PREFIX = "SPAN\t";

  static String format(SpanData span) {
    StringBuilder line = new StringBuilder(PREFIX).append(span.getName())
        .append('\t').append(span.getKind())
        .append('\t').append(span.getTraceId())
        .append('\t').append(span.getSpanId())
        .append('\t').append(span.getParentSpanId())
        .append('\t').append(span.getStatus().getStatusCode());
    span.getAttributes().forEach((key, value) ->
        line.append('\t').append(key.getKey()).append('=').append(value));
    return line.toString();
  }

  static SpanLine parse(String line) {
    String[] fields = line.substring(PREFIX.length()).split("\t");
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 6; i < fields.length; i++) {
      int eq = fields[i].indexOf('=');
      attributes.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
    }
    return new SpanLine(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
        attributes);
  }
}
