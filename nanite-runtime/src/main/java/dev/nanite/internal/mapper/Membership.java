package dev.nanite.internal.mapper;

import dev.nanite.RegistryListener;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry from what the inbox hears: registrations, unregistrations and pings; asks
 * unknown pingers to register; evicts the silent; and tells the listeners and the calls.
 * Packets that make no sense are dropped, counted and logged at a limited rate.
 */
final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);
  /** Registrations one identity may send in a burst, and how fast that allowance refills. */
  private static final int REGISTRATION_BURST = 20;
  private static final long REGISTRATION_REFILL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final MapperSettings settings;
  private final Registry registry;
  private final Schemas schemas;
  private final MapperStats stats;
  private final Calls calls;
  private final Consumer<String> advertise;
  private final ConcurrentHashMap<String, Long> advertised = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TokenBucket> registrations = new ConcurrentHashMap<>();
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
  /** Tells the listeners; its monitor orders registry changes with their events. */
  private final RegistryEvents events;

  /** @param advertise sends an {@code Advertise} to the agent with this identity */
  Membership(MapperSettings settings, Registry registry, Schemas schemas, MapperStats stats,
      Calls calls, Consumer<String> advertise) {
    this.settings = settings;
    this.registry = registry;
    this.schemas = schemas;
    this.stats = stats;
    this.calls = calls;
    this.advertise = advertise;
    this.events = new RegistryEvents(settings.identity(), settings.listeners());
  }

  void registered(Register register) {
    String identity = register.getIdentity();
    if (identity.isEmpty()) {
      reject("a registration without an identity");
      return;
    }
    if (!Double.isFinite(register.getStatus())) {
      reject("a registration from " + identity + " with status " + register.getStatus());
      return;
    }
    if (!Packets.pingIntervalInRange(register.getPingIntervalMillis())) {
      reject("a registration from " + identity + badInterval(register.getPingIntervalMillis()));
      return;
    }
    if (!registrations.computeIfAbsent(identity, id -> new TokenBucket()).take(System.nanoTime())) {
      reject("a registration from " + identity + ": more than " + REGISTRATION_BURST
          + " in a burst");
      return;
    }
    schemas.register(register); // first: whoever sees the agent can call it
    boolean added;
    synchronized (events) {
      added = registry.register(register, System.nanoTime());
      events.add(registry.get(identity),
          added ? RegistryListener::registered : RegistryListener::reregistered);
    }
    advertised.remove(identity);
    if (added) {
      log.info("Mapper {}: agent {} registered{}, serving {}", settings.identity(), identity,
          register.getBroker().isEmpty() ? "" : " from node " + register.getBroker(),
          register.getServicesList().stream().map(s -> s.getPath()).toList());
    }
    events.tell();
    calls.retryWaiting();
  }

  void unregistered(String identity) {
    AgentState removed;
    synchronized (events) {
      removed = registry.remove(identity);
      events.add(removed, RegistryListener::unregistered);
    }
    if (removed != null) {
      log.info("Mapper {}: agent {} unregistered", settings.identity(), identity);
      events.tell();
    }
  }

  void pinged(Ping ping) {
    if (ping.getIdentity().isEmpty() || !Double.isFinite(ping.getStatus())) {
      reject("a ping from '" + ping.getIdentity() + "' with status " + ping.getStatus());
      return;
    }
    // The interval is taken from the registration only, but a ping that claims one out of
    // range comes from an agent whose registration was (or would be) refused: it must not keep
    // an agent listed, nor make this mapper ask it to register.
    if (!Packets.pingIntervalInRange(ping.getPingIntervalMillis())) {
      reject("a ping from " + ping.getIdentity() + badInterval(ping.getPingIntervalMillis()));
      return;
    }
    AgentState state = registry.get(ping.getIdentity());
    if (state != null) {
      if (ping.hasCounters()) {
        state.counted(ping.getCounters());
      }
      state.seen(ping.getStatus(), System.nanoTime());
      return;
    }
    // A ping from an agent this mapper does not know (it started late, or evicted the agent,
    // which has come back): ask it to register again, at most once a second.
    long now = System.nanoTime();
    Long last = advertised.get(ping.getIdentity());
    if (last == null || now - last > TimeUnit.SECONDS.toNanos(1)) {
      advertised.put(ping.getIdentity(), now);
      advertise.accept(ping.getIdentity());
    }
  }

  /** Removes an agent whose queue is gone, and settles the calls it held. */
  void agentGone(AgentState agent, String reason) {
    boolean removed;
    synchronized (events) {
      removed = registry.remove(agent.identity) != null;
      if (removed) {
        events.add(agent, RegistryListener::unregistered);
      }
    }
    if (removed) {
      log.warn("Mapper {}: agent {} left dispatch: {}", settings.identity(), agent.identity,
          reason);
      events.tell();
    }
    calls.agentLost(agent, reason);
  }

  /** Evicts the agents that missed their pings; run periodically. */
  void sweep(long nowNanos) {
    List<AgentState> evicted;
    synchronized (events) {
      evicted = registry.evictSilent(nowNanos, this::agentTimeoutMillis);
      evicted.forEach(silent -> events.add(silent, RegistryListener::timedOut));
    }
    for (AgentState silent : evicted) {
      stats.evictions.incrementAndGet();
      log.warn("Mapper {}: agent {} evicted after {} ms without a ping", settings.identity(),
          silent.identity, agentTimeoutMillis(silent));
    }
    events.tell();
    for (AgentState silent : evicted) {
      calls.agentLost(silent, "it missed its pings");
    }
    long stale = nowNanos - TimeUnit.MINUTES.toNanos(1);
    advertised.values().removeIf(at -> at < stale);
    registrations.values().removeIf(bucket -> bucket.idleSince(stale));
  }

  /**
   * After this mapper's own connection came back: nobody could ping it while it was away, so
   * every agent gets a full timeout from now to be heard again. Returns how long agents may
   * take to register again: the longest agent timeout.
   */
  Duration reconnected() {
    long now = System.nanoTime();
    long longest = 1_000;
    for (AgentState agent : registry.all()) {
      agent.lastSeenNanos = now;
      longest = Math.max(longest, agentTimeoutMillis(agent));
    }
    return Duration.ofMillis(Math.min(longest, 30_000));
  }

  long agentTimeoutMillis(AgentState agent) {
    if (settings.agentTimeout() != null) {
      return settings.agentTimeout().toMillis();
    }
    return 2 * Math.max(agent.pingIntervalMillis, 10);
  }

  private static String badInterval(long millis) {
    return " with ping interval " + Long.toUnsignedString(millis) + " ms, outside "
        + Packets.MIN_PING_INTERVAL_MILLIS + ".." + Packets.MAX_PING_INTERVAL_MILLIS + " ms";
  }

  void reject(String what) {
    stats.rejected.incrementAndGet();
    warnings.warn("reject", "Mapper {} ignored {}", settings.identity(), what);
  }

  /** Allows {@value #REGISTRATION_BURST} registrations at once, refilled one per 500 ms. */
  private static final class TokenBucket {
    private double tokens = REGISTRATION_BURST;
    private long last = System.nanoTime();

    synchronized boolean take(long now) {
      tokens = Math.min(REGISTRATION_BURST,
          tokens + (double) (now - last) / REGISTRATION_REFILL_NANOS);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens--;
      return true;
    }

    synchronized boolean idleSince(long nanos) {
      return last < nanos;
    }
  }
}
