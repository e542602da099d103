package dev.nanite.cli.admin;

import dev.nanite.Mapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * A mapper whose calls and agents are counted in a Prometheus registry, as the control tower
 * serves them on {@code /metrics}: what {@code nanite admin} and {@code nanite mapper} start.
 *
 * @param mapper the running mapper
 * @param registry the meters of its calls and agents
 */
public record MeteredMapper(Mapper mapper, PrometheusMeterRegistry registry) {

  /**
   * Starts the mapper of {@code builder}, its broker set, with calls timed out after {@code
   * timeout}.
   *
   * @throws dev.nanite.BrokerUnavailableException if the broker cannot be reached
   * @throws IllegalArgumentException if the broker's settings do not go together
   */
  public static MeteredMapper start(Mapper.Builder builder, Duration timeout) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NaniteMetrics metrics = new NaniteMetrics(registry);
    Mapper mapper = builder.requestTimeout(timeout).observer(metrics).start();
    metrics.bindAgents(mapper);
    return new MeteredMapper(mapper, registry);
  }
}
