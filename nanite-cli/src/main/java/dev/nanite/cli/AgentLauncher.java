package dev.nanite.cli;

import dev.nanite.Agent;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Starts the agent an {@link AgentSpec} describes: loads its class path, creates its actors and
 * connects. Actors named in the spec are created as {@link ActorFactory} says; without names,
 * every {@code @Actor} class found is created (with a public no-argument constructor or a public
 * static {@code create()} method). Every class is checked before any actor is created.
 */
public final class AgentLauncher {
  private AgentLauncher() {}

  /** A started agent and the class loader of its actors, closed together. */
  public static final class Running implements AutoCloseable {
    private final Agent agent;
    private final URLClassLoader loader;

    private Running(Agent agent, URLClassLoader loader) {
      this.agent = agent;
      this.loader = loader;
    }

    /** The agent. */
    public Agent agent() {
      return agent;
    }

    /** Stops the agent gracefully (see {@link Agent#close()}) and closes its class loader. */
    @Override
    public void close() {
      try {
        agent.close();
      } finally {
        try {
          loader.close();
        } catch (IOException e) {
          // nothing more to release
        }
      }
    }
  }

  /**
   * Starts the agent.
   *
   * @throws IllegalArgumentException if an actor class is missing or cannot be created
   * @throws dev.nanite.BrokerUnavailableException if the broker cannot be reached
   */
  public static Running start(AgentSpec spec) {
    URLClassLoader loader = new URLClassLoader("nanite-agent-" + spec.name(), urls(spec.classpath()),
        new WithoutActorIndex(AgentLauncher.class.getClassLoader()));
    try {
      Agent.Builder builder = Agent.builder().broker(spec.broker().broker())
          .identity(spec.identity())
          .pingInterval(spec.ping())
          .prefetch(spec.prefetch())
          .drainTimeout(spec.drain())
          .tags(spec.tags().toArray(String[]::new))
          .quorumQueue(spec.quorumQueue())
          .classLoader(loader);
      spec.security().apply(builder);
      if (spec.actors().isEmpty()) {
        try {
          builder.discoverActors(loader);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(e.getMessage() + " " + spec.classpath()
              + "; name the actors to run with 'actors' in nanite.properties or --actors", e);
        }
      } else {
        for (ActorFactory factory : factories(loader, spec)) {
          builder.actor(factory.create(spec.identity()));
        }
      }
      return new Running(builder.start(), loader);
    } catch (RuntimeException e) {
      try {
        loader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * How to create each actor the spec names, checked before any is created.
   *
   * @throws IllegalArgumentException naming every class that is missing or cannot be created
   */
  private static List<ActorFactory> factories(ClassLoader loader, AgentSpec spec) {
    List<ActorFactory> factories = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : spec.actors()) {
      try {
        factories.add(ActorFactory.of(load(loader, name, spec)));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return factories;
  }

  private static Class<?> load(ClassLoader loader, String name, AgentSpec spec) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("the actor class " + name + " is not on the agent's"
          + " class path " + spec.classpath() + " (" + e + ")", e);
    }
  }

  /**
   * The command's own class loader, minus its actor indexes: an agent runs the actors of its own
   * class path, never those that happen to be on the command's.
   */
  private static final class WithoutActorIndex extends ClassLoader {
    /** Where nanite-processor writes the index of a build's actors. */
    private static final String INDEX = "META-INF/nanite/index";

    WithoutActorIndex(ClassLoader parent) {
      super("nanite-cli", parent);
    }

    @Override
    public URL getResource(String name) {
      return INDEX.equals(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return INDEX.equals(name) ? Collections.emptyEnumeration()
          : super.getResources(name);
    }
  }

  private static URL[] urls(List<Path> classpath) {
    List<URL> urls = new ArrayList<>();
    for (Path entry : classpath) {
      try {
        urls.add(entry.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("bad class path entry " + entry + ": " + e.getMessage());
      }
    }
    return urls.toArray(URL[]::new);
  }
}
