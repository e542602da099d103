package dev.nanite.internal.dispatch;

import dev.nanite.stub.DispatchTable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Creates one instance of every {@code @Actor} class the {@link ActorIndex} of a class loader
 * lists: with the generated dispatch table's {@code newActor()} (a public no-argument
 * constructor), else the class's public no-argument constructor called reflectively (one that
 * throws a checked exception), else its public static no-argument {@code create()} method, the
 * factory of an actor that takes its dependencies in its constructor. Every class is checked
 * before any is created. {@code @Actor} interfaces are skipped: only their implementations can be
 * instantiated, and those are not indexed.
 */
public final class ActorDiscovery {
  /** The factory method an actor class without a usable no-argument constructor can have. */
  public static final String FACTORY = "create";

  private ActorDiscovery() {}

  /**
   * The new actors, in index order.
   *
   * @throws IllegalArgumentException if the index lists no {@code @Actor} class
   * @throws IllegalStateException if a dispatch table cannot be loaded or an actor not created,
   *     naming every such class
   */
  public static List<Object> instantiate(ClassLoader loader) {
    ActorIndex index = ActorIndex.load(loader);
    List<Supplier<Object>> creators = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (ActorIndex.Actor entry : index.actors().values()) {
      if (entry.isInterface()) {
        continue;
      }
      DispatchTable<?> table = DispatchTables.load(entry, loader);
      Supplier<Object> creator = creator(table);
      if (creator == null) {
        problems.add("cannot create the actor " + entry.type() + ": it has neither a public"
            + " no-argument constructor nor a public static no-argument " + FACTORY + "() method"
            + " returning it; add one, or create it yourself and register the instance with"
            + " Agent.Builder.actor(...)");
      } else {
        creators.add(creator);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
    if (creators.isEmpty()) {
      throw new IllegalArgumentException("no @Actor class is listed in any " + ActorIndex.RESOURCE
          + " on the class path" + (index.actors().isEmpty() ? ""
              : " (only the @Actor interfaces " + index.actors().keySet()
                  + ", which need an implementation registered with actor(...))"));
    }
    List<Object> actors = new ArrayList<>();
    creators.forEach(creator -> actors.add(creator.get()));
    return actors;
  }

  /** How to create the actor of {@code table}, or null if there is no way. */
  private static Supplier<Object> creator(DispatchTable<?> table) {
    Class<?> type = table.actorType();
    String name = type.getName();
    if (generatesActors(table)) {
      return () -> create(name, "its public no-argument constructor", table::newActor);
    }
    boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
    if (Modifier.isAbstract(type.getModifiers()) || inner) {
      return null;
    }
    try {
      Constructor<?> constructor = type.getConstructor();
      return () -> create(name, "its public no-argument constructor", constructor::newInstance);
    } catch (NoSuchMethodException e) {
      // try the factory
    }
    try {
      Method factory = type.getMethod(FACTORY);
      if (Modifier.isStatic(factory.getModifiers()) && type.isAssignableFrom(factory.getReturnType())) {
        return () -> create(name, FACTORY + "()", () -> factory.invoke(null));
      }
    } catch (NoSuchMethodException e) {
      // no way
    }
    return null;
  }

  /** Whether the generated table overrides {@link DispatchTable#newActor}. */
  private static boolean generatesActors(DispatchTable<?> table) {
    try {
      return table.getClass().getMethod("newActor").getDeclaringClass() != DispatchTable.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private interface Creation {
    Object run() throws Exception;
  }

  private static Object create(String type, String how, Creation creation) {
    Object actor;
    try {
      actor = creation.run();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot create the actor " + type + ": " + how + " threw "
          + e.getCause(), e.getCause());
    } catch (Exception | LinkageError e) {
      throw new IllegalStateException("cannot create the actor " + type + " with " + how + ": "
          + e, e);
    }
    if (actor == null) {
      throw new IllegalStateException("cannot create the actor " + type + ": " + how
          + " returned null");
    }
    return actor;
  }
}
