package dev.nanite.internal.mapper;

import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_ENUM;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_INT32;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_INT64;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_MESSAGE;
import static com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_STRING;
import static dev.nanite.internal.mapper.Protos.optional;
import static dev.nanite.internal.mapper.Protos.ref;
import static dev.nanite.internal.mapper.Protos.repeated;
import static dev.nanite.internal.mapper.Protos.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NoAgentException;
import dev.nanite.PathSchema;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A caller built for another signature than the agents': what it is told (the first difference
 * between the two schemas, or which schema is missing), and that an offline call is not parked
 * for an agent of its signature but fails at once.
 */
class SignatureSkewTest {
  private static final String PATH = "/catalog/search";

  /** The agents' version of /catalog/search, whose limit became a string. */
  private static final Protos AGENTS = new Protos("shop.catalog")
      .message("SearchRequest", optional(1, "query", TYPE_STRING), optional(2, "limit", TYPE_STRING))
      .message("SearchResponse", repeated(1, "result", TYPE_STRING));

  private static final Protos CALLER = new Protos("shop.catalog")
      .message("SearchRequest", optional(1, "query", TYPE_STRING), scalar(2, "limit", TYPE_INT32))
      .message("SearchResponse", repeated(1, "result", TYPE_STRING));

  private final Registry registry = new Registry();
  private final Schemas schemas = new Schemas();

  private void agent(String identity, String path, String fingerprint, Protos schema,
      String request, String response) {
    Register register = Register.newBuilder()
        .setIdentity(identity)
        .setPingIntervalMillis(1000)
        .addServices(Service.newBuilder().setPath(path).setFingerprint(fingerprint)
            .setRequestType(schema.proto().getPackage() + "." + request)
            .setResponseType(schema.proto().getPackage() + "." + response))
        .setSchemas(FileDescriptorSet.newBuilder().addFile(schema.proto()).build().toByteString())
        .build();
    registry.register(register, System.nanoTime());
    schemas.register(register);
  }

  private Selection selection(Map<String, PathSchema> callers) {
    return new Selection(registry, 1.0, new Contracts(
        (path, fingerprint) -> Optional.ofNullable(callers.get(path + " " + fingerprint)),
        schemas::get));
  }

  @Test
  void theMismatchNamesTheFirstDifferingParameter() {
    agent("a", PATH, "v2", AGENTS, "SearchRequest", "SearchResponse");
    agent("b", PATH, "v2", AGENTS, "SearchRequest", "SearchResponse");
    Selection selection = selection(Map.of(PATH + " v1",
        CALLER.path(PATH, "v1", "SearchRequest", "SearchResponse")));
    SignatureMismatchException error = assertThrows(SignatureMismatchException.class,
        () -> selection.one(PATH, "v1", Set.of(), Selector.LEAST_LOADED));
    assertEquals("2 agent(s) serve /catalog/search but with signature [v2], incompatible with v1,"
        + " which this caller was built for: parameter 2 'limit': int32 here, optional string on"
        + " the agent; make the change a compatible one (docs/protocol.md, Compatible changes) or"
        + " rebuild the caller or the agents against the same actor", error.getMessage());
    assertEquals("the target agent b serves /catalog/search with signature v2, incompatible with"
        + " v1, which this caller was built for: parameter 2 'limit': int32 here, optional string"
        + " on the agent; make the change a compatible one (docs/protocol.md, Compatible changes)"
        + " or rebuild the caller or the agents against the same actor",
        assertThrows(SignatureMismatchException.class,
            () -> selection.one(PATH, "v1", Set.of(), Selector.target("b"))).getMessage());
  }

  @Test
  void theMismatchSaysWhichSchemaIsMissing() {
    agent("a", PATH, "v2", AGENTS, "SearchRequest", "SearchResponse");
    Selection noCallerSchema = selection(Map.of());
    assertTrue(assertThrows(SignatureMismatchException.class,
        () -> noCallerSchema.one(PATH, "v1", Set.of(), Selector.RANDOM)).getMessage()
        .contains("built for: what differs is unknown: this caller's schema for v1 is not on"
            + " the mapper's class path; make"));
    registry.register(Register.newBuilder().setIdentity("a").setPingIntervalMillis(1000)
        .addServices(Service.newBuilder().setPath(PATH).setFingerprint("v3")).build(),
        System.nanoTime()); // a registration without schemas
    Selection noAgentSchema = selection(Map.of(PATH + " v1",
        CALLER.path(PATH, "v1", "SearchRequest", "SearchResponse")));
    assertTrue(assertThrows(SignatureMismatchException.class,
        () -> noAgentSchema.one(PATH, "v1", Set.of(), Selector.RANDOM)).getMessage()
        .contains("built for: what differs is unknown: the agents advertised no schema for v3;"
            + " make"));
  }

  /**
   * A fleet mid-upgrade: agents whose schema lacks a record field, an enum constant or a
   * parameter the caller's has (or has one it lacks) take its calls, and the request lists
   * their fingerprint as compatible; a changed result type does not, and is named.
   */
  @Test
  void agentsOfACompatibleSignatureTakeTheCallAndAnIncompatibleOneIsNamed() {
    Protos older = new Protos("shop.orders")
        .message("PlaceRequest", ref(1, "to", TYPE_MESSAGE, "Order_Address"),
            optional(2, "shipping", TYPE_ENUM).setTypeName("Shipping"))
        .message("PlaceResponse", scalar(1, "result", TYPE_INT64))
        .message("Order_Address", optional(1, "street", TYPE_STRING))
        .enumeration("Shipping", "SHIPPING", "STANDARD");
    Protos newer = new Protos("shop.orders")
        .message("PlaceRequest", ref(1, "to", TYPE_MESSAGE, "Order_Address"),
            optional(2, "shipping", TYPE_ENUM).setTypeName("Shipping"),
            scalar(3, "priority", TYPE_INT32))
        .message("PlaceResponse", scalar(1, "result", TYPE_INT64))
        .message("Order_Address", optional(1, "street", TYPE_STRING),
            optional(2, "zip", TYPE_STRING))
        .enumeration("Shipping", "SHIPPING", "STANDARD", "EXPRESS");
    Protos incompatible = new Protos("shop.orders")
        .message("PlaceRequest", ref(1, "to", TYPE_MESSAGE, "Order_Address"),
            optional(2, "shipping", TYPE_ENUM).setTypeName("Shipping"))
        .message("PlaceResponse", scalar(1, "result", TYPE_STRING))
        .message("Order_Address", optional(1, "street", TYPE_STRING))
        .enumeration("Shipping", "SHIPPING", "STANDARD");
    String path = "/orders/place";
    agent("old", path, "v1", older, "PlaceRequest", "PlaceResponse");
    Map<String, PathSchema> callers = Map.of(
        path + " v1", older.path(path, "v1", "PlaceRequest", "PlaceResponse"),
        path + " v2", newer.path(path, "v2", "PlaceRequest", "PlaceResponse"),
        path + " v3", incompatible.path(path, "v3", "PlaceRequest", "PlaceResponse"));
    Selection selection = selection(callers);
    assertEquals("old", selection.one(path, "v2", Set.of(), Selector.LEAST_LOADED).identity);
    agent("new", path, "v2", newer, "PlaceRequest", "PlaceResponse");
    assertEquals(List.of("new", "old"), selection.all(path, "v1", Set.of()).stream()
        .map(a -> a.identity).sorted().toList(), "an old caller calls both");
    assertEquals(List.of("v2"), Envelopes.compatible(Request.newBuilder().setPath(path)
            .setFingerprint("v1"), registry.get("new")).getCompatibleList(),
        "the request to the newer agent lists its fingerprint");

    SignatureMismatchException error = assertThrows(SignatureMismatchException.class,
        () -> selection.one(path, "v3", Set.of(), Selector.LEAST_LOADED));
    assertTrue(error.getMessage().contains("the result: string here, int64 on the agent"),
        error.getMessage());
  }

  /**
   * Parked, a call no agent of its signature will ever take would wait for its deadline and
   * report a timeout: it fails at once with the mismatch. A path nobody serves is still parked.
   */
  @Test
  void anOfflineCallOfAnotherSignatureFailsAtOnceInsteadOfParking() throws Exception {
    agent("a", PATH, "v2", AGENTS, "SearchRequest", "SearchResponse");
    List<Request> parked = new ArrayList<>();
    MapperSettings settings = new MapperSettings(Fabric.UNUSED_BROKER, "test-mapper",
        Duration.ofSeconds(2), Duration.ofSeconds(30), 1.0, 1_000, false, 1 << 20, 10,
        Duration.ofSeconds(1), List.of(), List.of(), null, Duration.ZERO, List.of(), false, List.of(),
        dev.nanite.internal.security.SecuritySettings.OPEN);
    Calls calls = new Calls(settings, registry, selection(Map.of()), new MapperStats(),
        new FakeBroker(), Fabric.REPLY_QUEUE, new Envelopes(settings.identity(), false,
            Expiration.NONE), new FakeClock(), () -> true, () -> 0L, (request, tags, selector) -> {
              parked.add(request);
              return CompletableFuture.completedFuture(null);
            }, Runnable::run, true, new CallObservers(List.of()));
    CallOptions offline = CallOptions.DEFAULT.withOffline(true)
        .withTimeout(Duration.ofSeconds(5));

    CompletableFuture<ByteString> skewed = call(calls, endpoint(PATH, "v1"), offline);
    assertTrue(skewed.isDone(), "failed before the call returned");
    ExecutionException error = assertThrows(ExecutionException.class, skewed::get);
    assertInstanceOf(SignatureMismatchException.class, error.getCause());
    assertEquals(List.of(), parked);

    CompletableFuture<ByteString> nobody = call(calls, endpoint("/catalog/browse", "v1"), offline);
    assertEquals(List.of("/catalog/browse"), parked.stream().map(Request::getPath).toList());
    assertFalse(nobody.isDone(), "parked until an agent serves it");
    CompletableFuture<ByteString> online = call(calls, endpoint("/catalog/browse", "v1"),
        CallOptions.DEFAULT);
    assertTrue(online.isDone(), "not offline: fails at once");
    assertInstanceOf(NoAgentException.class,
        assertThrows(ExecutionException.class, online::get).getCause());
  }

  private static Endpoint<ByteString, ByteString> endpoint(String path, String fingerprint) {
    Endpoint<ByteString, ByteString> raw = Endpoint.untyped(path);
    return Endpoint.of(path, fingerprint, false, raw.requestMarshaller(), raw.responseMarshaller());
  }

  private static CompletableFuture<ByteString> call(Calls calls,
      Endpoint<ByteString, ByteString> endpoint, CallOptions options) {
    CompletableFuture<ByteString> future = new CompletableFuture<>();
    Call call = calls.newCall(endpoint, ByteString.copyFromUtf8("args"), Selector.LEAST_LOADED,
        options, Sinks.single(endpoint, future));
    calls.onCallerThread(() -> calls.dispatch(call));
    return future;
  }
}
