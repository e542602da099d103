package dev.nanite.internal.dispatch;

import dev.nanite.stub.DispatchTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates one instance of every {@code @Actor} class the {@link ActorIndex} of a class loader
 * lists, through its generated dispatch table (the processor requires a public no-argument
 * constructor of every {@code @Actor} class). {@code @Actor} interfaces are skipped: only their
 * implementations can be instantiated, and those are not indexed.
 */
public final class ActorDiscovery {
  private ActorDiscovery() {}

  /**
   * The new actors, in index order.
   *
   * @throws IllegalArgumentException if the index lists no {@code @Actor} class
   * @throws IllegalStateException if a dispatch table cannot be loaded or an actor not created
   */
  public static List<Object> instantiate(ClassLoader loader) {
    ActorIndex index = ActorIndex.load(loader);
    List<Object> actors = new ArrayList<>();
    for (ActorIndex.Actor entry : index.actors().values()) {
      if (entry.isInterface()) {
        continue;
      }
      DispatchTable<?> table = DispatchTables.load(entry, loader);
      try {
        actors.add(table.newActor());
      } catch (RuntimeException | LinkageError e) {
        throw new IllegalStateException("cannot create the actor " + entry.type()
            + " with its public no-argument constructor: " + e, e);
      }
    }
    if (actors.isEmpty()) {
      throw new IllegalArgumentException("no @Actor class is listed in any " + ActorIndex.RESOURCE
          + " on the class path" + (index.actors().isEmpty() ? ""
              : " (only the @Actor interfaces " + index.actors().keySet()
                  + ", which need an implementation registered with actor(...))"));
    }
    return actors;
  }
}
