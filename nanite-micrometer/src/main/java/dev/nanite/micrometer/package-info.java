/**
 * Micrometer meters for Nanite: {@link dev.nanite.micrometer.MapperMetrics} for a mapper's calls
 * and agents, {@link dev.nanite.micrometer.AgentMetrics} for the calls an agent serves. Each is a
 * {@code MeterBinder}, for any registry (Prometheus, OTLP, JMX, ...) and for frameworks that
 * bind them by themselves. Meter names and tags: docs/metrics.md.
 */
package dev.nanite.micrometer;
