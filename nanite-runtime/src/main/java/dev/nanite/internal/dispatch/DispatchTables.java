package dev.nanite.internal.dispatch;

import dev.nanite.stub.DispatchTable;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the generated dispatch tables ({@link DispatchTable}) of an actor instance through the
 * {@link ActorIndex}.
 */
public final class DispatchTables {
  private DispatchTables() {}

  /** A dispatcher with the instance it calls. */
  public record Bound<A>(Dispatcher<A> dispatcher, A actor) {}

  /**
   * The tables of every {@code @Actor} type {@code actor} is an instance of: its class, its
   * superclasses and the interfaces they implement.
   *
   * @throws IllegalArgumentException if none of them is an indexed actor
   */
  public static List<Bound<?>> forInstance(Object actor, ActorIndex index) {
    List<Bound<?>> bound = new ArrayList<>();
    for (Class<?> type : supertypes(actor.getClass())) {
      ActorIndex.Actor entry = index.actor(type.getName());
      if (entry != null) {
        bound.add(bind(load(entry, type.getClassLoader()), actor));
      }
    }
    if (bound.isEmpty()) {
      throw new IllegalArgumentException(
          actor.getClass().getName()
              + " is not an actor: annotate it, or an interface it implements, with @Actor, and"
              + " build it with nanite-processor on the annotation processor path (no "
              + ActorIndex.RESOURCE
              + " lists it)");
    }
    return bound;
  }

  /**
   * Loads and instantiates the generated dispatch table of an indexed actor, once its index
   * says the code was generated for a stub API this runtime runs.
   *
   * @throws IllegalStateException if the code was generated for another stub API (the message
   *     names both versions), or the table cannot be loaded
   */
  public static DispatchTable<?> load(ActorIndex.Actor entry, ClassLoader loader) {
    ActorIndex.Origin origin = entry.origin();
    StubVersions.require(origin.stubApi(), "the actor " + entry.type() + " (indexed in "
        + origin.source() + ")", origin.processor());
    try {
      Class<?> tableClass = Class.forName(entry.dispatchClass(), true, loader);
      return (DispatchTable<?>) tableClass.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      Throwable cause = unwrap(e);
      throw new IllegalStateException("cannot load the dispatch table " + entry.dispatchClass()
          + " of actor " + entry.type() + ": " + cause, cause);
    }
  }

  /** The error behind a failed constructor or static initializer, which says what went wrong. */
  private static Throwable unwrap(Throwable e) {
    while ((e instanceof InvocationTargetException || e instanceof ExceptionInInitializerError)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static <A> Bound<A> bind(DispatchTable<A> table, Object actor) {
    return new Bound<>(Dispatcher.of(table), table.actorType().cast(actor));
  }

  private static List<Class<?>> supertypes(Class<?> start) {
    List<Class<?>> ordered = new ArrayList<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      Class<?> type = queue.poll();
      if (type == Object.class || !seen.add(type)) {
        continue;
      }
      ordered.add(type);
      if (type.getSuperclass() != null) {
        queue.add(type.getSuperclass());
      }
      queue.addAll(List.of(type.getInterfaces()));
    }
    return ordered;
  }
}
