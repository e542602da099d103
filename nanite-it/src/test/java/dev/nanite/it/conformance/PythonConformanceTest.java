package dev.nanite.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Mapper;
import dev.nanite.PathSchema;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.contract.Fingerprint;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import dev.nanite.it.fixtures.Mock;
import dev.nanite.it.fixtures.MockClient;
import dev.nanite.it.fixtures.MockProtocol;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.fixtures.WorkProtocol;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import dev.nanite.it.support.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Python agent and mapper of {@code examples/python}, written from docs/protocol.md, the
 * packets' schema and the actors' generated {@code .proto} alone, against the Java fabric on the
 * suite's broker (the embedded one, or RabbitMQ with {@code NANITE_AMQP_URI}):
 *
 * <ul>
 *   <li>the doc's fingerprint test vectors, checked by the Python implementation;
 *   <li>the Python mapper calls Java agents: least-loaded, targeted, to all;
 *   <li>the Java typed clients call Python agents through a Java mapper, which sees the
 *       fingerprints Python computed from the schema equal the Java build's.
 * </ul>
 *
 * <p>Needs Debian's {@code python3-pika}, {@code python3-protobuf} and {@code protobuf-compiler}.
 * Without them the test is skipped, unless {@code NANITE_REQUIRE_PYTHON=1} (as {@code .ci/run}
 * sets), when it fails naming what is missing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PythonConformanceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path PROTOCOL_PROTO =
      Path.of("..", "nanite-runtime", "src", "main", "proto").toAbsolutePath().normalize();
  private static final Path DOC = Path.of("..", "docs", "protocol.md").toAbsolutePath().normalize();
  private static final List<Endpoint<?, ?>> ENDPOINTS = List.of(WorkProtocol.WHOAMI,
      WorkProtocol.REPEAT, WorkProtocol.BOOM, MockProtocol.LIST);

  /** The modules protoc wrote for Python, and the actors' descriptor set. */
  private static Path gen;
  private static Path descriptors;
  private final String run = "py-" + UUID.randomUUID().toString().substring(0, 8);

  /** What this machine lacks to run the test, empty if nothing. */
  private static List<String> missing;

  @BeforeAll
  static void compileTheSchemas() throws Exception {
    missing = Python.missing();
    if (!missing.isEmpty()) {
      return; // each test is then skipped, or fails, saying so
    }
    gen = Files.createTempDirectory("nanite-python-");
    // What a user of another language has: the packets' schema, and each actor's .proto as
    // the Java build generated it (here from the class path, as from an actor's jar).
    Path protos = gen.resolve("proto");
    for (String resource : List.of(WorkProtocol.schemaResource(), MockProtocol.schemaResource())) {
      Path file = protos.resolve(relative(resource));
      Files.createDirectories(file.getParent());
      try (InputStream in = PythonConformanceTest.class.getClassLoader()
          .getResourceAsStream(resource)) {
        Files.copy(in, file);
      }
    }
    descriptors = gen.resolve("actors.desc");
    Python.run(gen, WAIT, List.of(Python.PROTOC.toString(), "--proto_path=" + PROTOCOL_PROTO,
        "--python_out=" + gen, "nanite/protocol.proto"));
    Python.run(gen, WAIT, List.of(Python.PROTOC.toString(), "--proto_path=" + protos,
        "--python_out=" + gen, "--include_imports", "--descriptor_set_out=" + descriptors,
        relative(WorkProtocol.schemaResource()), relative(MockProtocol.schemaResource())));
  }

  /** Skips each test without Python's packages, or fails it where they are required. */
  @BeforeEach
  void requirePython() {
    if (!missing.isEmpty()) {
      String what = "missing " + String.join(", ", missing)
          + "; apt-get install python3-pika python3-protobuf protobuf-compiler";
      if ("1".equals(System.getenv("NANITE_REQUIRE_PYTHON"))) {
        fail(what + ", and NANITE_REQUIRE_PYTHON=1 requires the Python conformance test");
      }
      Assumptions.abort("skipped: " + what);
    }
  }

  private static String relative(String resource) {
    return resource.substring("META-INF/nanite/proto/".length());
  }

  @AfterAll
  static void deleteTheModules() throws IOException {
    Python.delete(gen);
  }

  @Test
  void theDocsTestVectorsHoldInPython() throws Exception {
    String printed = Python.run(gen, WAIT, Python.script("nanite_contract.py",
        List.of("vectors", DOC.toString(), Python.PROTOC.toString())));
    System.out.print(printed);
    assertTrue(printed.contains("every test vector holds"), printed);
  }

  @Test
  void aPythonMapperCallsJavaAgents() throws Exception {
    String uri = Brokers.uri();
    Map<String, Double> statuses = Map.of("a", 3.0, "b", 1.0, "c", 2.0);
    List<Agent> agents = new ArrayList<>();
    try {
      Map<String, String> id = new TreeMap<>();
      for (Map.Entry<String, Double> status : new TreeMap<>(statuses).entrySet()) {
        String identity = "java-" + status.getKey() + "-" + run;
        id.put(status.getKey(), identity);
        agents.add(Agent.builder().uri(uri).identity(identity).tags(run)
            .pingInterval(Duration.ofSeconds(1)).status(status::getValue)
            .actor(new WorkActor(identity)).actor(new Mock()).start());
      }
      long started = System.nanoTime();
      String printed = Python.run(gen, Duration.ofSeconds(60), Python.script("mapper.py", List.of(
          "--uri", uri, "--descriptors", descriptors.toString(), "--tags", run,
          "--agents", "3", "--wait", "20", "--timeout", "10",
          "--call", "least_loaded", "/work/whoami",
          "--call", "target:" + id.get("c"), "/work/whoami",
          "--call", "all", "/work/whoami",
          // Six at once, none answered before all are sent (each takes a second): the in-flight
          // term spreads them until every agent's score is level, status 3 + 1, 1 + 3, 2 + 2.
          "--call", "burst:6", "/work/slow", "{\"millis\": 1000}",
          "--call", "least_loaded", "/mock/list", "{\"filter\": \"2\"}",
          "--call", "all", "/mock/list",
          "--call", "least_loaded", "/work/boom", "{\"message\": \"kaput\"}",
          "--call", "least_loaded", "/work/repeat", "{\"text\": \"ab\", \"times\": 3}")));
      MapperOutput out = new MapperOutput(printed);
      System.out.printf("Python mapper against 3 Java agents on %s: %d ms%n", out.broker,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

      for (Endpoint<?, ?> endpoint : List.of(WorkProtocol.WHOAMI, WorkProtocol.SLOW,
          WorkProtocol.BOOM, WorkProtocol.REPEAT, MockProtocol.LIST)) {
        assertEquals(endpoint.fingerprint(), out.fingerprints.get(endpoint.path()),
            endpoint.path() + ": the fingerprint Python computed from the schema\n" + printed);
      }
      String a = id.get("a");
      String b = id.get("b");
      String c = id.get("c");
      assertEquals(List.of(b + " " + value(b)), out.replies(1), "least-loaded: status 1\n" + printed);
      assertEquals(List.of(c + " " + value(c)), out.replies(2), "targeted\n" + printed);
      assertEquals(List.of(a + " " + value(a), b + " " + value(b), c + " " + value(c)),
          sorted(out.replies(3)), "all\n" + printed);
      // One message for all, as the doc says for the broker the mapper found it was on.
      String oneMessage = Brokers.isRabbitMq() ? "bcc" : "nanite.all";
      assertEquals(Map.of(3, oneMessage, 6, oneMessage), out.sent, printed);
      Map<String, Integer> spread = new TreeMap<>();
      for (String reply : out.replies(4)) {
        spread.merge(reply.substring(0, reply.indexOf(' ')), 1, Integer::sum);
      }
      assertEquals(Map.of(a, 1, b, 3, c, 2), spread, "a least-loaded burst\n" + printed);
      assertEquals(List.of(b + " value {\"result\":[2]}"), out.replies(5), printed);
      assertEquals(List.of(a, b, c).stream().map(x -> x + " value {\"result\":[1,2,3]}").toList(),
          sorted(out.replies(6)), printed);
      assertEquals(List.of(b + " error java.lang.IllegalStateException kaput"), out.replies(7),
          "an actor's exception, by its Java class name\n" + printed);
      assertEquals(List.of(b + " value {\"result\":\"ababab\"}"), out.replies(8), printed);
    } finally {
      for (Agent agent : agents) {
        agent.close();
      }
    }
  }

  private static String value(String whoami) {
    return "value {\"result\":\"" + whoami + "\"}";
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  /** The mapper's lines: its fingerprints, and each call's replies as "agent kind rest". */
  private static final class MapperOutput {
    final Map<String, String> fingerprints = new HashMap<>();
    final Map<Integer, List<String>> replies = new HashMap<>();
    final Map<Integer, String> sent = new HashMap<>();
    String broker;

    MapperOutput(String printed) {
      for (String line : printed.lines().toList()) {
        String[] f = line.split("\t");
        if (f[0].equals("fingerprint")) {
          fingerprints.put(f[1], f[2]);
        } else if (f[0].equals("reply")) {
          // reply <call> <selector> <path> <agent> value <json> | error <type> <message>
          replies.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
              .add(String.join(" ", List.of(f).subList(4, f.length)));
        } else if (f[0].equals("broker")) {
          broker = f.length > 1 ? f[1] : "";
        } else if (f[0].equals("sent")) {
          sent.put(Integer.parseInt(f[1]), f[4]);
        } else if (f[0].equals("missing") || f[0].equals("failed")) {
          fail("the Python mapper says: " + line + "\n" + printed);
        }
      }
    }

    List<String> replies(int call) {
      return replies.getOrDefault(call, List.of());
    }
  }

  @Test
  void javaClientsCallPythonAgents() throws Exception {
    String uri = Brokers.uri();
    String pyA = "py-a-" + run;
    String pyB = "py-b-" + run;
    RecordingListener registry = new RecordingListener();
    try (Python.Running agentA = pythonAgent(uri, pyA, 5);
        Python.Running agentB = pythonAgent(uri, pyB, 1);
        Mapper mapper = Mapper.builder().uri(uri).requestTimeout(Duration.ofSeconds(10))
            .listener(registry).start()) {
      long started = System.nanoTime();
      try {
        Await.until("the Java mapper knows both Python agents", WAIT, () -> {
          assertTrue(agentA.isAlive() && agentB.isAlive(), "a Python agent exited");
          return Agents.known(mapper, List.of(pyA, pyB)).size() == 2;
        });
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n" + agentA.output() + agentB.output(), e);
      }
      System.out.printf("2 Python agents registered with the Java mapper in %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

      // What Python computed from the schema is what the Java build computed and indexed.
      Map<String, String> indexed = indexedFingerprints();
      for (String agent : List.of(pyA, pyB)) {
        Map<String, String> advertised = mapper.agent(agent).orElseThrow().services();
        for (Endpoint<?, ?> endpoint : ENDPOINTS) {
          assertEquals(endpoint.fingerprint(), advertised.get(endpoint.path()),
              agent + " advertises " + endpoint.path());
          assertEquals(indexed.get(endpoint.path()), advertised.get(endpoint.path()),
              "META-INF/nanite/index, " + endpoint.path());
        }
      }
      // Its Register.schemas is a descriptor set the Java mapper reads: the schema it gives
      // hashes to the fingerprint advertised.
      PathSchema schema = mapper.schema(MockProtocol.LIST.path()).orElseThrow();
      assertEquals("dev.nanite.it.fixtures.mock.ListRequest", schema.requestType().getFullName());
      assertEquals(MockProtocol.LIST.fingerprint(),
          Fingerprint.of(schema.requestType(), schema.responseType()));

      CallOptions options = CallOptions.DEFAULT.withTags(run).withTimeout(Duration.ofSeconds(10));
      WorkClient work = new WorkClient(mapper);
      MockClient mock = new MockClient(mapper);
      for (int i = 0; i < 3; i++) {
        assertEquals(pyB, get(work.whoami(Selector.LEAST_LOADED, options)), "status 1 of 1, 5");
      }
      assertEquals(pyA, get(work.whoami(Selector.target(pyA), options)));
      Replies<String> all = get(work.whoami(Selector.ALL, options));
      assertEquals(Map.of(pyA, pyA, pyB, pyB), all.values());
      assertTrue(all.allSucceeded(), all::toString);
      assertEquals(List.of(2), get(mock.list("2", Selector.target(pyA), options)));
      assertEquals(List.of(1, 2, 3), get(mock.list(null, Selector.target(pyA), options)),
          "null travels as an absent optional field");
      assertEquals(Map.of(pyA, List.of(3), pyB, List.of(3)),
          get(mock.list("3", Selector.ALL, options)).values());
      // Each call to all went out as one message: off RabbitMQ, that needs both Python agents
      // bound to nanite.all and saying so in Register.all_exchange.
      assertEquals(2L, mapper.counters().get("allAsOne"), "calls to all sent as one message");
      assertEquals("ababab", get(work.repeat("ab", 3, Selector.LEAST_LOADED, options)));
      ExecutionException boom = assertThrows(ExecutionException.class,
          () -> get(work.boom("kaput", Selector.LEAST_LOADED, options)));
      RemoteException remote = assertInstanceOf(RemoteException.class, boom.getCause());
      assertEquals("python.ValueError", remote.errorType(), "named in Python's terms");
      assertTrue(remote.getMessage().contains("kaput"), remote.getMessage());

      fingerprintChecks(pyA, mapper.agent(pyA).orElseThrow().services().get("/work/whoami"));

      // SIGTERM: the agent unregisters before it goes, so the mapper drops it at once rather
      // than when it misses its pings.
      assertTrue(agentA.stop(WAIT), "the Python agent stops on SIGTERM\n" + agentA.output());
      Await.until("the mapper hears " + pyA + " unregister", WAIT,
          () -> registry.unregistered().contains(pyA));
      assertFalse(registry.timedOut().contains(pyA), "unregistered, not evicted");
      assertEquals(pyB, get(work.whoami(Selector.LEAST_LOADED, options)));
    }
  }

  private Python.Running pythonAgent(String uri, String identity, double status)
      throws IOException {
    return new Python.Running(gen, identity, Python.script("agent.py", List.of("--uri", uri,
        "--identity", identity, "--descriptors", descriptors.toString(), "--tags", run,
        "--ping", "1000", "--status", Double.toString(status))));
  }

  /**
   * The Python agent's side of fingerprints, by requests written by hand: it serves a request
   * with its own fingerprint or one that lists it as compatible, refuses another, and says so
   * for a path it does not serve.
   */
  private static void fingerprintChecks(String agent, String fingerprint) throws Exception {
    try (Connection connection = Brokers.connect()) {
      Channel channel = connection.createChannel();
      String replies = channel.queueDeclare().getQueue();
      Request.Builder request = Request.newBuilder().setPath("/work/whoami")
          .setFingerprint("0123456789abcdef").setReplyTo(replies).setMapper("conformance")
          .setDeadlineUnixMillis(System.currentTimeMillis() + 10_000).setAgent(agent);

      Result mismatch = call(channel, agent, request.setToken("mismatch").build());
      assertEquals("nanite.SignatureMismatch", mismatch.getError().getType(), mismatch::toString);

      Result compatible = call(channel, agent,
          request.setToken("compatible").addCompatible(fingerprint).build());
      assertEquals(agent, WorkProtocol.WHOAMI.responseMarshaller().decode(compatible.getValue()),
          "served: its fingerprint is among the compatible ones");

      Result untyped = call(channel, agent, request.setToken("untyped").clearCompatible()
          .setFingerprint("").build());
      assertEquals(Result.OutcomeCase.VALUE, untyped.getOutcomeCase(), untyped::toString);

      Result unknown = call(channel, agent, request.setToken("unknown").setPath("/work/slow")
          .build());
      assertEquals("nanite.UnknownPath", unknown.getError().getType(), unknown::toString);
    }
  }

  /** Publishes {@code request} to the agent's queue and waits for its result. */
  private static Result call(Channel channel, String agent, Request request) throws IOException {
    channel.basicPublish("", agent, true, new AMQP.BasicProperties.Builder()
        .correlationId(request.getToken()).replyTo(request.getReplyTo()).build(),
        Packet.newBuilder().setVersion(1).setRequest(request).build().toByteArray());
    GetResponse got = Await.value("the result of " + request.getToken(), WAIT, () -> {
      try {
        return channel.basicGet(request.getReplyTo(), true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Result result = Packet.parseFrom(got.getBody()).getResult();
    assertEquals(request.getToken(), result.getToken());
    assertEquals(agent, result.getAgent());
    return result;
  }

  /** Each path's fingerprint as the Java build indexed it (META-INF/nanite/index). */
  private static Map<String, String> indexedFingerprints() throws IOException {
    Map<String, String> paths = new HashMap<>();
    try (InputStream in = PythonConformanceTest.class.getClassLoader()
        .getResourceAsStream("META-INF/nanite/index")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] fields = line.split("\t");
        if (fields[0].equals("path")) {
          paths.put(fields[1], fields[2]);
        }
      }
    }
    return paths;
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(15, TimeUnit.SECONDS);
  }
}
