package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ReturnListener;
import dev.nanite.AgentInfo;
import dev.nanite.AgentLostException;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.RegistryListener;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.Reply;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Connections;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.amqp.Unavailable;
import dev.nanite.internal.protocol.Advertise;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mapper: the registry fed by its inbox, the calls in flight and their deadlines,
 * and the sending of requests.
 */
public final class MapperRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MapperRuntime.class);
  private static final int MAX_ATTEMPTS = 5;

  private final MapperSettings settings;
  private final MapperStats stats = new MapperStats();
  private final Registry registry = new Registry();
  private final Schemas schemas = new Schemas();
  private final CallObservers observers;
  private final Selection selection;
  private final ConcurrentHashMap<String, Call> pending = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> advertised = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor scheduler;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final Connection connection;
  private final ChannelPool requests;
  private final PushSender pushes;
  private final String replyQueue;
  private final Expiration expiration;

  /**
   * Connects, declares the mapper's queues and starts listening.
   *
   * @throws BrokerUnavailableException if the broker cannot be reached
   */
  public MapperRuntime(MapperSettings settings) {
    this.settings = settings;
    this.observers = new CallObservers(settings.observers());
    this.selection = new Selection(registry, settings.inFlightWeight());
    this.replyQueue = Topology.mapperReplies(settings.identity());
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "nanite-mapper-" + settings.identity());
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    Connection opened = null;
    try {
      opened = Connections.factory(settings.uri(), Duration.ofSeconds(1))
          .newConnection("nanite-mapper-" + settings.identity());
      this.connection = opened;
      this.expiration = Expiration.of(connection);
      ReturnListener returns = this::returned;
      this.requests = new ChannelPool(connection, false, returns, Unavailable::of);
      this.pushes = new PushSender(this, selection,
          new ChannelPool(connection, true, returns, Unavailable::of));
      Channel inbox = connection.createChannel();
      Topology.declareExchanges(inbox);
      Topology.declareMapperQueues(inbox, settings.identity());
      inbox.basicConsume(Topology.mapperInbox(settings.identity()), true,
          new InboxConsumer(inbox, this, settings.maxPacketBytes(), stats));
      Channel replies = connection.createChannel();
      replies.basicConsume(replyQueue, true,
          new ReplyConsumer(replies, this, settings.maxPacketBytes(), stats));
      ((Recoverable) connection).addRecoveryListener(new Reconnected());
    } catch (IOException | TimeoutException | RuntimeException e) {
      if (opened != null) {
        opened.abort();
      }
      scheduler.shutdownNow();
      throw new BrokerUnavailableException(null, "mapper " + settings.identity()
          + " cannot start on " + Connections.redact(settings.uri()) + ": " + e, e);
    }
    long sweep = sweepIntervalMillis();
    scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    log.info("Mapper {} listening on {}", settings.identity(), Connections.redact(settings.uri()));
  }

  public MapperStats stats() {
    return stats;
  }

  /** The message schemas the agents advertised. */
  public Schemas schemas() {
    return schemas;
  }

  // ---- the registry ----

  public List<AgentInfo> agents() {
    return registry.all().stream().map(AgentState::snapshot).toList();
  }

  public AgentInfo agent(String identity) {
    AgentState state = registry.get(identity);
    return state == null ? null : state.snapshot();
  }

  public boolean awaitAgents(String path, int count, Duration timeout) throws InterruptedException {
    return registry.awaitServing(path, count, timeout.toNanos());
  }

  void registered(Register register) {
    if (register.getIdentity().isEmpty()) {
      reject("a registration without an identity");
      return;
    }
    if (!Double.isFinite(register.getStatus())) {
      reject("a registration with status " + register.getStatus());
      return;
    }
    schemas.register(register); // first: who sees the agent can call it
    boolean added = registry.register(register, System.nanoTime());
    advertised.remove(register.getIdentity());
    if (added) {
      log.info("Mapper {}: agent {} registered, serving {}", settings.identity(),
          register.getIdentity(),
          register.getServicesList().stream().map(s -> s.getPath()).toList());
    }
    notifyListeners(registry.get(register.getIdentity()), RegistryListener::registered);
  }

  void unregistered(String identity) {
    AgentState removed = registry.remove(identity);
    if (removed != null) {
      log.info("Mapper {}: agent {} unregistered", settings.identity(), identity);
      notifyListeners(removed, RegistryListener::unregistered);
    }
  }

  void pinged(Ping ping) {
    if (!Double.isFinite(ping.getStatus())) {
      reject("a ping from " + ping.getIdentity() + " with status " + ping.getStatus());
      return;
    }
    AgentState state = registry.get(ping.getIdentity());
    if (state != null) {
      state.seen(ping.getStatus(), System.nanoTime());
      return;
    }
    // A ping from an agent this mapper does not know (it started late, or the agent was
    // evicted and came back): ask it to register again, at most once a second.
    long now = System.nanoTime();
    Long last = advertised.get(ping.getIdentity());
    if (last == null || now - last > TimeUnit.SECONDS.toNanos(1)) {
      advertised.put(ping.getIdentity(), now);
      byte[] body = Packets.newPacket()
          .setAdvertise(Advertise.newBuilder().setMapper(settings.identity()))
          .build().toByteArray();
      requests.publish(Topology.DEFAULT_EXCHANGE, ping.getIdentity(), false, properties(null),
          body);
    }
  }

  void reject(String what) {
    stats.rejected.incrementAndGet();
    warnings.warn("reject", "Mapper {} ignored {}", settings.identity(), what);
  }

  private void sweep() {
    try {
      for (AgentState silent : registry.evictSilent(System.nanoTime(), this::agentTimeoutMillis)) {
        stats.evictions.incrementAndGet();
        log.warn("Mapper {}: agent {} evicted after {} ms without a ping", settings.identity(),
            silent.identity, agentTimeoutMillis(silent));
        notifyListeners(silent, RegistryListener::timedOut);
        agentLost(silent, "it missed its pings");
      }
      long stale = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
      advertised.values().removeIf(at -> at < stale);
    } catch (Throwable t) {
      warnings.warn("sweep", "Mapper {} eviction sweep failed: {}", settings.identity(), t.toString());
    }
  }

  private long agentTimeoutMillis(AgentState agent) {
    if (settings.agentTimeout() != null) {
      return settings.agentTimeout().toMillis();
    }
    return 2 * Math.max(agent.pingIntervalMillis, 10);
  }

  private long sweepIntervalMillis() {
    long timeout = settings.agentTimeout() != null ? settings.agentTimeout().toMillis() : 1_000;
    return Math.max(10, Math.min(250, timeout / 10));
  }

  private void notifyListeners(AgentState agent, java.util.function.BiConsumer<RegistryListener, AgentInfo> event) {
    if (agent == null || settings.listeners().isEmpty()) {
      return;
    }
    AgentInfo info = agent.snapshot();
    for (RegistryListener listener : settings.listeners()) {
      try {
        event.accept(listener, info);
      } catch (RuntimeException e) {
        warnings.warn("listener", "Mapper {}: a registry listener failed: {}", settings.identity(),
            e.toString());
      }
    }
  }

  // ---- calls ----

  public <Q, R> CompletableFuture<R> request(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    CompletableFuture<R> future = new CompletableFuture<>();
    ByteString args = encode(endpoint, request, future);
    if (args != null) {
      dispatch(newCall(endpoint, args, selector, options, Sinks.single(endpoint, future)));
    }
    return future;
  }

  /** Like {@link #request}, completing with the answering agent's {@link Reply}. */
  public <Q, R> CompletableFuture<Reply<R>> requestReply(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    CompletableFuture<Reply<R>> future = new CompletableFuture<>();
    ByteString args = encode(endpoint, request, future);
    if (args != null) {
      dispatch(newCall(endpoint, args, selector, options, Sinks.reply(endpoint, future)));
    }
    return future;
  }

  public <Q, R> CompletableFuture<Replies<R>> requestAll(Endpoint<Q, R> endpoint, Q request,
      CallOptions options) {
    CompletableFuture<Replies<R>> future = new CompletableFuture<>();
    ByteString args = encode(endpoint, request, future);
    if (args == null) {
      return future;
    }
    List<AgentState> agents;
    try {
      agents = selection.all(endpoint.path(), endpoint.fingerprint(), options.tags());
    } catch (NoAgentException e) {
      observers.noAgent(endpoint.path());
      future.completeExceptionally(e);
      return future;
    }
    List<Call.Sink> sinks = Sinks.all(endpoint,
        agents.stream().map(a -> a.identity).toList(), future);
    for (int i = 0; i < agents.size(); i++) {
      Call call = newCall(endpoint, args, null, options, sinks.get(i));
      send(call, agents.get(i));
    }
    return future;
  }

  public <Q> CompletableFuture<Void> push(Endpoint<Q, ?> endpoint, Q request, Selector selector,
      CallOptions options) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    ByteString args = encode(endpoint, request, future);
    if (args == null) {
      return future;
    }
    return observers.observePush(endpoint.path(), pushes.push(endpoint, args, selector, options));
  }

  private <Q> ByteString encode(Endpoint<Q, ?> endpoint, Q request, CompletableFuture<?> future) {
    if (closed.get()) {
      future.completeExceptionally(new NaniteException(endpoint.path(),
          "mapper " + settings.identity() + " is closed"));
      return null;
    }
    if (pending.size() >= settings.maxInFlight()) {
      future.completeExceptionally(new NaniteException(endpoint.path(), "mapper "
          + settings.identity() + " has " + settings.maxInFlight()
          + " calls in flight, its limit; try again when some have completed"));
      return null;
    }
    try {
      return endpoint.requestMarshaller().encode(request);
    } catch (RuntimeException e) {
      future.completeExceptionally(new NaniteException(endpoint.path(),
          "cannot encode the request of " + endpoint.path() + ": " + e.getMessage(), e));
      return null;
    }
  }

  private Call newCall(Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, Call.Sink sink) {
    Duration timeout = timeoutOf(options);
    long deadlineNanos = System.nanoTime() + timeout.toNanos();
    long deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
    Call call = new Call(newToken(), endpoint, args, selector,
        options, deadlineNanos, deadlineMillis, observers.observe(endpoint.path(), sink));
    call.timeout(scheduler.schedule(() -> expire(call, timeout), timeout.toNanos(),
        TimeUnit.NANOSECONDS));
    return call;
  }

  /** Chooses an agent for a single-agent call and sends it there. */
  private void dispatch(Call call) {
    AgentState agent;
    try {
      agent = selection.one(call.path(), call.endpoint.fingerprint(), call.options.tags(),
          call.selector);
    } catch (NoAgentException e) {
      fail(call, e);
      return;
    }
    send(call, agent);
  }

  private void send(Call call, AgentState agent) {
    if (!call.assign(agent)) {
      return;
    }
    pending.put(call.token, call);
    byte[] body = requestBody(call.token, call.endpoint, call.args, replyQueue, call.deadlineMillis);
    stats.sent.incrementAndGet();
    requests.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
            properties(call), body)
        .whenComplete((ok, error) -> {
          if (error != null) {
            fail(call, error instanceof NaniteException n ? n
                : new BrokerUnavailableException(call.path(), error.getMessage(), error));
          }
        });
  }

  byte[] requestBody(String token, Endpoint<?, ?> endpoint, ByteString args, String replyTo,
      long deadlineMillis) {
    return Packets.newPacket().setRequest(Request.newBuilder()
            .setToken(token)
            .setPath(endpoint.path())
            .setFingerprint(endpoint.fingerprint())
            .setArgs(args)
            .setReplyTo(replyTo)
            .setMapper(settings.identity())
            .setDeadlineUnixMillis(deadlineMillis))
        .build().toByteArray();
  }

  AMQP.BasicProperties properties(Call call) {
    if (call == null) {
      return new AMQP.BasicProperties.Builder().contentType("application/x-protobuf").build();
    }
    return properties(call.token, replyQueue, call.options, call.deadlineMillis);
  }

  /** The properties of a request: persistent as asked, expiring with its deadline. */
  AMQP.BasicProperties properties(String token, String replyTo, CallOptions options,
      long deadlineMillis) {
    Boolean persistent = options.persistent();
    boolean durable = persistent != null ? persistent : settings.persistent();
    return new AMQP.BasicProperties.Builder()
        .contentType("application/x-protobuf")
        .correlationId(token)
        .replyTo(replyTo)
        .deliveryMode(durable ? 2 : 1)
        // Requests left in a queue expire with their deadline instead of running late.
        .expiration(expiration.value(deadlineMillis))
        .build();
  }

  String newToken() {
    return Long.toString(tokens.incrementAndGet(), 36);
  }

  Duration timeoutOf(CallOptions options) {
    return options.timeout() != null ? options.timeout() : settings.requestTimeout();
  }

  void replied(Result result) {
    Call call = pending.remove(result.getToken());
    if (call == null || !call.finish()) {
      stats.lateReplies.incrementAndGet();
      log.debug("Mapper {}: late reply {} from {}", settings.identity(), result.getToken(),
          result.getAgent());
      return;
    }
    stats.replies.incrementAndGet();
    if (result.hasError()) {
      call.sink.error(result.getAgent(), new RemoteException(call.path(), result.getAgent(),
          result.getError().getType(), result.getError().getMessage().isEmpty() ? null
              : result.getError().getMessage()));
    } else {
      call.sink.value(result.getAgent(), result.getValue());
    }
  }

  private void expire(Call call, Duration timeout) {
    AgentState agent = call.agent();
    String identity = agent == null ? null : agent.identity;
    if (call.finish()) {
      pending.remove(call.token);
      stats.timeouts.incrementAndGet();
      call.sink.error(identity, new RequestTimeoutException(call.path(), identity, timeout));
    }
  }

  private void fail(Call call, NaniteException error) {
    AgentState agent = call.agent();
    if (call.finish()) {
      pending.remove(call.token);
      call.sink.error(agent == null ? null : agent.identity, error);
    }
  }

  /** The broker could not route a mandatory message: the agent's queue is gone. */
  private void returned(int code, String text, String exchange, String routingKey,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      stats.returned.incrementAndGet();
      String token = properties.getCorrelationId();
      Call call = token == null ? null : pending.get(token);
      AgentState gone = registry.get(routingKey);
      if (gone != null) {
        agentGone(gone, "its request queue is gone (" + text + ")");
      }
      if (call != null && call.unassign()) {
        // Never delivered, so it never ran: safe to send elsewhere whatever the method.
        resend(call, routingKey, "its request queue is gone");
      }
      pushes.returned(token);
    } catch (Throwable t) {
      warnings.warn("return", "Mapper {}: handling a returned message failed: {}",
          settings.identity(), t.toString());
    }
  }

  /** Removes an agent whose queue is gone, and settles the calls it held. */
  void agentGone(AgentState agent, String reason) {
    if (registry.remove(agent.identity) != null) {
      log.warn("Mapper {}: agent {} left dispatch: {}", settings.identity(), agent.identity, reason);
      notifyListeners(agent, RegistryListener::unregistered);
    }
    agentLost(agent, reason);
  }

  /**
   * Settles the calls held by an agent that is gone: idempotent single-agent calls move to
   * another agent, the rest fail with {@link AgentLostException}.
   */
  private void agentLost(AgentState agent, String reason) {
    List<Call> held = new ArrayList<>();
    for (Call call : pending.values()) {
      if (call.agent() == agent) {
        held.add(call);
      }
    }
    for (Call call : held) {
      if (call.selector != null && call.endpoint.idempotent() && call.unassign()) {
        resend(call, agent.identity, reason);
      } else {
        stats.lost.incrementAndGet();
        fail(call, new AgentLostException(call.path(), agent.identity, reason));
      }
    }
  }

  /** Sends a call that its agent can no longer answer to another agent, if it may. */
  private void resend(Call call, String lostAgent, String reason) {
    pending.remove(call.token);
    if (call.selector == null || call.attempts() >= MAX_ATTEMPTS) {
      stats.lost.incrementAndGet();
      fail(call, new AgentLostException(call.path(), lostAgent, reason));
      return;
    }
    stats.resent.incrementAndGet();
    dispatch(call);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Call call : new ArrayList<>(pending.values())) {
      fail(call, new NaniteException(call.path(), "mapper " + settings.identity() + " closed"));
    }
    scheduler.shutdownNow();
    try {
      connection.close(5_000);
    } catch (IOException | RuntimeException e) {
      connection.abort();
    }
    log.info("Mapper {} closed", settings.identity());
  }

  private final class Reconnected implements RecoveryListener {
    @Override
    public void handleRecovery(Recoverable recoverable) {
      log.info("Mapper {} reconnected", settings.identity());
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {
      log.warn("Mapper {} lost its broker connection; reconnecting", settings.identity());
    }
  }

  Map<String, Call> pendingCalls() {
    return pending;
  }
}
