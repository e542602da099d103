package dev.nanite.processor.breaking;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.processor.model.ActorModel;
import dev.nanite.processor.validation.Errors;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The schemas of a previous release, read from the places the {@value #OPTION} option names:
 * the release's jar, a directory (its unpacked classes, or any directory holding its {@code
 * .desc} files), or one {@code .desc} file, several separated by {@link File#pathSeparator}.
 *
 * <p>Each {@code .desc} is a {@code FileDescriptorSet}, as nanite-processor writes next to each
 * {@code .proto}; its schemas are known by their file names ({@code dev/example/shop.proto}),
 * which is how an actor of this compilation finds its previous schema wherever it was read
 * from. When two places hold a schema of one name, the first one given wins.
 */
public final class PreviousSchemas {
  /** The processor option naming the places, {@code -Ananite.previous=<path>}. */
  public static final String OPTION = "nanite.previous";

  /**
   * One previous schema.
   *
   * @param file the schema, built
   * @param where where it was read, the jar or the {@code .desc} file, for messages
   */
  public record Previous(FileDescriptor file, String where) {}

  /**
   * A place that could not be read.
   *
   * @param place the place as given
   * @param reason why, one of {@link Errors.Unreadable}'s texts, formatted
   */
  public record Problem(String place, String reason) {}

  private final Map<String, Previous> byName = new LinkedHashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  private PreviousSchemas() {}

  /**
   * Reads every place of {@code option}, a list separated by {@link File#pathSeparator}; a place
   * that cannot be read is a {@linkplain #problems problem}, not an exception, so that each one
   * is reported.
   */
  public static PreviousSchemas read(String option) {
    PreviousSchemas schemas = new PreviousSchemas();
    for (String place : option.split(File.pathSeparator)) {
      if (!place.isBlank()) {
        schemas.readPlace(place.strip());
      }
    }
    return schemas;
  }

  /** The previous schema of the file {@code protoFileName}, if a place held one. */
  public Optional<Previous> find(String protoFileName) {
    return Optional.ofNullable(byName.get(protoFileName));
  }

  /** The places that could not be read, in the order given. */
  public List<Problem> problems() {
    return problems;
  }

  private void readPlace(String place) {
    try {
      // A place holding nothing is most likely the wrong place, not a release without actors.
      if (readSchemas(Path.of(place)) == 0) {
        problems.add(new Problem(place, Errors.Unreadable.NO_SCHEMA));
      }
    } catch (ZipException e) {
      problems.add(new Problem(place, Errors.Unreadable.NOT_A_JAR));
    } catch (Unreadable e) {
      problems.add(new Problem(place, e.getMessage()));
    } catch (IOException | InvalidPathException e) {
      problems.add(new Problem(place, String.format(Errors.Unreadable.IO, e)));
    }
  }

  /** Reads the schemas at {@code path}; returns how many it held. */
  private int readSchemas(Path path) throws IOException, Unreadable {
    if (Files.isDirectory(path)) {
      return readDirectory(path);
    } else if (!Files.exists(path)) {
      throw new Unreadable(Errors.Unreadable.MISSING);
    } else if (path.toString().endsWith(".desc")) {
      return readSet(Files.readAllBytes(path), path.toString(), path.toString());
    } else if (path.toString().endsWith(".proto")) {
      throw new Unreadable(Errors.Unreadable.PROTO_TEXT);
    }
    return readJar(path);
  }

  /** Reads every {@code .desc} file under {@code directory}; returns how many schemas they held. */
  private int readDirectory(Path directory) throws IOException, Unreadable {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      // Sorted, so that which of two schemas of one name wins does not depend on the disk.
      files = walk.filter(p -> p.toString().endsWith(".desc") && Files.isRegularFile(p))
          .sorted().toList();
    }
    int held = 0;
    for (Path file : files) {
      held += readSet(Files.readAllBytes(file), file.toString(), file.toString());
    }
    return held;
  }

  /** Reads the jar's {@code .desc} files; returns how many schemas they held. */
  private int readJar(Path jar) throws IOException, Unreadable {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (entry.getName().startsWith(ActorModel.SCHEMA_DIRECTORY)
            && entry.getName().endsWith(".desc")) {
          entries.add(entry);
        }
      }
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      int held = 0;
      for (ZipEntry entry : entries) {
        try (InputStream in = zip.getInputStream(entry)) {
          // Messages name the jar alone: the entry follows from the actor they are about.
          held += readSet(in.readAllBytes(), jar.toString(), jar + "!/" + entry.getName());
        }
      }
      return held;
    }
  }

  /**
   * Reads one {@code FileDescriptorSet}, {@code where} naming it in messages about its schemas
   * and {@code file} in a problem with it; returns how many schemas it held.
   */
  private int readSet(byte[] bytes, String where, String file) throws Unreadable {
    FileDescriptorSet set;
    try {
      set = FileDescriptorSet.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new Unreadable(String.format(Errors.Unreadable.NOT_A_DESCRIPTOR_SET, file,
          e.getMessage()));
    }
    Map<String, FileDescriptor> built = new LinkedHashMap<>();
    for (FileDescriptorProto proto : set.getFileList()) {
      FileDescriptor descriptor = build(proto, built, file);
      built.put(descriptor.getName(), descriptor);
      byName.putIfAbsent(descriptor.getName(), new Previous(descriptor, where));
    }
    return set.getFileCount();
  }

  /**
   * Builds one file of a set. Schemas nanite-processor writes import nothing; in a set protoc
   * writes ({@code --include_imports}), a file's imports come before it.
   */
  private static FileDescriptor build(FileDescriptorProto proto,
      Map<String, FileDescriptor> earlier, String file) throws Unreadable {
    List<FileDescriptor> dependencies = new ArrayList<>();
    for (String name : proto.getDependencyList()) {
      FileDescriptor dependency = earlier.get(name);
      if (dependency == null) {
        throw new Unreadable(String.format(Errors.Unreadable.NOT_A_DESCRIPTOR_SET, file,
            proto.getName() + " imports " + name + ", which comes nowhere before it"));
      }
      dependencies.add(dependency);
    }
    try {
      return FileDescriptor.buildFrom(proto, dependencies.toArray(new FileDescriptor[0]));
    } catch (DescriptorValidationException e) {
      throw new Unreadable(String.format(Errors.Unreadable.NOT_A_DESCRIPTOR_SET, file,
          e.getMessage()));
    }
  }

  /** A place, or a file in it, that cannot be read; the message is the reason. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason);
    }
  }
}
