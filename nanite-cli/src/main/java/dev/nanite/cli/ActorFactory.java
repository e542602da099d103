package dev.nanite.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * How the agent daemon creates an actor class it is given by name, found before anything is
 * created, so that the daemon reports every class it cannot create when it starts. The first of:
 *
 * <ol>
 *   <li>a public no-argument constructor;
 *   <li>a public static no-argument {@code create()} method returning the actor: the factory of an
 *       actor that takes its dependencies (a data source, a client, configuration) in its
 *       constructor;
 *   <li>a public constructor taking one {@code String}, given the agent's identity.
 * </ol>
 */
final class ActorFactory {
  /** The factory method's name. */
  static final String FACTORY = "create";

  private final String name;
  private final Executable executable;

  private ActorFactory(String name, Executable executable) {
    this.name = name;
    this.executable = executable;
  }

  /**
   * The way to create {@code type}.
   *
   * @throws IllegalArgumentException if there is none, saying what to add
   */
  static ActorFactory of(Class<?> type) {
    String name = type.getName();
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException("the actor " + name + " is an interface or abstract:"
          + " name a class that implements it");
    }
    boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
    if (!inner && Modifier.isPublic(type.getModifiers())) {
      for (Constructor<?> constructor : type.getConstructors()) {
        if (constructor.getParameterCount() == 0) {
          return new ActorFactory(name, constructor);
        }
      }
      try {
        Method factory = type.getMethod(FACTORY);
        if (Modifier.isStatic(factory.getModifiers())
            && type.isAssignableFrom(factory.getReturnType())) {
          return new ActorFactory(name, factory);
        }
      } catch (NoSuchMethodException e) {
        // look further
      }
      for (Constructor<?> constructor : type.getConstructors()) {
        if (List.of(constructor.getParameterTypes()).equals(List.of(String.class))) {
          return new ActorFactory(name, constructor);
        }
      }
    }
    throw new IllegalArgumentException("the agent cannot create the actor " + name + ": give it"
        + " a public no-argument constructor, a public static no-argument " + FACTORY + "()"
        + " method returning it, or a public constructor taking the agent's identity (one"
        + " String)" + (Modifier.isPublic(type.getModifiers()) ? "" : ", and make it public")
        + (inner ? ", and make it a static class" : ""));
  }

  /**
   * A new actor.
   *
   * @throws IllegalArgumentException if the constructor or factory throws or returns null
   */
  Object create(String identity) {
    String how = executable instanceof Method ? name + "." + FACTORY + "()"
        : "the constructor of the actor " + name;
    Object actor;
    try {
      if (executable instanceof Method factory) {
        actor = factory.invoke(null);
      } else {
        Constructor<?> constructor = (Constructor<?>) executable;
        actor = constructor.getParameterCount() == 0 ? constructor.newInstance()
            : constructor.newInstance(identity);
      }
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(how + " threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException("cannot create the actor " + name + ": " + e, e);
    }
    if (actor == null) {
      throw new IllegalArgumentException(how + " returned null");
    }
    return actor;
  }
}
