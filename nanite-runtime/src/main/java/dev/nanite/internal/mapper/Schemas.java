package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.AgentInfo;
import dev.nanite.PathSchema;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message schemas agents advertise for their paths ({@code Register.schemas}), kept per
 * path and fingerprint as registrations arrive and turned into descriptors on first use, so
 * that taking a registration stays cheap. Thread-safe.
 */
public final class Schemas {
  private static final Logger log = LoggerFactory.getLogger(Schemas.class);

  private record Key(String path, String fingerprint) {}

  private record Source(Service service, ByteString schemas) {}

  private final ConcurrentHashMap<Key, Source> sources = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, Optional<PathSchema>> built = new ConcurrentHashMap<>();

  /** Takes the schemas of a registration; nothing is parsed here. */
  void register(Register register) {
    if (register.getSchemas().isEmpty()) {
      return;
    }
    for (Service service : register.getServicesList()) {
      if (service.getRequestType().isEmpty() || service.getResponseType().isEmpty()) {
        continue;
      }
      Key key = new Key(service.getPath(), service.getFingerprint());
      Source source = new Source(service, register.getSchemas());
      // A renamed parameter keeps the fingerprint but changes the names: the latest wins.
      if (!source.equals(sources.put(key, source))) {
        built.remove(key);
      }
    }
  }

  /**
   * The schema of {@code path} as the live agents serving it advertise it: the fingerprint most
   * of them share. Empty if none serves it or none advertised a usable schema.
   */
  public Optional<PathSchema> find(String path, List<AgentInfo> live) {
    Map<String, Long> byFingerprint = live.stream()
        .filter(agent -> agent.serves(path))
        .collect(Collectors.groupingBy(agent -> agent.services().get(path), Collectors.counting()));
    return byFingerprint.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .map(entry -> new Key(path, entry.getKey()))
        .filter(sources::containsKey)
        .findFirst()
        .flatMap(key -> built.computeIfAbsent(key, this::build));
  }

  /**
   * The schema of {@code path} with this very {@code fingerprint}, as an agent advertised it;
   * empty if none did, or it is unusable.
   */
  public Optional<PathSchema> get(String path, String fingerprint) {
    Key key = new Key(path, fingerprint);
    return sources.containsKey(key) ? built.computeIfAbsent(key, this::build) : Optional.empty();
  }

  private Optional<PathSchema> build(Key key) {
    Source source = sources.get(key);
    if (source == null) {
      return Optional.empty();
    }
    try {
      Map<String, Descriptor> types = messageTypes(source.schemas());
      Descriptor request = types.get(source.service().getRequestType());
      Descriptor response = types.get(source.service().getResponseType());
      if (request == null || response == null) {
        log.warn("The schema advertised for {} lacks {} or {}", key.path(),
            source.service().getRequestType(), source.service().getResponseType());
        return Optional.empty();
      }
      return Optional.of(PathSchema.of(key.path(), key.fingerprint(),
          source.service().getIdempotent(), request, response));
    } catch (InvalidProtocolBufferException | DescriptorValidationException
        | IllegalArgumentException e) {
      log.warn("The schema advertised for {} is unusable: {}", key.path(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Every message type of a serialized {@code FileDescriptorSet}, by full name. */
  static Map<String, Descriptor> messageTypes(ByteString schemas)
      throws InvalidProtocolBufferException, DescriptorValidationException {
    Map<String, FileDescriptor> files = files(FileDescriptorSet.parseFrom(schemas));
    Map<String, Descriptor> types = new HashMap<>();
    files.values().stream().sorted(Comparator.comparing(FileDescriptor::getName))
        .forEach(file -> file.getMessageTypes().forEach(type -> collect(type, types)));
    return types;
  }

  /**
   * Every file of a {@code FileDescriptorSet}, linked, by name.
   *
   * @throws IllegalArgumentException if a file imports one the set lacks, or imports form a cycle
   */
  static Map<String, FileDescriptor> files(FileDescriptorSet set)
      throws DescriptorValidationException {
    Map<String, FileDescriptorProto> protos = set.getFileList().stream()
        .collect(Collectors.toMap(FileDescriptorProto::getName, Function.identity(),
            (first, second) -> first));
    Map<String, FileDescriptor> files = new HashMap<>();
    for (String name : protos.keySet()) {
      file(name, protos, files, new ArrayList<>());
    }
    return files;
  }

  private static FileDescriptor file(String name, Map<String, FileDescriptorProto> protos,
      Map<String, FileDescriptor> files, List<String> building)
      throws DescriptorValidationException {
    FileDescriptor done = files.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new IllegalArgumentException("it imports " + name + ", which it does not include");
    }
    if (building.contains(name)) {
      throw new IllegalArgumentException("its imports form a cycle: " + building);
    }
    building.add(name);
    List<FileDescriptor> dependencies = new ArrayList<>();
    for (String dependency : proto.getDependencyList()) {
      dependencies.add(file(dependency, protos, files, building));
    }
    building.remove(name);
    FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new));
    files.put(name, file);
    return file;
  }

  private static void collect(Descriptor type, Map<String, Descriptor> out) {
    out.put(type.getFullName(), type);
    type.getNestedTypes().forEach(nested -> collect(nested, out));
  }
}
