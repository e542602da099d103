package dev.nanite.spring.autoconfigure;

import dev.nanite.Mapper;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures Nanite from the {@code nanite.*} properties ({@link NaniteProperties}): a
 * {@link Mapper} when {@code nanite.uri} is set, and, when {@code nanite.agent.enabled=true}, an
 * agent hosting the application's actor beans ({@link NaniteAgentLifecycle}). The typed clients
 * come from {@link NaniteClientsAutoConfiguration}, which runs after this one so that it sees
 * the mapper.
 */
@AutoConfiguration
@ConditionalOnClass(Mapper.class)
@EnableConfigurationProperties(NaniteProperties.class)
public class NaniteAutoConfiguration {

  /**
   * Checks the properties before any bean uses them, so that a bad value fails start-up with
   * the property's name rather than somewhere in the runtime.
   */
  public NaniteAutoConfiguration(NaniteProperties properties) {
    properties.validate();
  }

  /** The mapper every client bean sends through; closed after the beans that use it. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty("nanite.uri")
  public Mapper naniteMapper(
      NaniteProperties properties, ObjectProvider<NaniteMapperCustomizer> customizers) {
    NaniteProperties.MapperSettings settings = properties.getMapper();
    Mapper.Builder builder = Mapper.builder().uri(properties.getUri());
    if (settings.getRequestTimeout() != null) {
      builder.requestTimeout(settings.getRequestTimeout());
    }
    if (settings.getAgentTimeout() != null) {
      builder.agentTimeout(settings.getAgentTimeout());
    }
    if (settings.getMaxInFlight() != null) {
      builder.maxInFlight(settings.getMaxInFlight());
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    Mapper mapper = builder.start();
    customizers.orderedStream().forEach(customizer -> customizer.started(mapper));
    return mapper;
  }

  /**
   * The agent hosting the application's actor beans, started once the context is ready.
   *
   * @throws IllegalStateException if {@code nanite.uri} is not set
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "nanite.agent.enabled", havingValue = "true")
  public NaniteAgentLifecycle naniteAgent(
      NaniteProperties properties,
      ListableBeanFactory beans,
      ObjectProvider<NaniteAgentCustomizer> customizers) {
    if (properties.getUri() == null) {
      throw new IllegalStateException("nanite.agent.enabled=true needs nanite.uri, the broker");
    }
    return new NaniteAgentLifecycle(properties, beans, customizers);
  }
}
