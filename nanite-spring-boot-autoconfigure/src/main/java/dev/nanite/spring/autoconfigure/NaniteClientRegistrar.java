package dev.nanite.spring.autoconfigure;

import dev.nanite.Requester;
import dev.nanite.internal.dispatch.ActorIndex;
import java.lang.reflect.Constructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers one bean per typed client the actors' index names, built with the client's
 * constructor that takes a {@link Requester}. A client class the application already has a bean
 * of, or one not on the class path, is skipped.
 */
class NaniteClientRegistrar implements ImportBeanDefinitionRegistrar {
  private static final Logger log = LoggerFactory.getLogger(NaniteClientRegistrar.class);

  private final ClassLoader classLoader;
  private final BeanFactory beanFactory;

  /** Spring passes these to a registrar's constructor. */
  NaniteClientRegistrar(ClassLoader classLoader, BeanFactory beanFactory) {
    this.classLoader = classLoader;
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    for (ActorIndex.Actor actor : ActorIndex.load(classLoader).actors().values()) {
      String clientName = actor.clientClass();
      if (clientName == null || clientName.isEmpty()
          || !ClassUtils.isPresent(clientName, classLoader)) {
        continue;
      }
      Class<?> client = ClassUtils.resolveClassName(clientName, classLoader);
      if (beanFactory instanceof ListableBeanFactory listable
          && listable.getBeanNamesForType(client, true, false).length > 0) {
        continue;
      }
      registry.registerBeanDefinition(beanName(client), definition(client));
      log.debug("Nanite client bean {}", clientName);
    }
  }

  private <T> RootBeanDefinition definition(Class<T> client) {
    Constructor<T> constructor;
    try {
      constructor = client.getConstructor(Requester.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          client.getName() + " has no public constructor taking a dev.nanite.Requester", e);
    }
    // Resolved when the client is first needed, so that the requester is whichever bean the
    // application ends up with.
    return new RootBeanDefinition(client, () -> {
      try {
        return constructor.newInstance(beanFactory.getBean(Requester.class));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot create " + client.getName(), e);
      }
    });
  }

  private static String beanName(Class<?> client) {
    String simple = client.getSimpleName();
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }
}
