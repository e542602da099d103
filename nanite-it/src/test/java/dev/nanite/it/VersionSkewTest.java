package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import dev.nanite.stub.Args;
import dev.nanite.it.fixtures.Catalog;
import dev.nanite.it.fixtures.CatalogClient;
import dev.nanite.it.fixtures.CatalogProtocol;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import dev.nanite.it.support.ClassPaths;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller built against an older version of an actor than its agents run, {@code search(String
 * query, String limit)} against {@code search(String query, int limit)}: waiting for agents of
 * its endpoint does not count them, its calls fail at once, offline ones too, with the first
 * difference between its schema (its build's, on its class path) and the one the agents
 * advertise, and a target it names says so about itself.
 */
class VersionSkewTest {
  /** The older version's fingerprint; the real one hashes the older structure the same way. */
  private static final String OLDER = "0ddba11ca7a1060f";
  private static final String DIFFERENCE =
      "parameter 2 'limit': optional string here, int32 on the agent";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;

  private static final String run = UUID.randomUUID().toString().substring(0, 8);
  private static final String identity = "catalog-" + run;
  private static final CallOptions options = CallOptions.DEFAULT.withTags(run)
      .withTimeout(Duration.ofSeconds(20));
  private static final Endpoint<Args, List<String>> older = Endpoint.of(
      CatalogProtocol.SEARCH.path(), OLDER, true, CatalogProtocol.SEARCH.requestMarshaller(),
      CatalogProtocol.SEARCH.responseMarshaller());
  private static URLClassLoader olderBuild;
  private static Agent agent;
  private static Mapper mapper;

  @BeforeAll
  static void start() throws Exception {
    olderBuild = olderBuild();
    agent = Agent.builder().uri(Brokers.uri()).identity(identity).tags(run).actor(new Catalog())
        .start();
    // The mapper finds its callers' schemas through the context class loader it starts with.
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(olderBuild);
    try {
      mapper = Mapper.builder().uri(Brokers.uri()).start();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (mapper != null) {
      mapper.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (olderBuild != null) {
      olderBuild.close();
    }
  }

  @Test
  void awaitingAgentsOfAnEndpointCountsOnlyThoseOfItsSignature() throws Exception {
    assertTrue(mapper.awaitAgents(CatalogProtocol.SEARCH, 1, WAIT));
    assertTrue(mapper.awaitAgents(CatalogProtocol.SEARCH.path(), 1, WAIT), "any signature");
    assertFalse(mapper.awaitAgents(older, 1, Duration.ofMillis(200)), "none of the older one");
    assertEquals(List.of("apple", "apricot"), new CatalogClient(mapper)
        .search("ap", 5, Selector.LEAST_LOADED, options).get(30, TimeUnit.SECONDS));
  }

  @Test
  void aCallOfAnotherSignatureNamesTheFirstDifference() throws Exception {
    assertTrue(mapper.awaitAgents(CatalogProtocol.SEARCH, 1, WAIT));
    SignatureMismatchException error = mismatch(mapper.request(older, Args.of("ap", 5),
        Selector.LEAST_LOADED, options));
    assertTrue(error.getMessage().contains("but with signature ["
        + CatalogProtocol.SEARCH.fingerprint() + "], incompatible with " + OLDER
        + ", which this caller was built for: " + DIFFERENCE + "; make the change a compatible"
        + " one (docs/protocol.md, Compatible changes) or rebuild the caller or the agents"
        + " against the same actor"), error.getMessage());
    assertEquals(OLDER, error.callerFingerprint());
  }

  /** Parked, it would wait for an agent of its signature until its deadline, then time out. */
  @Test
  void anOfflineCallOfAnotherSignatureFailsAtOnceWithTheMismatch() throws Exception {
    assertTrue(mapper.awaitAgents(CatalogProtocol.SEARCH, 1, WAIT));
    long start = System.nanoTime();
    SignatureMismatchException error = mismatch(mapper.request(older, Args.of("ap", 5),
        Selector.LEAST_LOADED, options.withOffline(true)));
    assertTrue(error.getMessage().contains(DIFFERENCE), error.getMessage());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 10_000, "not at the deadline: " + tookMillis + " ms");
  }

  @Test
  void aTargetOfAnotherSignatureSaysSoAboutItself() throws Exception {
    Await.until("the mapper knows the agent", WAIT, () -> mapper.agent(identity).isPresent());
    SignatureMismatchException error = mismatch(mapper.request(older, Args.of("ap", 5),
        Selector.target(identity), options));
    assertEquals("the target agent " + identity + " serves /catalog/search with signature "
        + CatalogProtocol.SEARCH.fingerprint() + ", incompatible with " + OLDER + ", which this"
        + " caller was built for: " + DIFFERENCE + "; make the change a compatible one"
        + " (docs/protocol.md, Compatible changes) or rebuild the caller or the agents against"
        + " the same actor", error.getMessage());
  }

  private static SignatureMismatchException mismatch(CompletableFuture<?> call) {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> call.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(SignatureMismatchException.class, error.getCause());
  }

  /**
   * The class path of a caller built against the older version: its index entry for Catalog
   * with the older fingerprint, and its schema, where limit was a String.
   */
  private static URLClassLoader olderBuild() throws Exception {
    String real = "META-INF/nanite/proto/dev/nanite/it/fixtures/catalog";
    String moved = "META-INF/nanite/proto/older/catalog";
    String index = ClassPaths.indexOf(Catalog.class)
        .replace(CatalogProtocol.SEARCH.fingerprint(), OLDER)
        .replace(real + ".proto", moved + ".proto");
    FileDescriptorSet.Builder set = FileDescriptorSet.parseFrom(ClassPaths.resource(real + ".desc"))
        .toBuilder();
    FileDescriptorProto.Builder file = set.getFileBuilder(0).setName("older/catalog.proto");
    for (DescriptorProto.Builder message : file.getMessageTypeBuilderList()) {
      if (message.getName().equals("SearchRequest")) {
        FieldDescriptorProto.Builder limit = message.getFieldBuilderList().stream()
            .filter(field -> field.getName().equals("limit")).findFirst().orElseThrow();
        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_limit"));
        limit.setType(FieldDescriptorProto.Type.TYPE_STRING).setProto3Optional(true)
            .setOneofIndex(message.getOneofDeclCount() - 1);
      }
    }
    return ClassPaths.of(dir.resolve("older-build"), Map.of(
        ClassPaths.INDEX, index.getBytes(StandardCharsets.UTF_8),
        moved + ".desc", set.build().toByteArray()));
  }
}
