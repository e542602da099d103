package dev.nanite.it.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.RemoteException;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import dev.nanite.it.support.Brokers;
import dev.nanite.it.support.ClassPaths;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet mid-upgrade, with three builds of one actor compiled here as three projects would be
 * (src/test/resources/rolling): v2 adds a record component and an enum constant to v1, v3
 * changes a component's type. Agents v1 and v2 serve mappers v1 and v2 at once and every call
 * succeeds, in both directions, targeted, least-loaded and to all; the constant only v2 knows
 * is refused by a v1 agent with an error naming it; v3 is refused by both sides with a message
 * naming the field.
 */
class RollingUpgradeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path dir;

  private static final List<AutoCloseable> open = new ArrayList<>();
  private static String run;
  private static CallOptions options;
  private static Version v1;
  private static Version v2;
  private static Version v3;

  /** One build of the actor: its class loader, a running agent and a mapper that uses it. */
  private record Version(String name, URLClassLoader loader, Agent agent, Mapper mapper,
      UpgradeCaller caller) {
    String identity() {
      return agent.identity();
    }
  }

  /** The items each version's driver calls with, in that version's terms. */
  private static final Map<String, Map<String, String>> ITEMS = Map.of(
      "v1", Map.of("ITEM", "new Stock.Item(\"apple\", 3, Stock.Grade.USED)", "NEWEST", "null"),
      "v2", Map.of("ITEM", "new Stock.Item(\"apple\", 3, Stock.Grade.USED, \"gift\")",
          "NEWEST", "new Stock.Item(\"pear\", 1, Stock.Grade.REFURBISHED, null)"),
      "v3", Map.of("ITEM", "new Stock.Item(\"apple\", \"3\", Stock.Grade.USED)",
          "NEWEST", "null"));

  @BeforeAll
  static void buildAndStartEveryVersion() throws Exception {
    run = UUID.randomUUID().toString().substring(0, 8);
    options = CallOptions.DEFAULT.withTags(run).withTimeout(WAIT);
    v1 = start("v1");
    v2 = start("v2");
    v3 = start("v3");
    for (Version version : List.of(v1, v2, v3)) {
      for (Version agent : List.of(v1, v2, v3)) {
        assertTrue(version.mapper().awaitAgents("/stock/describe", 3, WAIT),
            "mapper " + version.name() + " knows the three agents");
        assertTrue(version.mapper().agent(agent.identity()).isPresent());
      }
    }
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void everyCallBetweenV1AndV2Succeeds() throws Exception {
    for (Version mapper : List.of(v1, v2)) {
      for (Version agent : List.of(v1, v2)) {
        String described = get(mapper.caller().describe(mapper.mapper(),
            Selector.target(agent.identity()), options));
        String reserved = get(mapper.caller().reserve(mapper.mapper(),
            Selector.target(agent.identity()), options));
        assertEquals(expectedDescription(mapper, agent), described,
            "mapper " + mapper.name() + " → agent " + agent.name());
        assertEquals(expectedReservation(mapper, agent), reserved,
            "mapper " + mapper.name() + " → agent " + agent.name());
      }
      Map<String, String> all = get(mapper.caller().describeAll(mapper.mapper(), options));
      assertEquals(Map.of(v1.identity(), expectedDescription(mapper, v1),
              v2.identity(), expectedDescription(mapper, v2)), all,
          "mapper " + mapper.name() + " calls all compatible agents, and not v3");
      for (int i = 0; i < 20; i++) {
        String answer = get(mapper.caller().describe(mapper.mapper(), Selector.LEAST_LOADED,
            options));
        assertTrue(answer.startsWith("v1 ") || answer.startsWith("v2 "),
            "least-loaded from " + mapper.name() + " reached " + answer);
      }
    }
  }

  @Test
  void aConstantTheOlderAgentLacksIsRefusedNamingIt() {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> get(v2.caller().describeNewest(v2.mapper(), Selector.target(v1.identity()),
            options)));
    RemoteException refused = assertInstanceOf(RemoteException.class, error.getCause());
    assertEquals("nanite.BadArguments", refused.errorType());
    assertTrue(refused.getMessage().contains("unknown value 2 of enum"), refused.getMessage());
  }

  @Test
  void anIncompatibleVersionIsRefusedNamingTheField() {
    SignatureMismatchException olderCaller = mismatch(() -> v1.caller().describe(v1.mapper(),
        Selector.target(v3.identity()), options));
    assertTrue(olderCaller.getMessage().contains(
        "field 'quantity' of Stock.Item: int32 here, optional string on the agent"),
        olderCaller.getMessage());
    SignatureMismatchException newerCaller = mismatch(() -> v3.caller().describe(v3.mapper(),
        Selector.target(v1.identity()), options));
    assertTrue(newerCaller.getMessage().contains(
        "field 'quantity' of Stock.Item: optional string here, int32 on the agent"),
        newerCaller.getMessage());
    assertEquals(0L, v3.agent().counters().get("requests"), "nothing reached v3");
  }

  private static String expectedDescription(Version mapper, Version agent) {
    String note = mapper == v2 ? "gift" : "null";
    return agent == v1 ? "v1 apple x3 USED" : "v2 apple x3 USED note=" + note;
  }

  /** The reserved item as the caller's version reads it: a component it lacks is dropped. */
  private static String expectedReservation(Version mapper, Version agent) {
    if (mapper == v1) {
      return "Item[sku=apple, quantity=2, grade=USED]";
    }
    String note = agent == v1 ? "null" : "gift, reserved";
    return "Item[sku=apple, quantity=2, grade=USED, note=" + note + "]";
  }

  private static SignatureMismatchException mismatch(
      Supplier<CompletableFuture<String>> call) {
    ExecutionException error = assertThrows(ExecutionException.class, () -> get(call.get()));
    return assertInstanceOf(SignatureMismatchException.class, error.getCause());
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Compiles a version, starts an agent of it and a mapper whose callers were built with it. */
  private static Version start(String name) throws Exception {
    URLClassLoader loader = compile(name);
    open.add(loader);
    Object actor = loader.loadClass("shop.Stock").getConstructor().newInstance();
    Agent agent = Agent.builder().uri(Brokers.uri()).identity("stock-" + name + "-" + run)
        .tags(run).pingInterval(Duration.ofMillis(500)).actor(actor).start();
    open.add(agent);
    // A mapper finds its callers' schemas on the class path of the thread that starts it.
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    Mapper mapper;
    thread.setContextClassLoader(loader);
    try {
      mapper = Mapper.builder().uri(Brokers.uri()).start();
    } finally {
      thread.setContextClassLoader(before);
    }
    open.add(mapper);
    UpgradeCaller caller = (UpgradeCaller) loader.loadClass("shop.Driver").getConstructor()
        .newInstance();
    return new Version(name, loader, agent, mapper, caller);
  }

  /**
   * Compiles {@code rolling/<version>} and the driver written for it from {@code
   * rolling/Driver.java.template} with nanite-processor into a directory of its own, and a
   * class loader over it that sees no other build's actor index.
   */
  private static URLClassLoader compile(String version) throws IOException, URISyntaxException {
    Path rolling = Path.of(RollingUpgradeTest.class.getResource("/rolling").toURI());
    Path sources = Files.createDirectories(dir.resolve(version + "-src/shop"));
    Files.copy(rolling.resolve(version).resolve("shop/Stock.java"), sources.resolve("Stock.java"));
    String driver = Files.readString(rolling.resolve("Driver.java.template"))
        .replace("${VERSION}", version);
    for (Map.Entry<String, String> item : ITEMS.get(version).entrySet()) {
      driver = driver.replace("${" + item.getKey() + "}", item.getValue());
    }
    Files.writeString(sources.resolve("Driver.java"), driver);
    Path out = Files.createDirectories(dir.resolve(version));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
         Stream<Path> walk = Files.walk(sources)) {
      List<Path> java = walk.filter(p -> p.toString().endsWith(".java")).toList();
      String classPath = System.getProperty("java.class.path");
      boolean ok = javac.getTask(diagnostics, files, null,
          List.of("--release", "17", "-classpath", classPath, "-processorpath", classPath,
              "-d", out.toString()),
          null, files.getJavaFileObjectsFromPaths(java)).call();
      assertTrue(ok, "compiling " + version + " failed:\n" + diagnostics);
    }
    return ClassPaths.of(out, Map.of());
  }
}
