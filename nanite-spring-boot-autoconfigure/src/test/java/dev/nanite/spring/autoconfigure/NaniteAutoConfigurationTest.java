package dev.nanite.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nanite.Mapper;
import dev.nanite.broker.EmbeddedBroker;
import dev.nanite.micrometer.AgentMetrics;
import dev.nanite.micrometer.MapperMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration's conditions, over one embedded broker for the class. */
class NaniteAutoConfigurationTest {
  private static EmbeddedBroker broker;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          NaniteAutoConfiguration.class,
          NaniteClientsAutoConfiguration.class,
          NaniteHealthAutoConfiguration.class,
          NaniteMetricsAutoConfiguration.class));

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void noUriNoMapperNorClients() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(Mapper.class);
      assertThat(context).doesNotHaveBean(GreeterClient.class);
      assertThat(context).doesNotHaveBean(NaniteAgentLifecycle.class);
    });
  }

  @Test
  void noRuntimeNoBeans() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.agent.enabled=true")
        .withClassLoader(new FilteredClassLoader(Mapper.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(NaniteProperties.class);
          assertThat(context).doesNotHaveBean(NaniteAgentLifecycle.class);
        });
  }

  @Test
  void propertiesBound() {
    runner.withPropertyValues(
            "nanite.mapper.request-timeout=7s",
            "nanite.mapper.agent-timeout=20s",
            "nanite.mapper.max-in-flight=64",
            "nanite.agent.identity=bound",
            "nanite.agent.tags=a,b",
            "nanite.agent.ping-interval=2s",
            "nanite.agent.prefetch=8")
        .run(context -> {
          NaniteProperties properties = context.getBean(NaniteProperties.class);
          assertThat(properties.getUri()).isNull();
          assertThat(properties.getMapper().getRequestTimeout()).isEqualTo(Duration.ofSeconds(7));
          assertThat(properties.getMapper().getAgentTimeout()).isEqualTo(Duration.ofSeconds(20));
          assertThat(properties.getMapper().getMaxInFlight()).isEqualTo(64);
          assertThat(properties.getAgent().isEnabled()).isFalse();
          assertThat(properties.getAgent().getIdentity()).isEqualTo("bound");
          assertThat(properties.getAgent().getTags()).containsExactly("a", "b");
          assertThat(properties.getAgent().getPingInterval()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.getAgent().getPrefetch()).isEqualTo(8);
        });
  }

  @Test
  void uriGivesMapperAndClientBeans() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.mapper.request-timeout=5s")
        .run(context -> {
          assertThat(context).hasSingleBean(Mapper.class);
          assertThat(context).hasSingleBean(GreeterClient.class);
          assertThat(context.getBean(Mapper.class).isConnected()).isTrue();
          assertThat(context).doesNotHaveBean(NaniteAgentLifecycle.class);
        });
  }

  @Test
  void applicationMapperIsKept() {
    runner.withPropertyValues("nanite.uri=" + broker.uri())
        .withUserConfiguration(OwnMapper.class)
        .run(context -> {
          assertThat(context).hasSingleBean(Mapper.class);
          assertThat(context.getBean(Mapper.class).identity()).isEqualTo("own-mapper");
          assertThat(context).hasSingleBean(GreeterClient.class);
        });
  }

  @Test
  void agentServesActorBeansThroughClientBean() {
    runner.withPropertyValues(
            "nanite.uri=" + broker.uri(),
            "nanite.agent.enabled=true",
            "nanite.agent.identity=spring-agent",
            "nanite.agent.tags=spring,test")
        .withUserConfiguration(GreeterBean.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          NaniteAgentLifecycle lifecycle = context.getBean(NaniteAgentLifecycle.class);
          assertThat(lifecycle.isRunning()).isTrue();
          assertThat(lifecycle.agent().identity()).isEqualTo("spring-agent");
          assertThat(lifecycle.agent().paths()).contains("/greeter/greet");
          Mapper mapper = context.getBean(Mapper.class);
          assertThat(mapper.awaitAgents("/greeter/greet", 1, Duration.ofSeconds(10))).isTrue();
          String reply = context.getBean(GreeterClient.class).greet("Boot")
              .get(10, TimeUnit.SECONDS);
          assertThat(reply).isEqualTo("Hello, Boot");
        });
  }

  @Test
  void agentServesBeanImplementingActorInterface() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.agent.enabled=true")
        .withUserConfiguration(ClockBean.class)
        .run(context -> {
          NaniteAgentLifecycle lifecycle = context.getBean(NaniteAgentLifecycle.class);
          assertThat(lifecycle.agent().paths()).containsExactly("/clock/zone");
          Mapper mapper = context.getBean(Mapper.class);
          assertThat(mapper.awaitAgents("/clock/zone", 1, Duration.ofSeconds(10))).isTrue();
          assertThat(context.getBean(ClockClient.class).zone().get(10, TimeUnit.SECONDS))
              .isEqualTo("UTC");
        });
  }

  @Test
  void closingContextUnregistersAgent() throws Exception {
    try (Mapper watcher = Mapper.builder().uri(broker.uri()).start()) {
      runner.withPropertyValues(
              "nanite.uri=" + broker.uri(),
              "nanite.agent.enabled=true",
              "nanite.agent.identity=leaving-agent")
          .withUserConfiguration(GreeterBean.class)
          .run(context -> assertThat(
                  watcher.awaitAgents("/greeter/greet", 1, Duration.ofSeconds(10)))
              .isTrue());
      // The context is closed: the agent said goodbye, so the watcher forgets it at once
      // rather than after the agent timeout.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (watcher.agent("leaving-agent").isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(watcher.agent("leaving-agent")).isEmpty();
    }
  }

  @Test
  void healthUpWithAgentsPerClientPath() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.agent.enabled=true")
        .withUserConfiguration(ClockBean.class)
        .run(context -> {
          Mapper mapper = context.getBean(Mapper.class);
          assertThat(mapper.awaitAgents("/clock/zone", 1, Duration.ofSeconds(10))).isTrue();
          Health health = context.getBean(NaniteHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails().get("agents"))
              .isEqualTo(Map.of("/clock/zone", 1L, "/greeter/greet", 0L));
        });
  }

  @Test
  void metersCountCallsOfMapperAndAgent() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.agent.enabled=true")
        .withUserConfiguration(GreeterBean.class)
        .run(context -> {
          MeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(MapperMetrics.class).bindTo(registry);
          context.getBean(AgentMetrics.class).bindTo(registry);
          Mapper mapper = context.getBean(Mapper.class);
          assertThat(mapper.awaitAgents("/greeter/greet", 1, Duration.ofSeconds(10))).isTrue();
          context.getBean(GreeterClient.class).greet("meters").get(10, TimeUnit.SECONDS);
          assertThat(count(registry, MapperMetrics.CALLS)).isEqualTo(1.0);
          assertThat(count(registry, AgentMetrics.CALLS)).isEqualTo(1.0);
        });
  }

  @Test
  void noMetersWithoutNaniteMicrometer() {
    runner.withPropertyValues("nanite.uri=" + broker.uri())
        .withClassLoader(new FilteredClassLoader(MapperMetrics.class))
        .run(context -> {
          assertThat(context).hasSingleBean(Mapper.class);
          assertThat(context).doesNotHaveBean(NaniteMapperCustomizer.class);
        });
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  @Test
  void noHealthIndicatorWithoutHealthSupport() {
    runner.withPropertyValues("nanite.uri=" + broker.uri())
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> {
          assertThat(context).hasSingleBean(Mapper.class);
          assertThat(context).doesNotHaveBean(NaniteHealthIndicator.class);
        });
  }

  @Test
  void agentEnabledWithoutActorBeansStartsNone() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.agent.enabled=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(NaniteAgentLifecycle.class).isRunning()).isFalse();
        });
  }

  @Test
  void agentDisabledByDefault() {
    runner.withPropertyValues("nanite.uri=" + broker.uri())
        .withUserConfiguration(GreeterBean.class)
        .run(context -> assertThat(context).doesNotHaveBean(NaniteAgentLifecycle.class));
  }

  @Test
  void negativeTimeoutFailsNamingProperty() {
    runner.withPropertyValues("nanite.uri=" + broker.uri(), "nanite.mapper.request-timeout=-1s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .rootCause()
              .hasMessageContaining("nanite.mapper.request-timeout");
        });
  }

  @Test
  void malformedUriFailsNamingProperty() {
    runner.withPropertyValues("nanite.uri=http://nowhere")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("nanite.uri");
        });
  }

  @Test
  void agentWithoutUriFailsNamingProperty() {
    runner.withPropertyValues("nanite.agent.enabled=true")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("nanite.uri");
        });
  }

  /** An application's actor bean, with a dependency Spring gives it. */
  @Configuration(proxyBeanMethods = false)
  static class GreeterBean {
    @Bean
    Greeter greeter() {
      return new Greeter("Hello");
    }
  }

  /** An application's bean implementing an {@code @Actor} interface. */
  @Configuration(proxyBeanMethods = false)
  static class ClockBean {
    @Bean
    Clock utcClock() {
      return () -> "UTC";
    }
  }

  /** An application that builds its own mapper. */
  @Configuration(proxyBeanMethods = false)
  static class OwnMapper {
    @Bean(destroyMethod = "close")
    Mapper mapper() {
      return Mapper.builder().uri(broker.uri()).identity("own-mapper").start();
    }
  }
}
