package dev.nanite;

import dev.nanite.internal.agent.AgentRuntime;
import dev.nanite.internal.agent.AgentSettings;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.dispatch.ActorDiscovery;
import dev.nanite.internal.security.SecuritySettings;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.DoubleSupplier;

/**
 * A daemon that hosts actors: it serves their {@code @Expose} paths from its own request queue,
 * registers them with every mapper and pings its status every ping interval.
 *
 * <pre>{@code
 * Agent agent = Agent.builder()
 *     .uri("amqp://guest:guest@localhost:5672")
 *     .actor(new Mock())
 *     .start();
 * ...
 * agent.close(); // unregisters, finishes the calls in flight, disconnects
 * }</pre>
 *
 * <p>Actor methods run on the agent's executor, never on a connection thread; an exception an
 * actor throws is sent to the caller as an error reply and the agent keeps serving. The agent
 * reconnects by itself after a broker restart and registers again. Thread-safe.
 */
public final class Agent implements AutoCloseable {
  private final AgentRuntime runtime;
  private final String identity;
  private final Duration drainTimeout;

  private Agent(AgentRuntime runtime, String identity, Duration drainTimeout) {
    this.runtime = runtime;
    this.identity = identity;
    this.drainTimeout = drainTimeout;
  }

  /** A builder with the defaults described on each setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** The agent's identity, the name of its request queue and what mappers know it by. */
  public String identity() {
    return identity;
  }

  /**
   * Whether the agent is connected to the broker and serving: false from a connection loss
   * until it has reconnected, consumes its queue again and has sent its registration again,
   * and once stopped. See {@link Builder#connectionListener} to be told when this changes.
   */
  public boolean isConnected() {
    return runtime.isConnected();
  }

  /** The paths the agent serves. */
  public List<String> paths() {
    return runtime.paths();
  }

  /**
   * What this agent has counted since it started: {@code requests}, {@code failed} (the actor
   * threw), {@code rejected} (bad packets, unknown paths, signature mismatches), {@code expired}
   * (skipped past their deadline), {@code pings}, {@code unrouted} (results the broker returned,
   * their reply queue gone), {@code undelivered} (returned results given up), and
   * {@code uncaught}: exceptions that escaped into amqp-client, which would be a bug (always 0).
   * The agent sends them with every ping: mappers show them as of the last one in
   * {@link AgentInfo#counters()}.
   */
  public java.util.Map<String, Long> counters() {
    return runtime.counters();
  }

  /**
   * The requests this agent has taken from its queue and not yet answered: running in an actor
   * method, waiting for a thread ({@link #waiting()}), or having their result sent; the
   * {@linkplain Builder#prefetch prefetch} bounds it. For gauges such as nanite-micrometer's.
   */
  public int inFlight() {
    return runtime.inFlight();
  }

  /**
   * Of the requests {@linkplain #inFlight() in flight}, those handed to the actor executor that
   * wait for a thread to start: calls held up behind others, which a growing count shows
   * before callers time out.
   */
  public int waiting() {
    return runtime.waiting();
  }

  /** Stops gracefully, waiting up to the builder's drain timeout; see {@link #stop(Duration)}. */
  @Override
  public void close() {
    stop(drainTimeout);
  }

  /**
   * Stops gracefully: unregisters from the mappers, stops taking requests, waits up to
   * {@code drain} for the calls in flight to be answered, then disconnects. Later calls do
   * nothing.
   */
  public void stop(Duration drain) {
    runtime.stop(drain);
  }

  /** Settings for an {@link Agent}. Not thread-safe; {@link #start()} may be called once. */
  public static final class Builder {
    private Broker broker = Broker.LOCAL;
    private String identity;
    private Duration pingInterval = Duration.ofSeconds(15);
    private DoubleSupplier status = Builder::loadAverage;
    private final Set<String> tags = new LinkedHashSet<>();
    private int prefetch = 64;
    private ExecutorService executor;
    private final List<Object> actors = new ArrayList<>();
    private boolean durableQueue;
    private boolean quorumQueue;
    private Duration drainTimeout = Duration.ofSeconds(10);
    private int maxPacketBytes = 16 * 1024 * 1024;
    private ClassLoader classLoader;
    private final List<ConnectionListener> connectionListeners = new ArrayList<>();
    private final List<AgentInterceptor> interceptors = new ArrayList<>();
    private AccountPolicy accountPolicy;
    private CallerPolicy callers = CallerPolicy.anyone();
    private Signing signing;

    private Builder() {}

    /**
     * The broker at {@code uri}: shorthand for {@code broker(Broker.of(uri))}; default a guest on
     * the local broker. See {@link Broker} for the URI's forms (every node of a cluster, TLS).
     *
     * @throws IllegalArgumentException naming what is wrong with the URI
     */
    public Builder uri(String uri) {
      this.broker = Broker.of(uri);
      return this;
    }

    /**
     * The broker, with what does not belong in a URI: a TLS context, credentials, amqp-client
     * settings; see {@link Broker}.
     */
    public Builder broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /** The identity; default {@code agent-<host>-<pid>-<random>}. Must be unique on the vhost. */
    public Builder identity(String identity) {
      this.identity = Checks.nonBlank("identity", identity);
      return this;
    }

    /**
     * How often to ping the mappers with the status: from 10 ms to 1 hour (mappers refuse an
     * agent announcing an interval outside that range); default 15 s.
     */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = Checks.between("ping interval", interval,
          Duration.ofMillis(Packets.MIN_PING_INTERVAL_MILLIS),
          Duration.ofMillis(Packets.MAX_PING_INTERVAL_MILLIS));
      return this;
    }

    /**
     * What the agent reports as its status, read at every ping; lower is less loaded. Default:
     * the system load average. Exceptions and non-finite values are logged and the last good
     * value is sent again.
     */
    public Builder status(DoubleSupplier status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /** Tags to register with, which calls can require ({@link CallOptions#withTags}). */
    public Builder tags(String... tags) {
      for (String tag : tags) {
        this.tags.add(Checks.nonBlank("a tag", tag));
      }
      return this;
    }

    /**
     * How many requests the broker hands the agent before it has answered them, which bounds
     * the requests held in memory; default 64.
     */
    public Builder prefetch(int prefetch) {
      this.prefetch = Checks.inRange("prefetch", prefetch, 1, 65_535);
      return this;
    }

    /**
     * Runs actor calls; default a pool of daemon threads, shut down with the agent, that starts
     * with as many threads as cores and adds one whenever a call has waited 2 ms and no call
     * started meanwhile (every thread blocked), or has waited 50 ms, up to {@code prefetch}:
     * quick methods run on a few hot threads, even on a saturated CPU, and blocking ones still
     * get a thread each. A call arriving while quick calls run waits for the running thread
     * rather than waking an idle one (a wake-up costs more than a quick call), unless more calls
     * wait than run; if that thread is held up, an idle one takes the call within 2 ms. While
     * calls wait in the default pool, finished ones are acknowledged together, in one frame.
     * An executor given here is not shut down by the agent, and gets each call acknowledged on
     * its own (the agent cannot tell whether calls wait in it).
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Registers an actor: an instance of an {@code @Actor} class, or an implementation of
     * {@code @Actor} interfaces, however it was created (its constructor may take the actor's
     * dependencies); each path it serves is advertised.
     */
    public Builder actor(Object actor) {
      actors.add(Objects.requireNonNull(actor, "actor"));
      return this;
    }

    /**
     * Registers a new instance of every {@code @Actor} class listed in the actor index on
     * {@code loader}'s class path (a jar or class folder built with nanite-processor), created
     * with its public no-argument constructor, else its public static no-argument {@code
     * create()} method. {@code @Actor} interfaces are skipped: register an implementation of
     * each with {@link #actor(Object)}. Unless {@link #classLoader} names another, the agent
     * reads the index through {@code loader}.
     *
     * @throws IllegalArgumentException if the index lists no {@code @Actor} class
     * @throws IllegalStateException if an actor cannot be created: the message names every class
     *     with neither a constructor nor a factory
     */
    public Builder discoverActors(ClassLoader loader) {
      Objects.requireNonNull(loader, "loader");
      actors.addAll(ActorDiscovery.instantiate(loader));
      if (classLoader == null) {
        classLoader = loader;
      }
      return this;
    }

    /**
     * Whether the request queue is durable: it survives broker restarts with persistent
     * requests, but a request sent while the agent is down waits in it (until its deadline)
     * instead of coming back at once. Default false: the queue lives with the connection.
     */
    public Builder durableQueue(boolean durable) {
      this.durableQueue = durable;
      return this;
    }

    /**
     * Whether the request queue is a RabbitMQ quorum queue: a durable queue (as {@link
     * #durableQueue}) replicated over the nodes of a cluster, so that persistent requests
     * survive the loss of a node, not only a restart. Needs RabbitMQ 3.8 or later; default false.
     */
    public Builder quorumQueue(boolean quorum) {
      this.quorumQueue = quorum;
      return this;
    }

    /** How long {@link Agent#close()} waits for calls in flight; default 10 s. */
    public Builder drainTimeout(Duration drain) {
      this.drainTimeout = Objects.requireNonNull(drain, "drain");
      return this;
    }

    /** Messages larger than this are refused with an error; default 16 MiB. */
    public Builder maxPacketBytes(int bytes) {
      this.maxPacketBytes = Checks.inRange("max packet size", bytes, 1024, Integer.MAX_VALUE);
      return this;
    }

    /** Where to find the actor index; default the first actor's class loader. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Runs {@code interceptor} around each call this agent runs, outside those added after it:
     * it sees the call's {@link CallContext}, may add metadata or refuse the call.
     */
    public Builder interceptor(AgentInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Adds a listener told when the agent loses its broker connection and when it serves again,
     * on a thread of the agent's own; see {@link ConnectionListener}.
     */
    public Builder connectionListener(ConnectionListener listener) {
      connectionListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Secure mode: this agent takes a request (or a mapper's call to register) only when the
     * broker account that published it (its AMQP {@code user-id}, checked by the broker) may
     * claim the mapper identity inside. Mappers in secure mode check this agent the same way,
     * so its account must be allowed its identity: without one of its own, the agent is named
     * after its account ({@code <account>-<host>-<pid>-<random>}). See docs/security.md.
     */
    public Builder secure(AccountPolicy policy) {
      this.accountPolicy = Objects.requireNonNull(policy, "account policy");
      return this;
    }

    /**
     * Which callers may call which paths, by the broker account their request was published
     * as; a request refused gets {@code nanite.Forbidden} and is not run. Default: anyone.
     */
    public Builder callers(CallerPolicy policy) {
      this.callers = Objects.requireNonNull(policy, "caller policy");
      return this;
    }

    /**
     * Signs every packet this agent sends and checks the signatures of the requests it takes,
     * refusing copies of one already run; see {@link Signing}.
     */
    public Builder signing(Signing signing) {
      this.signing = Objects.requireNonNull(signing, "signing");
      return this;
    }

    /**
     * Connects, registers and starts serving.
     *
     * @throws IllegalArgumentException if no actor was given or an object is not an actor
     * @throws BrokerUnavailableException if the broker cannot be reached
     */
    public Agent start() {
      if (actors.isEmpty()) {
        throw new IllegalArgumentException("an agent needs at least one actor: call actor(...)");
      }
      String suffix = defaultSuffix();
      String id = Security.identity(identity, "agent-" + suffix, suffix, broker, accountPolicy,
          signing);
      ClassLoader loader = classLoader != null ? classLoader : actors.get(0).getClass().getClassLoader();
      AgentSettings settings = new AgentSettings(broker.settings(), id, pingInterval, status,
          Set.copyOf(tags), prefetch, executor, List.copyOf(actors), durableQueue, quorumQueue,
          drainTimeout, maxPacketBytes, loader, List.copyOf(connectionListeners),
          List.copyOf(interceptors), new SecuritySettings(accountPolicy, callers, signing));
      return new Agent(new AgentRuntime(settings), id, drainTimeout);
    }

    private static double loadAverage() {
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return load < 0 ? 0 : load; // negative means "not available on this platform"
    }

    private static String defaultSuffix() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
      } catch (UnknownHostException e) {
        host = "host";
      }
      return host + "-" + ProcessHandle.current().pid() + "-"
          + UUID.randomUUID().toString().substring(0, 8);
    }
  }
}
