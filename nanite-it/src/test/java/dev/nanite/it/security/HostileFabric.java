package dev.nanite.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AccountPolicy;
import dev.nanite.AgentInfo;
import dev.nanite.Broker;
import dev.nanite.CallObserver;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.RegistryListener;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.Signing;
import dev.nanite.TrustedKeys;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.security.Keys;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fabric of the hostile suite: two honest agents serving {@link Safe}, each in a JVM of its
 * own on an account of its own; a mapper in the test's JVM, its connection tapped
 * ({@link Wiretap}); and a {@link Rogue} with an agent account of its own. Secure mode, a path
 * policy and signing are on as the test asks, the same on every process. Refusals are read from
 * the mapper's counters here, and from the agents' as their pings carry them.
 */
final class HostileFabric implements AutoCloseable {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration PING = Duration.ofMillis(1000);

  /** A process's broker account, the URI it logs in with, and the start of its identities. */
  record Member(String account, String uri, String namespace) {
    String identity(String name) {
      return namespace + name;
    }
  }

  /**
   * What the fabric is made of.
   *
   * @param policy the account policy ({@code byName}, {@code anyone}), or null for none
   * @param servingOnly the paths some accounts may serve only, or null
   * @param callers the accounts the agents serve (a caller policy), or null for anyone
   * @param window how long the agents take a signed packet after it was signed, or null for
   *     the default; the mapper keeps the default, so that pings and results that wait in its
   *     queues on a loaded machine are not refused as stale
   */
  record Settings(Member mapper, Member first, Member second, Member rogue,
      String policy, Map<String, List<String>> servingOnly, String callers, boolean signing,
      Duration window) {}

  private final Settings settings;
  private final Path dir;
  private final List<AgentProcess> agents = new ArrayList<>();
  private final List<String> honest;
  private Mapper mapper;
  private Wiretap tap;
  private Rogue rogue;
  private final Map<String, KeyPair> keys = new LinkedHashMap<>();
  private final List<String> departures = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String[]> sent = new LinkedBlockingQueue<>();
  private final AtomicInteger markers = new AtomicInteger();
  private SafeClient safe;

  HostileFabric(Settings settings) throws Exception {
    this.settings = settings;
    this.dir = Files.createTempDirectory("nanite-hostile-");
    this.honest = List.of(settings.first().identity("safe"), settings.second().identity("safe"));
    try {
      start();
    } catch (Exception | Error e) {
      try {
        close(); // what started so far: agents' JVMs, the mapper, the key files
      } catch (Exception cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void start() throws Exception {
    Path trusted = dir.resolve("trusted-keys");
    if (settings.signing()) {
      StringBuilder lines = new StringBuilder("# key id  identities  public key\n");
      for (Member member : List.of(settings.mapper(), settings.first(), settings.second(),
          settings.rogue())) {
        KeyPair pair = Keys.generate();
        keys.put(keyId(member), pair);
        lines.append(keyId(member)).append(' ').append(member.namespace()).append("* ")
            .append(Keys.encode(pair.getPublic())).append('\n');
        Files.writeString(dir.resolve(keyId(member) + ".key"), Keys.pem(pair.getPrivate()));
      }
      Files.writeString(trusted, lines);
    }
    ExecutorService starter = Executors.newFixedThreadPool(2);
    try {
      List<Future<AgentProcess>> starting = new ArrayList<>();
      for (Member member : List.of(settings.first(), settings.second())) {
        List<String> options = new ArrayList<>(List.of("--ping", Long.toString(PING.toMillis())));
        if (settings.policy() != null) {
          options.addAll(List.of("--secure", settings.policy()));
          if (settings.servingOnly() != null) {
            options.addAll(List.of("--serving-only",
                SecureAgentMain.servingOnly(settings.servingOnly())));
          }
        }
        if (settings.callers() != null) {
          options.addAll(List.of("--callers", settings.callers()));
        }
        if (settings.signing()) {
          options.addAll(List.of("--key-id", keyId(member), "--key-file",
              dir.resolve(keyId(member) + ".key").toString(), "--trusted", trusted.toString()));
          if (settings.window() != null) {
            options.addAll(List.of("--window", Long.toString(settings.window().toMillis())));
          }
        }
        starting.add(starter.submit(() -> AgentProcess.start(SecureAgentMain.class,
            member.uri(), member.identity("safe"), options.toArray(String[]::new))));
      }
      for (Future<AgentProcess> agent : starting) {
        agents.add(agent.get(60, TimeUnit.SECONDS));
      }
    } finally {
      starter.shutdownNow();
    }

    String mapperIdentity = settings.mapper().identity("mapper");
    this.tap = new Wiretap(Topology.mapperReplies(mapperIdentity));
    Mapper.Builder builder = Mapper.builder()
        .broker(Broker.builder(settings.mapper().uri())
            .connectionFactory(factory -> factory.setTrafficListener(tap)).build())
        .identity(mapperIdentity)
        .requestTimeout(CALL_TIMEOUT)
        .listener(new RegistryListener() {
          @Override
          public void unregistered(AgentInfo agent) {
            departed(agent, "unregistered");
          }

          @Override
          public void timedOut(AgentInfo agent) {
            departed(agent, "evicted");
          }
        })
        .observer(new CallObserver() {
          @Override
          public void sent(String callId, String path, String agent, int attempt) {
            sent.add(new String[] {callId, path, agent});
          }

          @Override
          public void finished(String path, String agent, Outcome outcome, long latencyNanos) {}
        });
    if (settings.policy() != null) {
      AccountPolicy policy = SecureAgentMain.policy(settings.policy(),
          settings.servingOnly() == null ? null
              : SecureAgentMain.servingOnly(settings.servingOnly()));
      builder.secure(policy);
    }
    if (settings.signing()) {
      builder.signing(signing(settings.mapper(), trusted));
    }
    this.mapper = builder.start();
    this.safe = new SafeClient(mapper);
    Await.until("the mapper knows both honest agents", WAIT,
        () -> honest.stream().allMatch(id -> mapper.agent(id)
            .map(agent -> agent.serves(SafePaths.DEPOSIT)).orElse(false)));
    KeyPair rogueKey = keys.get(keyId(settings.rogue()));
    this.rogue = new Rogue(settings.rogue().uri(), settings.rogue().account(),
        settings.rogue().namespace(), settings.signing() ? keyId(settings.rogue()) : null,
        rogueKey == null ? null : rogueKey.getPrivate());
  }

  private static String keyId(Member member) {
    return "key-" + member.namespace() + "1";
  }

  private Signing signing(Member member, Path trusted) throws IOException {
    return Signing.builder()
        .key(keyId(member), keys.get(keyId(member)).getPrivate())
        .trust(TrustedKeys.load(trusted))
        .build();
  }

  private void departed(AgentInfo agent, String how) {
    if (honest.contains(agent.identity())) {
      departures.add(agent.identity() + " " + how);
    }
  }

  Mapper mapper() {
    return mapper;
  }

  Rogue rogue() {
    return rogue;
  }

  Wiretap tap() {
    return tap;
  }

  Settings settings() {
    return settings;
  }

  SafeClient safe() {
    return safe;
  }

  /** The honest agents' identities. */
  List<String> honest() {
    return honest;
  }

  String first() {
    return honest.get(0);
  }

  String second() {
    return honest.get(1);
  }

  /** The id of the key {@code member} signs with. */
  String keyIdOf(Member member) {
    return keyId(member);
  }

  /** Packets sent by the rogue: signed with its own key on a signing fabric, else as they are. */
  byte[] fromRogue(Packet packet) {
    return settings.signing() ? rogue.signed(packet) : packet.toByteArray();
  }

  // ---- counters ----------------------------------------------------------------------------

  /** A counter of the mapper ({@code forbidden}, {@code badSignature}, ...). */
  long mapperCount(String name) {
    return mapper.counters().getOrDefault(name, 0L);
  }

  /**
   * Waits until the mapper's counter {@code name} reaches {@code expected}, and fails if it
   * goes past it: each refusal counted exactly once.
   */
  void awaitMapperCount(String name, long expected) {
    Await.until("the mapper's " + name + " reaches " + expected + " (now "
        + mapper.counters() + ")", WAIT, () -> mapperCount(name) >= expected);
    assertEquals(expected, mapperCount(name), "the mapper's " + name + ": " + mapper.counters());
  }

  /**
   * A counter of an honest agent, as its last ping carried it. The registry names counters
   * after the protocol's fields ({@code bad_signature}) where Agent.counters() names them in
   * camel case ({@code badSignature}): both are looked up.
   */
  long agentCount(String identity, String name) {
    Map<String, Long> counters = mapper.agent(identity).map(AgentInfo::counters).orElse(Map.of());
    Long value = counters.get(name);
    if (value == null) {
      value = counters.get(name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT));
    }
    return value == null ? 0 : value;
  }

  /** Waits until an honest agent's counter, as its pings carry it, reaches {@code expected}. */
  void awaitAgentCount(String identity, String name, long expected) {
    Await.until(identity + "'s " + name + " reaches " + expected + " (now "
        + mapper.agent(identity).map(AgentInfo::counters).orElse(Map.of()) + ")", WAIT,
        () -> agentCount(identity, name) >= expected);
    assertEquals(expected, agentCount(identity, name), identity + "'s " + name);
  }

  // ---- barriers ----------------------------------------------------------------------------

  /**
   * Returns once the mapper has taken everything the rogue published to the registration and
   * heartbeat fanouts before: the rogue registers an identity of its own, which it may claim,
   * on the registration fanout, and the mapper's inbox takes messages in order. Retried while
   * the rogue's account is silenced for a flood (its packets dropped unread), at most 10 times.
   */
  void inboxBarrier() throws Exception {
    for (int attempt = 1; ; attempt++) {
      String marker = rogue.own("marker-" + markers.incrementAndGet());
      rogue.toRegistration(fromRogue(Rogue.register(marker, List.of(), Map.of())));
      rogue.confirmed(WAIT);
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < deadline && mapper.agent(marker).isEmpty()) {
        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
      }
      if (mapper.agent(marker).isPresent()) {
        return;
      }
      if (attempt == 10) {
        throw new AssertionError("the mapper never took the rogue's own registration "
            + marker + ": " + mapper.counters());
      }
    }
  }

  /** The registry's entry for {@code identity}, once the mapper lists it. */
  AgentInfo listed(String identity) {
    return Await.value("the mapper lists " + identity, WAIT,
        () -> mapper.agent(identity).orElse(null));
  }

  /** The next call the mapper sends for {@code path}: its token and the agent it went to. */
  String[] nextSent(String path) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String[] call = sent.poll(100, TimeUnit.MILLISECONDS);
      if (call != null && call[1].equals(path)) {
        return call;
      }
    }
    throw new AssertionError("the mapper sent no call for " + path + " within " + WAIT);
  }

  /** A file that does not exist yet, to hold a {@link Safe#hold} call until it does. */
  Path releaseFile() {
    return dir.resolve("release-" + UUID.randomUUID());
  }

  // ---- honest traffic ----------------------------------------------------------------------

  CallOptions options() {
    return CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT);
  }

  /**
   * Honest calls all succeed with the right results: each agent answers as itself when named,
   * runs a new deposit once, the least loaded agent is always an honest one, and a call to all
   * reaches the honest agents and nobody else. Also: no honest agent has left the registry.
   */
  void honestCallsSucceed() throws Exception {
    for (String agent : honest) {
      assertEquals(agent, safe.whoami(Selector.target(agent), options()).get(20, TimeUnit.SECONDS));
      String id = "honest-" + UUID.randomUUID();
      assertEquals(1, safe.deposit(id, Selector.target(agent), options())
          .get(20, TimeUnit.SECONDS));
    }
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      answered.add(safe.whoami(Selector.ROUND_ROBIN, options()).get(20, TimeUnit.SECONDS));
    }
    assertEquals(Set.copyOf(honest), answered, "round robin over the honest agents");
    Replies<String> all = safe.whoami(Selector.ALL, options()).get(20, TimeUnit.SECONDS);
    assertTrue(all.allSucceeded(), all.toString());
    Map<String, String> expected = new LinkedHashMap<>();
    honest.forEach(id -> expected.put(id, id));
    assertEquals(expected, new java.util.TreeMap<>(all.values()), "a call to all");
    assertNoDepartures();
  }

  /** No honest agent was evicted or unregistered. */
  void assertNoDepartures() {
    assertEquals(List.of(), departures, "honest agents that left the mapper's registry");
    for (String agent : honest) {
      assertTrue(mapper.agent(agent).isPresent(), agent + " is registered");
    }
  }

  @Override
  public void close() throws Exception {
    Exception failed = null;
    for (AutoCloseable closing : new AutoCloseable[] {rogue, mapper}) {
      try {
        if (closing != null) {
          closing.close();
        }
      } catch (Exception e) {
        failed = e;
      }
    }
    for (AgentProcess agent : agents) {
      agent.close();
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
    if (failed != null) {
      throw failed;
    }
  }

  /**
   * The token a result answers: its own, or, for an agent's notice that it refused a request it
   * could not trust (which must not fail a call), the refused request's.
   */
  static String tokenOf(dev.nanite.internal.protocol.Result result) {
    return result.getToken().isEmpty() ? result.getRefusedToken() : result.getToken();
  }
}
