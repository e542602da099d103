package dev.nanite.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Class paths a test writes, as another build's would be: an actor index of its own (the test
 * class path's is hidden) and schema files, with every class loaded through the test class path.
 */
public final class ClassPaths {
  /** Where nanite-processor writes a build's actor index. */
  public static final String INDEX = "META-INF/nanite/index";

  private ClassPaths() {}

  /** A class loader over {@code dir} holding {@code files} (resource name to bytes). */
  public static URLClassLoader of(Path dir, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    ClassLoader test = ClassPaths.class.getClassLoader();
    ClassLoader withoutIndex = new ClassLoader("without-index", test) {
      @Override
      public URL getResource(String name) {
        return INDEX.equals(name) ? null : super.getResource(name);
      }

      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return INDEX.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
      }
    };
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, withoutIndex);
  }

  /** The index records of these actor types, from the test class path's index. */
  public static String indexOf(Class<?>... actors) throws IOException {
    Set<String> wanted = Stream.of(actors).map(Class::getName).collect(Collectors.toSet());
    List<String> lines = new ArrayList<>();
    boolean keep = false;
    for (URL url : Collections.list(ClassPaths.class.getClassLoader().getResources(INDEX))) {
      try (InputStream in = url.openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.startsWith("stub-api\t") && lines.isEmpty()) {
            lines.add(line); // which stub API the actors were generated for: the index's first
            continue;
          }
          if (line.startsWith("actor\t")) {
            keep = wanted.contains(line.split("\t")[1]);
          }
          if (keep && !line.startsWith("#")) {
            lines.add(line);
          }
        }
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /** A resource of the test class path. */
  public static byte[] resource(String name) throws IOException {
    try (InputStream in = ClassPaths.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no " + name + " on the test class path");
      }
      return in.readAllBytes();
    }
  }
}
