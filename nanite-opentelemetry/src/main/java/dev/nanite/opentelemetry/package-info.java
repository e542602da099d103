/**
 * Tracing for Nanite with OpenTelemetry: start at {@link dev.nanite.opentelemetry.NaniteTelemetry}.
 */
package dev.nanite.opentelemetry;
