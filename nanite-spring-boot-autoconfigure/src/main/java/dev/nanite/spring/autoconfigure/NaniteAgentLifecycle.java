package dev.nanite.spring.autoconfigure;

import dev.nanite.Agent;
import dev.nanite.internal.dispatch.ActorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * Runs the application's {@link Agent}: on start, builds it from the {@code nanite.agent.*}
 * properties with every bean whose class is (or implements) an indexed {@code @Actor} type, and
 * starts it; on stop, closes it, which unregisters it from the mappers and drains its calls.
 *
 * <p>Its phase is late, after the web server's, so that the agent registers only once the whole
 * application is up and unregisters first on shutdown, before the beans its actors use go away.
 */
public class NaniteAgentLifecycle implements SmartLifecycle, BeanClassLoaderAware {
  /** Starts after, and stops before, the web server and its graceful shutdown. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(NaniteAgentLifecycle.class);

  private final NaniteProperties properties;
  private final ListableBeanFactory beans;
  private final ObjectProvider<NaniteAgentCustomizer> customizers;
  private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
  private volatile Agent agent;

  /**
   * A lifecycle for the agent {@code properties} describe, hosting actor beans of {@code beans},
   * with {@code customizers} applied to its builder.
   */
  public NaniteAgentLifecycle(
      NaniteProperties properties,
      ListableBeanFactory beans,
      ObjectProvider<NaniteAgentCustomizer> customizers) {
    this.properties = properties;
    this.beans = beans;
    this.customizers = customizers;
  }

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** The running agent, or null before start and after stop. */
  public Agent agent() {
    return agent;
  }

  @Override
  public synchronized void start() {
    if (agent != null) {
      return;
    }
    List<Object> actors = actorBeans();
    if (actors.isEmpty()) {
      // The runtime refuses an agent with nothing to serve; a misplaced flag should not stop
      // the application.
      log.warn("nanite.agent.enabled=true but no bean is an @Actor: no agent started");
      return;
    }
    NaniteProperties.AgentSettings settings = properties.getAgent();
    Agent.Builder builder = Agent.builder().uri(properties.getUri()).classLoader(classLoader);
    if (settings.getIdentity() != null) {
      builder.identity(settings.getIdentity());
    }
    if (!settings.getTags().isEmpty()) {
      builder.tags(settings.getTags().toArray(String[]::new));
    }
    if (settings.getPingInterval() != null) {
      builder.pingInterval(settings.getPingInterval());
    }
    if (settings.getPrefetch() != null) {
      builder.prefetch(settings.getPrefetch());
    }
    actors.forEach(builder::actor);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    Agent started = builder.start();
    customizers.orderedStream().forEach(customizer -> customizer.started(started));
    agent = started;
    log.info("Nanite agent {} serving {}", agent.identity(), agent.paths());
  }

  /**
   * The beans of an indexed actor type. {@code @Actor} is not kept at run time, so the index
   * the processor wrote says which classes and interfaces are actors.
   */
  private List<Object> actorBeans() {
    Set<String> actorTypes = ActorIndex.load(classLoader).actors().keySet();
    List<Object> actors = new ArrayList<>();
    // Singletons only, and not abstract definitions: an agent hosts one instance per actor.
    for (String name : beans.getBeanNamesForType(Object.class, false, true)) {
      Class<?> type = beans.getType(name, false);
      if (type != null && isActor(type, actorTypes)) {
        actors.add(beans.getBean(name));
      }
    }
    return actors;
  }

  private static boolean isActor(Class<?> type, Set<String> actorTypes) {
    return ClassUtils.getAllInterfacesForClassAsSet(type).stream()
            .anyMatch(i -> actorTypes.contains(i.getName()))
        || superclasses(type).stream().anyMatch(c -> actorTypes.contains(c.getName()));
  }

  private static List<Class<?>> superclasses(Class<?> type) {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> c = ClassUtils.getUserClass(type); c != null; c = c.getSuperclass()) {
      classes.add(c);
    }
    return classes;
  }

  @Override
  public synchronized void stop() {
    Agent running = agent;
    agent = null;
    if (running != null) {
      running.close();
      log.info("Nanite agent {} stopped", running.identity());
    }
  }

  @Override
  public boolean isRunning() {
    return agent != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
