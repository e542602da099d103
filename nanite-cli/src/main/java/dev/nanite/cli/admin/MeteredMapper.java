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
   * Starts a mapper on {@code broker} with calls timed out after {@code timeout}.
   *
   * @throws dev.nanite.BrokerUnavailableException if the broker cannot be reached
   */
  public static MeteredMapper start(String broker, Duration timeout) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NaniteMetrics metrics = new NaniteMetrics(registry);
    Mapper mapper = Mapper.builder().uri(broker).requestTimeout(timeout).observer(metrics).start();
    metrics.bindAgents(mapper);
    return new MeteredMapper(mapper, registry);
  }
}
