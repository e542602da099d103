package dev.nanite.internal.mapper;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.nanite.PathSchema;
import dev.nanite.internal.dispatch.ActorIndex;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schemas of the endpoints this mapper's callers were built with: the build that generated
 * a typed client wrote its actor's index entry and binary schema next to it
 * ({@code META-INF/nanite/index}, {@code META-INF/nanite/proto/.../mock.desc}), so the schema of
 * a path with a given fingerprint is found on the class path. Read only when a caller's
 * signature does not match the agents', and kept. Thread-safe.
 */
final class CallerSchemas {
  private static final Logger log = LoggerFactory.getLogger(CallerSchemas.class);
  private static final String SCHEMA_DIRECTORY = "META-INF/nanite/proto/";

  private record Key(String path, String fingerprint) {}

  private final ClassLoader loader;
  private final ConcurrentHashMap<Key, Optional<PathSchema>> found = new ConcurrentHashMap<>();
  private volatile ActorIndex index;

  CallerSchemas(ClassLoader loader) {
    this.loader = loader;
  }

  /** The schemas on the class path of the thread creating the mapper (or the runtime's own). */
  static CallerSchemas ofContext() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return new CallerSchemas(context != null ? context : CallerSchemas.class.getClassLoader());
  }

  /** The schema of {@code path} with {@code fingerprint} on the class path; empty if none. */
  Optional<PathSchema> find(String path, String fingerprint) {
    return found.computeIfAbsent(new Key(path, fingerprint), this::load);
  }

  private Optional<PathSchema> load(Key key) {
    try {
      for (ActorIndex.Actor actor : index().actors().values()) {
        for (ActorIndex.Path entry : actor.paths()) {
          if (entry.path().equals(key.path()) && entry.fingerprint().equals(key.fingerprint())) {
            return schema(actor, entry);
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug("Cannot read the schema of {} [{}] on the class path: {}", key.path(),
          key.fingerprint(), e.toString());
    }
    return Optional.empty();
  }

  private ActorIndex index() {
    ActorIndex read = index;
    if (read == null) {
      read = ActorIndex.load(loader);
      index = read;
    }
    return read;
  }

  private Optional<PathSchema> schema(ActorIndex.Actor actor, ActorIndex.Path entry) {
    String proto = actor.schemaResource();
    if (!proto.startsWith(SCHEMA_DIRECTORY) || !proto.endsWith(".proto")) {
      return Optional.empty();
    }
    String resource = proto.substring(0, proto.length() - ".proto".length()) + ".desc";
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      FileDescriptor file = Schemas.files(FileDescriptorSet.parseFrom(in))
          .get(proto.substring(SCHEMA_DIRECTORY.length()));
      if (file == null) {
        return Optional.empty();
      }
      String rpc = entry.path().substring(entry.path().lastIndexOf('/') + 1);
      for (ServiceDescriptor service : file.getServices()) {
        MethodDescriptor method = service.findMethodByName(rpc);
        if (method != null) {
          return Optional.of(PathSchema.of(entry.path(), entry.fingerprint(), entry.idempotent(),
              method.getInputType(), method.getOutputType()));
        }
      }
      return Optional.empty();
    } catch (IOException | DescriptorValidationException | IllegalArgumentException e) {
      log.debug("The schema {} on the class path is unusable: {}", resource, e.toString());
      return Optional.empty();
    }
  }
}
