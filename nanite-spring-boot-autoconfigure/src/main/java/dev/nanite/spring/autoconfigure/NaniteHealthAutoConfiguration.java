package dev.nanite.spring.autoconfigure;

import dev.nanite.Mapper;
import dev.nanite.internal.dispatch.ActorIndex;
import java.util.List;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator named {@code nanite} for the mapper, when the application has Boot's health
 * support; {@code management.health.nanite.enabled=false} turns it off.
 */
@AutoConfiguration(after = NaniteAutoConfiguration.class)
@ConditionalOnClass({Mapper.class, HealthIndicator.class})
@ConditionalOnBean(Mapper.class)
@ConditionalOnEnabledHealthIndicator("nanite")
public class NaniteHealthAutoConfiguration implements BeanClassLoaderAware {
  private ClassLoader classLoader;

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** The indicator, over every path of the actors in the application's index. */
  @Bean
  @ConditionalOnMissingBean(name = "naniteHealthIndicator")
  public NaniteHealthIndicator naniteHealthIndicator(Mapper mapper) {
    List<String> paths = ActorIndex.load(classLoader).actors().values().stream()
        .flatMap(actor -> actor.paths().stream())
        .map(ActorIndex.Path::path)
        .sorted()
        .toList();
    return new NaniteHealthIndicator(mapper, paths);
  }
}
