package dev.nanite.spring.autoconfigure;

import dev.nanite.Agent;
import dev.nanite.Mapper;
import dev.nanite.micrometer.AgentMetrics;
import dev.nanite.micrometer.MapperMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * nanite-micrometer's meters for the auto-configured mapper and agent, when it and Micrometer
 * are on the class path. The meters are {@code MeterBinder} beans, which Boot's metrics support
 * binds to every registry it has; the customizers wire them into the mapper and the agent.
 */
@AutoConfiguration(before = NaniteAutoConfiguration.class)
@ConditionalOnClass({Mapper.class, MapperMetrics.class, MeterRegistry.class})
public class NaniteMetricsAutoConfiguration {

  /** The mapper's meters: nanite.mapper.calls, call duration, in flight, agents... */
  @Bean
  @ConditionalOnMissingBean
  public MapperMetrics naniteMapperMetrics() {
    return new MapperMetrics();
  }

  /** Makes the mapper's meters observe its calls and read its counters. */
  @Bean
  public NaniteMapperCustomizer naniteMapperMetricsCustomizer(MapperMetrics metrics) {
    return new NaniteMapperCustomizer() {
      @Override
      public void customize(Mapper.Builder builder) {
        builder.observer(metrics);
      }

      @Override
      public void started(Mapper mapper) {
        metrics.monitor(mapper);
      }
    };
  }

  /** The agent's meters: nanite.agent.calls, call duration, in flight, waiting... */
  @Bean
  @ConditionalOnMissingBean
  public AgentMetrics naniteAgentMetrics() {
    return new AgentMetrics();
  }

  /** Makes the agent's meters intercept its calls and read its counters. */
  @Bean
  public NaniteAgentCustomizer naniteAgentMetricsCustomizer(AgentMetrics metrics) {
    return new NaniteAgentCustomizer() {
      @Override
      public void customize(Agent.Builder builder) {
        builder.interceptor(metrics);
      }

      @Override
      public void started(Agent agent) {
        metrics.monitor(agent);
      }
    };
  }
}
