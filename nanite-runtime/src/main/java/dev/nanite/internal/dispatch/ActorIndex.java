package dev.nanite.internal.dispatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actors a class path holds, read from the {@value #RESOURCE} files that nanite-processor
 * writes into each compiled jar: no class-path scanning.
 *
 * <p>Format, one record per line, fields separated by tabs, {@code #} starts a comment:
 *
 * <pre>
 * stub-api  &lt;version&gt;  &lt;nanite-processor version&gt;
 * actor     &lt;type&gt;  class|interface  &lt;dispatch class&gt;  &lt;client class&gt;  &lt;prefix&gt;  &lt;schema resource&gt;
 * path      &lt;path&gt;  &lt;fingerprint&gt;  idempotent|-  &lt;java method&gt;
 * </pre>
 *
 * <p>The {@code stub-api} record says which stub API ({@code dev.nanite.stub.StubApi}) the
 * generated code of the actors after it was generated for, and by which processor; an index
 * without one comes from a processor older than stub API versions. Each {@code path} line
 * belongs to the {@code actor} line above it. So that a runtime can read the index of a newer
 * processor far enough to name its version, readers skip records of kinds they do not know and
 * fields after those they know.
 */
public final class ActorIndex {
  /** Where the processor writes the index in each compilation's output. */
  public static final String RESOURCE = "META-INF/nanite/index";

  /** One indexed actor. */
  public record Actor(
      String type,
      boolean isInterface,
      String dispatchClass,
      String clientClass,
      String prefix,
      String schemaResource,
      List<Path> paths,
      Origin origin) {}

  /**
   * Where an actor's index record comes from and what generated its code.
   *
   * @param source the index file, for errors
   * @param stubApi the stub API version its code was generated for; 0 if the index records none
   * @param processor the version of the nanite-processor that generated it, or null if unknown
   */
  public record Origin(String source, int stubApi, String processor) {}

  /** One indexed path. */
  public record Path(String path, String fingerprint, boolean idempotent, String javaMethod) {}

  private final Map<String, Actor> actorsByType;

  private ActorIndex(Map<String, Actor> actorsByType) {
    this.actorsByType = Collections.unmodifiableMap(actorsByType);
  }

  /** Reads every index on the class path of {@code loader}. */
  public static ActorIndex load(ClassLoader loader) {
    Map<String, Actor> actors = new LinkedHashMap<>();
    try {
      Enumeration<URL> resources = loader.getResources(RESOURCE);
      while (resources.hasMoreElements()) {
        URL url = resources.nextElement();
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
          for (Actor actor : parse(url.toString(), reader)) {
            actors.putIfAbsent(actor.type(), actor);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return new ActorIndex(actors);
  }

  /** Parses one index file; {@code source} names it in errors. */
  static List<Actor> parse(String source, BufferedReader reader) throws IOException {
    List<Actor> actors = new ArrayList<>();
    Origin origin = new Origin(source, 0, null);
    String[] actorFields = null;
    List<Path> paths = null;
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      String kind = fields[0];
      if (kind.equals("stub-api") && fields.length >= 3 && fields[1].matches("[0-9]{1,9}")) {
        if (actorFields != null) {
          actors.add(actor(actorFields, paths, origin));
          actorFields = null;
        }
        origin = new Origin(source, Integer.parseInt(fields[1]), fields[2]);
      } else if (kind.equals("actor") && fields.length >= 7) {
        if (actorFields != null) {
          actors.add(actor(actorFields, paths, origin));
        }
        actorFields = fields;
        paths = new ArrayList<>();
      } else if (kind.equals("path") && fields.length >= 5 && actorFields != null) {
        paths.add(new Path(fields[1], fields[2], fields[3].equals("idempotent"), fields[4]));
      } else if (KNOWN.contains(kind) || !kind.matches("[a-z][a-z0-9-]*")) {
        throw new IOException(source + ":" + lineNumber + ": not an index record: " + line);
      }
    }
    if (actorFields != null) {
      actors.add(actor(actorFields, paths, origin));
    }
    return actors;
  }

  /** The kinds of record this reader knows; a malformed one of these is an error. */
  private static final Set<String> KNOWN = Set.of("stub-api", "actor", "path");

  private static Actor actor(String[] f, List<Path> paths, Origin origin) {
    return new Actor(f[1], f[2].equals("interface"), f[3], f[4], f[5], f[6], List.copyOf(paths),
        origin);
  }

  /** Every indexed actor, keyed by the binary name of its {@code @Actor} type. */
  public Map<String, Actor> actors() {
    return actorsByType;
  }

  /** The indexed actor of this type name, or null. */
  public Actor actor(String typeName) {
    return actorsByType.get(typeName);
  }
}
