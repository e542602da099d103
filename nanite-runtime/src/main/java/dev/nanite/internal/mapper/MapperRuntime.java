package dev.nanite.internal.mapper;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ReturnListener;
import dev.nanite.AgentInfo;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Replies;
import dev.nanite.Reply;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.ConnectionEvents;
import dev.nanite.internal.amqp.ConnectionState;
import dev.nanite.internal.amqp.Connections;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.amqp.Unavailable;
import dev.nanite.internal.protocol.Advertise;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.security.Gate;
import dev.nanite.internal.security.Outbound;
import dev.nanite.internal.security.Seals;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mapper: its connection and consumers, wired to the registry ({@link Membership}),
 * the calls in flight ({@link Calls}), pushes and the offline queue.
 */
public final class MapperRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MapperRuntime.class);
  private static final AMQP.BasicProperties PACKET = new AMQP.BasicProperties.Builder()
      .contentType("application/x-protobuf").build();
  private static final Duration ADVERTISE_ALL_TTL = Duration.ofSeconds(10);

  private final MapperSettings settings;
  private final MapperStats stats = new MapperStats();
  private final Registry registry = new Registry();
  private final Schemas schemas = new Schemas();
  private final CallObservers observers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor scheduler;
  /** Runs what amqp-client reports on its I/O thread (returns, confirms, connection changes). */
  private final ExecutorService callbacks;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final ConnectionState state;
  /**
   * The connection losses counted when the reply queue was last declared and consumed: calls
   * can be made while no loss has come since (a result sent before then would be dropped).
   * A count rather than a flag, so that news of a loss that arrives after the reconnect it
   * preceded cannot turn the mapper off for good.
   */
  private volatile long readyAfterLoss;
  /** Tells the connection listeners when readiness changes. */
  private final ConnectionEvents connectionEvents;
  private final Connection connection;
  private final ChannelPool channels;
  private final Selection selection;
  private final Envelopes envelopes;
  private final Calls calls;
  private final Membership membership;
  private final Returns returns;
  private final PushSender pushes;
  private final OfflineQueue offline;
  private final CallsToAll callsToAll;
  /** Completes callers' futures: the user's executor, or {@link #ownCompletions}. */
  private final Executor completions;
  /** The mapper's own completion pool when the user gave none; shut down on close. */
  private final ExecutorService ownCompletions;
  /** The body of every Advertise this mapper sends, to one agent or to all: always the same. */
  private final byte[] advertiseBody;
  private final Requests requests;
  /** Lets packets in: parsed, signatures and accounts checked. */
  private final Gate gate;

  /**
   * Connects, declares the mapper's queues and starts listening.
   *
   * @throws BrokerUnavailableException if the broker cannot be reached
   */
  public MapperRuntime(MapperSettings settings) {
    this.settings = settings;
    this.advertiseBody = Packets.newPacket()
        .setAdvertise(Advertise.newBuilder().setMapper(settings.identity()))
        .build().toByteArray();
    this.observers = new CallObservers(settings.observers());
    this.scheduler = new ScheduledThreadPoolExecutor(1,
        daemonThreads("nanite-mapper-" + settings.identity()));
    scheduler.setRemoveOnCancelPolicy(true);
    this.callbacks = Executors.newFixedThreadPool(2,
        daemonThreads("nanite-mapper-" + settings.identity() + "-callbacks-"));
    // A cached pool, as grpc-java's default: a caller's callback that blocks holds one thread,
    // and the next completion gets another, so one slow callback stalls no other call.
    this.ownCompletions = settings.executor() != null ? null : Executors.newCachedThreadPool(
        daemonThreads("nanite-mapper-" + settings.identity() + "-complete-"));
    this.completions = settings.executor() != null ? settings.executor() : ownCompletions;
    this.state = new ConnectionState("Mapper " + settings.identity(), callbacks);
    this.connectionEvents = ConnectionEvents.create(state, "Mapper " + settings.identity(),
        "nanite-mapper-events-" + settings.identity(), settings.connectionListeners());
    this.selection = new Selection(registry, settings.inFlightWeight(),
        new Contracts(CallerSchemas.ofContext()::find, schemas::get));
    String replyQueue = Topology.mapperReplies(settings.identity());
    Connection opened = null;
    try {
      opened = Connections.open(settings.broker(), Duration.ofSeconds(1), state, null,
          "nanite-mapper-" + settings.identity());
      this.connection = opened;
      // Returns arrive on the connection's I/O thread; handling one may open channels.
      ReturnListener onReturn = this::onReturn;
      Outbound outbound = settings.security().outbound(Connections.account(settings.broker()));
      this.gate = settings.security().gate("Mapper " + settings.identity(),
          settings.maxPacketBytes(), stats.security);
      this.channels = new ChannelPool(connection, false, onReturn, Unavailable::of, callbacks,
          outbound);
      this.envelopes = new Envelopes(settings.identity(), settings.persistent(),
          Expiration.of(connection));
      Fanout fanout = new Fanout(CallToAll.routesByBcc(connection));
      this.offline = new OfflineQueue(connection, settings, selection, envelopes, channels, stats,
          gate);
      this.calls = new Calls(settings, registry, selection, stats, channels, replyQueue,
          envelopes, Clock.system(scheduler), this::isReady, state::losses, offline::park,
          completions, settings.executor() == null,
          observers);
      this.callsToAll = new CallsToAll(calls, channels, envelopes, fanout, settings, stats,
          replyQueue);
      this.membership = new Membership(settings, registry, schemas, stats, calls,
          this::advertise);
      this.returns = new Returns(calls, membership, registry, offline::unroutable);
      this.pushes = new PushSender(settings, stats, envelopes, selection,
          new ChannelPool(connection, true, onReturn, Unavailable::of, completions, outbound),
          fanout,
          this::isReady, membership::agentGone, offline::park);

      PacketConsumer inbox = new PacketConsumer(settings.identity(), "inbox", membership,
          gate, packet -> PacketConsumer.inbox(packet, membership, gate),
          body -> { }); // nothing waits on a ping or a registration: dropping it is enough
      inbox.start(connection, (channel, consumer) -> {
        Topology.declareExchanges(channel);
        Topology.declareMapperQueues(channel, settings.identity());
        channel.basicConsume(Topology.mapperInbox(settings.identity()), true, consumer);
      });
      // The inbox now hears registrations: ask every live agent for one, so that this mapper
      // knows the fabric at once rather than one ping interval (15 s by default) from now.
      // Again after a reconnect, for the agents that registered while it was away.
      inbox.onResubscribed(this::advertiseAll);
      advertiseAll();
      PacketConsumer replies = new PacketConsumer(settings.identity(), "reply queue", membership,
          gate, packet -> PacketConsumer.replies(packet, calls, gate),
          body -> calls.tooLarge(body, settings.maxPacketBytes()));
      replies.start(connection, (channel, consumer) -> {
        Topology.declareMapperQueues(channel, settings.identity());
        channel.basicConsume(replyQueue, true, consumer);
      });
      CallToAll.tryDeclare(connection, "Mapper " + settings.identity());
      replies.onResubscribed(() -> {
        CallToAll.tryDeclare(connection, "Mapper " + settings.identity());
        readyAfterLoss = state.losses();
        connectionEvents.ready();
        calls.awaitAgentsFor(membership.reconnected());
      });
      offline.start(connection,
          (channel, consumer) -> offline.subscribe(channel));
      state.watch(connection, new ConnectionState.Listener() {
        @Override
        public void lost() {
          connectionEvents.lost();
          calls.connectionLost(state.losses());
          offline.forgetHeld();
        }
      });
    } catch (IOException | TimeoutException | RuntimeException e) {
      if (opened != null) {
        opened.abort();
      }
      scheduler.shutdownNow();
      callbacks.shutdownNow();
      if (ownCompletions != null) {
        ownCompletions.shutdownNow();
      }
      connectionEvents.close();
      throw new BrokerUnavailableException(null, "mapper " + settings.identity()
          + " cannot start: " + Connections.cannotConnect(settings.broker(), e), e);
    }
    // Agents answer the call to register sent above within a round trip: until then, a call
    // for a path no agent is known to serve waits for them instead of failing.
    this.requests = new Requests(settings, calls, callsToAll, pushes, selection, observers,
        completions, scheduler, this::isReady, closed::get,
        System.nanoTime() + settings.discovery().toNanos());
    calls.awaitAgentsFor(settings.discovery());
    long sweep = sweepIntervalMillis();
    scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    log.info("Mapper {} listening on {}", settings.identity(), settings.broker().redactedUri());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  public MapperStats stats() {
    return stats;
  }

  /** The message schemas the agents advertised. */
  public Schemas schemas() {
    return schemas;
  }

  public java.util.Map<String, Long> counters() {
    java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>(stats.asMap());
    counters.put("uncaught", state.uncaught());
    return java.util.Collections.unmodifiableMap(counters);
  }

  /** Calls not settled yet, which {@code maxInFlight} bounds. */
  public int inFlight() {
    return calls.inFlight();
  }

  public List<AgentInfo> agents() {
    return registry.all().stream().map(AgentState::snapshot).toList();
  }

  public AgentInfo agent(String identity) {
    AgentState agent = registry.get(identity);
    return agent == null ? null : agent.snapshot();
  }

  public boolean awaitAgents(String path, int count, Duration timeout) throws InterruptedException {
    return registry.awaitServing(path, "", count, timeout.toNanos());
  }

  /**
   * Like {@link #awaitAgents(String, int, Duration)}, counting only agents of its signature or a
   * compatible one.
   */
  public boolean awaitAgents(Endpoint<?, ?> endpoint, int count, Duration timeout)
      throws InterruptedException {
    return registry.awaitServing(endpoint.path(),
        agent -> selection.matches(agent, endpoint.path(), endpoint.fingerprint(), Set.of()),
        count, timeout.toNanos());
  }

  public <Q, R> CompletableFuture<R> request(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    return requests.request(endpoint, request, selector, options);
  }

  /** Like {@link #request}, completing with the answering agent's {@link Reply}. */
  public <Q, R> CompletableFuture<Reply<R>> requestReply(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    return requests.requestReply(endpoint, request, selector, options);
  }

  public <Q, R> CompletableFuture<Replies<R>> requestAll(Endpoint<Q, R> endpoint, Q request,
      CallOptions options) {
    return requests.requestAll(endpoint, request, options);
  }

  public <Q> CompletableFuture<Void> push(Endpoint<Q, ?> endpoint, Q request, Selector selector,
      CallOptions options) {
    return requests.push(endpoint, request, selector, options);
  }

  private boolean isReady() {
    return readyAfterLoss == state.losses() && state.isUp();
  }

  /** Whether calls can be made now: ready, and not closed. */
  public boolean isConnected() {
    return !closed.get() && isReady();
  }

  private void advertise(String identity) {
    channels.publish(Topology.DEFAULT_EXCHANGE, identity, false, PACKET, advertiseBody);
  }

  /**
   * Asks every agent to register, through the {@code advertise} fanout. The request expires
   * after {@link #ADVERTISE_ALL_TTL}, so that it does not pile up in the durable queue of an
   * agent that is down: that agent registers when it starts anyway.
   */
  private void advertiseAll() {
    AMQP.BasicProperties properties = PACKET.builder()
        .expiration(envelopes.expiration(
            System.currentTimeMillis() + ADVERTISE_ALL_TTL.toMillis()))
        .build();
    channels.publish(Topology.ADVERTISE, "", false, properties, advertiseBody)
        .whenComplete((ok, failure) -> {
          if (failure != null) { // agents are still learned from their next ping
            log.debug("Mapper {} could not ask the agents to register: {}", settings.identity(),
                failure.toString());
          }
        });
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      if (isReady()) { // nobody can ping a mapper that is not connected
        membership.sweep(now);
        calls.probe(now);
        offline.sweep(now);
        offline.retry();
        calls.retryWaiting();
      }
    } catch (Throwable t) {
      warnings.warn("sweep", "Mapper {} sweep failed: {}", settings.identity(), t.toString());
    }
  }

  private long sweepIntervalMillis() {
    long timeout = settings.agentTimeout() != null ? settings.agentTimeout().toMillis() : 1_000;
    return Math.max(10, Math.min(Math.min(250, settings.offlineRetry().toMillis()), timeout / 10));
  }

  /**
   * The broker could not route a mandatory message: the queue it was sent to is gone. Runs on
   * the connection's I/O thread, so it only reads the message and marks a returned push there,
   * and hands the rest, which may open channels, to the callback pool.
   *
   * <p>Why the push is marked here: RabbitMQ confirms a returned push right after returning it,
   * and the confirm completes the push in a task on the callback pool, which keeps no order
   * between that task and one for the return. Marked on the callback pool too, the confirm
   * could come first: the push then counted as taken, and was lost instead of sent to another
   * agent.
   */
  private void onReturn(int code, String text, String exchange, String routingKey,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      stats.returned.incrementAndGet();
      Packet packet = Seals.own(body);
      String token = properties.getCorrelationId();
      if (token == null && packet.getBodyCase() == Packet.BodyCase.REQUEST) {
        token = packet.getRequest().getToken(); // a push carries its token only in its body
      }
      if (pushes.returned(token)) {
        return; // the push's confirm settles it
      }
      String callToken = token;
      callbacks.execute(() -> returned(text, exchange, routingKey, properties, packet, callToken));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      warnings.warn("return", "Mapper {}: handling a returned message failed: {}",
          settings.identity(), e.toString());
    }
  }

  /** A returned request or probe: its agent's queue is gone. On the callback pool. */
  private void returned(String text, String exchange, String routingKey,
      AMQP.BasicProperties properties, Packet packet, String token) {
    try {
      returns.returned(text, exchange, routingKey, properties, packet, token);
    } catch (RuntimeException e) {
      warnings.warn("return", "Mapper {}: handling a returned message failed: {}",
          settings.identity(), e.toString());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    calls.closeAll("mapper " + settings.identity() + " closed");
    scheduler.shutdownNow();
    callbacks.shutdown();
    if (ownCompletions != null) {
      ownCompletions.shutdown(); // after the outcomes closeAll handed it
    }
    connectionEvents.close();
    try {
      connection.close(5_000);
    } catch (IOException | RuntimeException e) {
      connection.abort();
    }
    log.info("Mapper {} closed", settings.identity());
  }
}
