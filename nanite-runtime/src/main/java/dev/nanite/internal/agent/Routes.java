package dev.nanite.internal.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Endpoint;
import dev.nanite.internal.codec.WireCodec;
import dev.nanite.internal.dispatch.ActorIndex;
import dev.nanite.internal.dispatch.DispatchTables;
import dev.nanite.internal.dispatch.Dispatcher;
import dev.nanite.internal.protocol.Service;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The paths an agent serves, each bound to its actor instance and dispatch table. Immutable. */
public final class Routes {
  /** One served path. */
  public record Route(DispatchTables.Bound<?> bound, int id, Endpoint<?, ?> endpoint) {
    /** Calls the path with protobuf-encoded arguments; see {@link Dispatcher#call}. */
    public CompletableFuture<ByteString> call(ByteString args) {
      return callBound(bound, id, args);
    }

    private static <A> CompletableFuture<ByteString> callBound(
        DispatchTables.Bound<A> bound, int id, ByteString args) {
      return bound.dispatcher().call(bound.actor(), id, args);
    }
  }

  private final Map<String, Route> byPath;
  private final List<Service> services;
  private final ByteString schemas;

  private Routes(Map<String, Route> byPath, List<Service> services, ByteString schemas) {
    this.byPath = Collections.unmodifiableMap(byPath);
    this.services = List.copyOf(services);
    this.schemas = schemas;
  }

  /**
   * The routes of {@code actors}, found through the actor index of {@code loader}.
   *
   * @throws IllegalArgumentException if an object is not an actor or two actors serve one path
   */
  public static Routes of(List<Object> actors, ClassLoader loader) {
    ActorIndex index = ActorIndex.load(loader);
    Map<String, Route> byPath = new LinkedHashMap<>();
    Map<String, String> owners = new LinkedHashMap<>();
    List<Service> services = new ArrayList<>();
    FileDescriptorSet.Builder schemas = FileDescriptorSet.newBuilder();
    for (Object actor : actors) {
      for (DispatchTables.Bound<?> bound : DispatchTables.forInstance(actor, index)) {
        Dispatcher<?> table = bound.dispatcher();
        addSchema(index.actor(table.actorType().getName()), table.actorType(), schemas);
        for (int id = 0; id < table.endpoints().size(); id++) {
          Endpoint<?, ?> endpoint = table.endpoints().get(id);
          String owner = actor.getClass().getName() + " (as " + table.actorType().getName() + ")";
          String earlier = owners.putIfAbsent(endpoint.path(), owner);
          if (earlier != null) {
            throw new IllegalArgumentException("two registered actors serve " + endpoint.path()
                + ": " + earlier + " and " + owner + "; register only one of them");
          }
          byPath.put(endpoint.path(), new Route(bound, id, endpoint));
          services.add(Service.newBuilder()
              .setPath(endpoint.path())
              .setFingerprint(endpoint.fingerprint())
              .setIdempotent(endpoint.idempotent())
              .setRequestType(typeName(endpoint.requestMarshaller()))
              .setResponseType(typeName(endpoint.responseMarshaller()))
              .build());
        }
      }
    }
    return new Routes(byPath, services, schemas.build().toByteString());
  }

  /** The route of {@code path}, or null. */
  public Route route(String path) {
    return byPath.get(path);
  }

  /** Every path served, as advertised. */
  public List<Service> services() {
    return services;
  }

  /** The schemas of every actor, a serialized {@code FileDescriptorSet}. */
  public ByteString schemas() {
    return schemas;
  }

  private static String typeName(Object marshaller) {
    return marshaller instanceof WireCodec<?> codec ? codec.typeName() : "";
  }

  private static void addSchema(ActorIndex.Actor entry, Class<?> type, FileDescriptorSet.Builder out) {
    if (entry == null || !entry.schemaResource().endsWith(".proto")) {
      return;
    }
    String resource = entry.schemaResource().replaceFirst("\\.proto$", ".desc");
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        out.addAllFile(FileDescriptorSet.parseFrom(in).getFileList());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt schema resource " + resource + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }
}
