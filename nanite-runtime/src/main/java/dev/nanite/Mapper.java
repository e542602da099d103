package dev.nanite;

import com.google.protobuf.ByteString;
import dev.nanite.internal.mapper.MapperRuntime;
import dev.nanite.internal.mapper.MapperSettings;
import dev.nanite.internal.security.SecuritySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A control node: hears every agent's registration and pings, keeps the registry, evicts agents
 * that fall silent, and routes requests. Any number of mappers can run; all are hot masters.
 *
 * <pre>{@code
 * try (Mapper mapper = Mapper.builder().uri("amqp://guest:guest@localhost:5672").start()) {
 *   MockClient mock = new MockClient(mapper);
 *   mock.list("x").thenAccept(System.out::println);                 // least loaded
 *   mock.list("x", Selector.ALL).thenAccept(replies -> ...);         // every agent
 * }
 * }</pre>
 *
 * <p>Every future a mapper returns completes by its deadline: with the result, or with a
 * {@link NaniteException} saying what went wrong. Where it completes, and so where callbacks
 * chained on it run: see {@link Builder#executor}; never on the thread that fires deadlines and
 * evicts agents. Thread-safe; share one per process.
 */
public final class Mapper implements Requester, AutoCloseable {
  private final MapperRuntime runtime;
  private final String identity;

  private Mapper(MapperRuntime runtime, String identity) {
    this.runtime = runtime;
    this.identity = identity;
  }

  /** A builder with the defaults described on each setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mapper's identity, unique on the vhost. */
  public String identity() {
    return identity;
  }

  /**
   * Whether the mapper is connected to the broker and can send calls: false from a connection
   * loss until it has reconnected and consumes its queues again (meanwhile calls fail with
   * {@link BrokerUnavailableException}), and once closed. See {@link
   * Builder#connectionListener} to be told when this changes.
   */
  public boolean isConnected() {
    return runtime.isConnected();
  }

  /** A snapshot of every live agent the mapper knows, sorted by identity. */
  public List<AgentInfo> agents() {
    return runtime.agents();
  }

  /** A snapshot of the agent with this identity, if it is live. */
  public Optional<AgentInfo> agent(String identity) {
    return Optional.ofNullable(runtime.agent(identity));
  }

  /**
   * Waits until at least {@code count} agents serve {@code path}, whatever signature they
   * advertise for it (so a typed call may still find none of its own: see {@link
   * #awaitAgents(Endpoint, int, Duration)}); a mapper learns every live agent within one ping
   * interval of starting.
   *
   * @return whether they do, false if {@code timeout} passed first
   */
  public boolean awaitAgents(String path, int count, Duration timeout) throws InterruptedException {
    return runtime.awaitAgents(path, count, timeout);
  }

  /**
   * Waits until at least {@code count} agents serve the endpoint's path with its signature, the
   * agents a typed call through it can reach ({@code MockProtocol.LIST}, say); for an {@link
   * Endpoint#untyped} one, any signature.
   *
   * @return whether they do, false if {@code timeout} passed first
   */
  public boolean awaitAgents(Endpoint<?, ?> endpoint, int count, Duration timeout)
      throws InterruptedException {
    return runtime.awaitAgents(Objects.requireNonNull(endpoint, "endpoint"), count, timeout);
  }

  @Override
  public <Q, R> CompletableFuture<R> request(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    return runtime.request(endpoint, request, selector, options);
  }

  /**
   * Like {@link #request(Endpoint, Object, Selector.Single, CallOptions)}, but completes with the
   * {@link Reply} of the agent that answered, value or error, so that tools can show who it was.
   * The future fails only when no agent could be chosen, or the mapper is closed.
   */
  public <Q, R> CompletableFuture<Reply<R>> requestReply(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    return runtime.requestReply(endpoint, request, selector, options);
  }

  /**
   * The request and response messages of {@code path} as the live agents serving it advertise
   * them (the signature most of them share), for tools that build requests from data such as
   * JSON. Empty if no live agent serves the path or none advertised its schema.
   */
  public Optional<PathSchema> schema(String path) {
    return runtime.schemas().find(path, runtime.agents());
  }

  @Override
  public <Q, R> CompletableFuture<Replies<R>> requestAll(Endpoint<Q, R> endpoint, Q request,
      Selector.All selector, CallOptions options) {
    return runtime.requestAll(endpoint, request, options);
  }

  @Override
  public <Q> CompletableFuture<Void> push(Endpoint<Q, ?> endpoint, Q request, Selector selector,
      CallOptions options) {
    return runtime.push(endpoint, request, selector, options);
  }

  /**
   * Calls {@code path} with an already encoded request message, for tools that build messages
   * from the agents' schemas; the reply is the encoded response message.
   */
  public CompletableFuture<ByteString> request(String path, ByteString request,
      Selector.Single selector, CallOptions options) {
    return withPath(path, e -> runtime.request(e, request, selector, options));
  }

  /** Like {@link #request(String, ByteString, Selector.Single, CallOptions)}, on every agent. */
  public CompletableFuture<Replies<ByteString>> requestAll(String path, ByteString request,
      CallOptions options) {
    return withPath(path, e -> runtime.requestAll(e, request, options));
  }

  /** Pushes an already encoded request message to {@code path}. */
  public CompletableFuture<Void> push(String path, ByteString request, Selector selector,
      CallOptions options) {
    return withPath(path, e -> runtime.push(e, request, selector, options));
  }

  private static <T> CompletableFuture<T> withPath(String path,
      java.util.function.Function<Endpoint<ByteString, ByteString>, CompletableFuture<T>> call) {
    Endpoint<ByteString, ByteString> endpoint;
    try {
      endpoint = Endpoint.untyped(path);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new NaniteException(path, e.getMessage(), e));
    }
    return call.apply(endpoint);
  }

  /**
   * What this mapper has counted since it started: {@code sent}, {@code replies},
   * {@code timeouts}, {@code returned}, {@code resent}, {@code lost}, {@code evictions},
   * {@code rejected} (malformed or nonsensical packets), {@code parked}, {@code unparked},
   * {@code lateReplies}, {@code allAsOne} (calls and pushes to all sent as one message for all
   * their agents), and {@code uncaught}: exceptions that escaped into amqp-client, which would be a
   * bug (always 0).
   */
  public java.util.Map<String, Long> counters() {
    return runtime.counters();
  }

  /**
   * The calls this mapper has made that have not finished: sent and not yet answered, waiting
   * for an agent or the connection, or parked; a call to {@link Selector#ALL} counts once per
   * agent asked. {@link Builder#maxInFlight} bounds it. For gauges such as nanite-micrometer's.
   */
  public int inFlight() {
    return runtime.inFlight();
  }

  /**
   * Fails the calls still in flight, stops listening and disconnects. Later calls do nothing.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /** Settings for a {@link Mapper}. Not thread-safe; {@link #start()} may be called once. */
  public static final class Builder {
    private Broker broker = Broker.LOCAL;
    private String identity;
    private Duration agentTimeout;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private double inFlightWeight = 1.0;
    private int maxInFlight = 100_000;
    private boolean persistent;
    private int maxPacketBytes = 16 * 1024 * 1024;
    private int offlineHeld = 100;
    private Duration offlineRetry = Duration.ofSeconds(1);
    private final List<RegistryListener> listeners = new ArrayList<>();
    private final List<CallObserver> observers = new ArrayList<>();
    private final List<MapperInterceptor> interceptors = new ArrayList<>();
    private Executor executor;
    private Duration discovery = Duration.ofSeconds(2);
    private final List<ConnectionListener> connectionListeners = new ArrayList<>();
    private boolean quorumOfflineQueue;
    private AccountPolicy accountPolicy;
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

    /** The identity; default {@code mapper-<random>}. Must be unique on the vhost. */
    public Builder identity(String identity) {
      this.identity = Checks.nonBlank("identity", identity);
      return this;
    }

    /**
     * How long an agent may go without a ping before it is evicted. Default: twice the ping
     * interval the agent registered with.
     */
    public Builder agentTimeout(Duration timeout) {
      this.agentTimeout = Checks.positive("agent timeout", timeout);
      return this;
    }

    /** The deadline of calls that do not set one ({@link CallOptions#withTimeout}); default 30 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Checks.positive("request timeout", timeout);
      return this;
    }

    /**
     * How much one call in flight adds to an agent's status when choosing the least loaded;
     * default 1, as a call keeps roughly one task runnable. 0 ranks by reported status alone.
     */
    public Builder inFlightWeight(double weight) {
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("in-flight weight must be finite and >= 0, got " + weight);
      }
      this.inFlightWeight = weight;
      return this;
    }

    /** Calls beyond this many in flight fail at once instead of queueing; default 100,000. */
    public Builder maxInFlight(int max) {
      this.maxInFlight = Checks.inRange("max in flight", max, 1, Integer.MAX_VALUE);
      return this;
    }

    /** Whether requests are published persistent unless a call says otherwise; default false. */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    /**
     * Messages larger than this are dropped and counted, and a result over it fails its call at
     * once, naming both sizes; default 16 MiB.
     */
    public Builder maxPacketBytes(int bytes) {
      this.maxPacketBytes = Checks.inRange("max packet size", bytes, 1024, Integer.MAX_VALUE);
      return this;
    }

    /**
     * How many parked offline requests this mapper holds at once while waiting for an agent to
     * take them (the others stay in the durable queue); default 100.
     */
    public Builder offlineHeld(int held) {
      this.offlineHeld = Checks.inRange("offline held", held, 1, 65_535);
      return this;
    }

    /**
     * How often held offline requests are tried again even if no agent registers (one that
     * does triggers an attempt at once); default 1 s.
     */
    public Builder offlineRetry(Duration interval) {
      this.offlineRetry = Checks.atLeast("offline retry", interval, Duration.ofMillis(10));
      return this;
    }

    /**
     * Whether the offline queue every mapper of the vhost shares ({@code nanite.offline}) is a
     * RabbitMQ quorum queue, replicated over a cluster's nodes, so that parked calls survive the
     * loss of a node. All mappers on the vhost must agree: RabbitMQ refuses to declare a queue
     * again as another type. Default false (a classic durable queue).
     */
    public Builder quorumOfflineQueue(boolean quorum) {
      this.quorumOfflineQueue = quorum;
      return this;
    }

    /**
     * Secure mode: this mapper takes a registration, ping, unregistration or result only when
     * the broker account that published it (its AMQP {@code user-id}, checked by the broker)
     * may claim the agent identity inside, a registered path only when that account may serve
     * it, and a result only from the agent its call was sent to. What it refuses is counted
     * ({@code forbidden} in {@link Mapper#counters()}) and logged. Without an identity of its
     * own, the mapper is named after its account ({@code <account>-<random>}). See
     * docs/security.md.
     */
    public Builder secure(AccountPolicy policy) {
      this.accountPolicy = Objects.requireNonNull(policy, "account policy");
      return this;
    }

    /**
     * Signs every packet this mapper sends and checks the signatures of those it takes; see
     * {@link Signing}.
     */
    public Builder signing(Signing signing) {
      this.signing = Objects.requireNonNull(signing, "signing");
      return this;
    }

    /** Adds a listener told of registrations, unregistrations and evictions. */
    public Builder listener(RegistryListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Adds an observer told how every call ends, for metrics; see {@link CallObserver}. */
    public Builder observer(CallObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Runs {@code interceptor} around each call this mapper makes, outside those added after
     * it: it may add metadata, refuse the call, or time it; see {@link MapperInterceptor}.
     */
    public Builder interceptor(MapperInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Where futures complete, and so where the callbacks chained on them without an executor
     * of their own ({@code thenAccept}, {@code whenComplete}) run. Default: a reply completes
     * its call on the mapper's reply thread, which takes nothing but replies (the fastest path:
     * a hand-off per reply costs a thread wake-up); every other outcome (deadlines, agents
     * lost, pushes confirmed) on a pool of the mapper's own that adds a thread when one blocks.
     * So a callback that blocks never holds up deadlines or evictions, but one chained on a
     * reply delays the replies behind it: chain blocking work with {@code thenAcceptAsync}, or
     * give an executor here, on which every outcome then completes. A call that fails before
     * anything is sent has failed by the time it returns. The mapper does not shut it down.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * How long a started mapper lets a call for a path no agent is known to serve wait for the
     * agents to register; default 2 s. A mapper asks every live agent to register when it
     * starts, and they answer within a round trip: a call made right after {@link #start()}
     * goes as soon as an agent serving its path has, and fails with {@link NoAgentException}
     * only if none has by then (or by its deadline, if sooner). {@link Duration#ZERO} fails such
     * a call at once. After a reconnect the wait is the agents' timeout instead, as they
     * reconnect at their own pace.
     */
    public Builder discovery(Duration discovery) {
      Objects.requireNonNull(discovery, "discovery");
      if (discovery.isNegative()) {
        throw new IllegalArgumentException("discovery must not be negative, got " + discovery);
      }
      this.discovery = discovery;
      return this;
    }

    /**
     * Adds a listener told when the mapper loses its broker connection and when it can send
     * calls again, on a thread of the mapper's own; see {@link ConnectionListener}.
     */
    public Builder connectionListener(ConnectionListener listener) {
      connectionListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Connects and starts listening.
     *
     * @throws BrokerUnavailableException if the broker cannot be reached
     */
    public Mapper start() {
      String random = UUID.randomUUID().toString().substring(0, 8);
      String id = Security.identity(identity, "mapper-" + random, random, broker, accountPolicy,
          signing);
      MapperSettings settings = new MapperSettings(broker.settings(), id, agentTimeout, requestTimeout,
          inFlightWeight, maxInFlight, persistent, maxPacketBytes, offlineHeld, offlineRetry,
          List.copyOf(listeners), List.copyOf(observers), executor, discovery,
          List.copyOf(connectionListeners), quorumOfflineQueue, List.copyOf(interceptors),
          new SecuritySettings(accountPolicy, CallerPolicy.anyone(), signing));
      return new Mapper(new MapperRuntime(settings), id);
    }
  }
}
