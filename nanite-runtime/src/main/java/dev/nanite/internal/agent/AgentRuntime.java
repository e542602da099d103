package dev.nanite.internal.agent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.ConnectionEvents;
import dev.nanite.internal.amqp.ConnectionState;
import dev.nanite.internal.amqp.Connections;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.amqp.Unavailable;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Unregister;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: its connection, request consumer, pings and registration. Starts in the
 * constructor; {@link #stop} unregisters, drains and closes.
 */
public final class AgentRuntime {
  private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);
  private static final AMQP.BasicProperties PACKET = new AMQP.BasicProperties.Builder()
      .contentType("application/x-protobuf").build();

  private final AgentSettings settings;
  private final Routes routes;
  private final AgentStats stats = new AgentStats();
  private final Connection connection;
  private final ChannelPool publishers;
  private final UnroutedResults unrouted;
  private final Replier replier;
  private final RequestConsumer consumer;
  private final ExecutorService executor;
  private final boolean ownExecutor;
  /** Pings, and only that: nothing else queued on it can hold a ping back. */
  private final ScheduledExecutorService pinger;
  /** Everything else timed: the pool's starvation check, result retries, channel upkeep. */
  private final ScheduledExecutorService timer;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));
  private final ConnectionState state;
  /** Whether the agent is serving: connected, and its queue consumed again after a reconnect. */
  private final ConnectionEvents connectionEvents;
  private volatile double lastStatus;
  private volatile boolean boundForAll;
  /** Whether the request queue is a quorum queue: asked for, and the broker has them. */
  private final boolean quorumQueue;

  /**
   * Connects, declares the agent's queue, starts consuming, registers and starts pinging.
   *
   * @throws BrokerUnavailableException if the broker cannot be reached
   */
  public AgentRuntime(AgentSettings settings) {
    this.settings = settings;
    this.routes = Routes.of(settings.actors(), settings.classLoader());
    this.pinger = Executors.newSingleThreadScheduledExecutor(
        daemon("nanite-agent-ping-" + settings.identity()));
    this.timer = Executors.newSingleThreadScheduledExecutor(
        daemon("nanite-agent-timer-" + settings.identity()));
    this.ownExecutor = settings.executor() == null;
    this.executor = ownExecutor
        ? ActorPool.create(settings.identity(), settings.prefetch(), timer)
        : settings.executor();
    this.state = new ConnectionState("Agent " + settings.identity(), timer);
    this.connectionEvents = ConnectionEvents.create(state, "Agent " + settings.identity(),
        "nanite-agent-events-" + settings.identity(), settings.connectionListeners());
    Connection opened = null;
    try {
      opened = Connections.open(settings.broker(), Duration.ofSeconds(1), state,
          ownExecutor ? new OnDeliveryThread() : null, "nanite-agent-" + settings.identity());
      this.connection = opened;
      this.quorumQueue = Topology.quorum(settings.quorumQueue(), connection,
          "Agent " + settings.identity(), log);
      this.unrouted = new UnroutedResults(settings.identity(), timer, stats,
          this::resendResult);
      this.publishers = new ChannelPool(connection, false, unrouted, Unavailable::of, timer,
          settings.security().outbound(Connections.account(settings.broker())));
      this.replier = new Replier(publishers, settings.identity());
      this.consumer = new RequestConsumer(settings, routes, replier, executor, this::registerWith,
          stats, new Deadlines(timer), settings.security().agentGate(settings.identity(),
              settings.maxPacketBytes(), stats.security));
      if (executor instanceof ActorPool pool) {
        pool.onLook(consumer::flushAcks); // writes acknowledgements deferred behind slow calls
      }
      consumer.start(connection, (channel, c) -> {
        Topology.declareExchanges(channel);
        Topology.declareAgentQueue(channel, settings.identity(),
            settings.durableQueue() || settings.quorumQueue(), quorumQueue);
        channel.basicQos(settings.prefetch());
        channel.basicConsume(settings.identity(), false, c);
        // Again after every reconnect: an exclusive queue comes back without its bindings.
        boundForAll = CallToAll.tryBind(connection, settings.identity());
      });
      // Once the queue is declared and consumed again after a reconnect, tell the mappers.
      consumer.onResubscribed(() -> {
        register();
        connectionEvents.ready();
      });
      state.watch(connection, new ConnectionState.Listener() {
        @Override
        public void lost() {
          connectionEvents.lost();
        }
      });
      lastStatus = readStatus();
      register();
    } catch (IOException | TimeoutException | RuntimeException e) {
      closeQuietly(opened);
      connectionEvents.close();
      pinger.shutdownNow();
      timer.shutdownNow();
      if (ownExecutor) {
        executor.shutdownNow();
      }
      throw new BrokerUnavailableException(null, "agent " + settings.identity()
          + " cannot start: " + Connections.cannotConnect(settings.broker(), e), e);
    }
    long interval = settings.pingInterval().toMillis();
    pinger.scheduleAtFixedRate(this::ping, interval, interval, TimeUnit.MILLISECONDS);
    log.info("Agent {} serving {} on {} (node {})", settings.identity(),
        routes.services().stream().map(s -> s.getPath()).toList(),
        settings.broker().redactedUri(), node());
  }

  /** Counters of what the agent handled. */
  public AgentStats stats() {
    return stats;
  }

  /** Every counter by name, with the exceptions that escaped to amqp-client (always 0). */
  public java.util.Map<String, Long> counters() {
    java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>(stats.asMap());
    counters.put("uncaught", state.uncaught());
    return java.util.Collections.unmodifiableMap(counters);
  }

  /**
   * Whether the agent is connected and serving: false from a connection loss until its queue
   * is consumed again and its registration sent again, and once stopped.
   */
  public boolean isConnected() {
    return !stopped.get() && connectionEvents.isConnected();
  }

  /** Requests taken and not yet answered. */
  public int inFlight() {
    return consumer.inFlight();
  }

  /** Requests taken that wait for an actor thread. */
  public int waiting() {
    return consumer.waiting();
  }

  /** The paths served. */
  public java.util.List<String> paths() {
    return routes.services().stream().map(s -> s.getPath()).toList();
  }

  /** Publishes the registration to every mapper (at start, after a reconnect). */
  void register() {
    publish(Topology.REGISTRATION, "", registration());
  }

  /**
   * Answers a mapper's call to register: to its inbox alone, as the others know this agent
   * already. When a mapper starts it asks every agent at once, and answers through the fanout
   * would reach every mapper: agents × mappers messages in a burst, behind which pings queue
   * long enough, in a large fabric, for mappers to evict live agents. An empty identity (a
   * mapper that did not say) gets the fanout.
   */
  void registerWith(String mapper) {
    if (mapper.isEmpty()) {
      register();
    } else {
      publish(Topology.DEFAULT_EXCHANGE, Topology.mapperInbox(mapper), registration());
    }
  }

  private byte[] registration() {
    Register register = Register.newBuilder()
        .setIdentity(settings.identity())
        .addAllServices(routes.services())
        .addAllTags(settings.tags())
        .setStatus(lastStatus)
        .setPingIntervalMillis(settings.pingInterval().toMillis())
        .setSchemas(routes.schemas())
        .setDurableQueue(settings.durableQueue() || settings.quorumQueue())
        .setQuorumQueue(quorumQueue)
        .setBroker(node())
        .setAllExchange(boundForAll)
        .setCounters(stats.toCounters(state.uncaught()))
        .build();
    return Packets.newPacket().setRegister(register).build().toByteArray();
  }

  /** The node the agent is connected to, or empty while it reconnects. */
  private String node() {
    try {
      return Connections.node(connection);
    } catch (RuntimeException e) { // between two nodes: the next registration will say
      return "";
    }
  }

  private void ping() {
    try {
      lastStatus = readStatus();
      Ping ping = Ping.newBuilder()
          .setIdentity(settings.identity())
          .setStatus(lastStatus)
          .setPingIntervalMillis(settings.pingInterval().toMillis())
          .setCounters(stats.toCounters(state.uncaught()))
          .build();
      publish(Topology.HEARTBEAT, "", Packets.newPacket().setPing(ping).build().toByteArray());
      stats.pings.incrementAndGet();
    } catch (Throwable t) {
      // A scheduled task that throws is never run again: keep pinging whatever happens.
      warnings.warn("ping", "Agent {} could not ping: {}", settings.identity(), t.toString());
    }
  }

  private double readStatus() {
    try {
      double status = settings.status().getAsDouble();
      if (Double.isFinite(status)) {
        return status;
      }
      warnings.warn("status", "Agent {} status supplier returned {}; keeping {}",
          settings.identity(), status, lastStatus);
    } catch (RuntimeException e) {
      warnings.warn("status", "Agent {} status supplier failed: {}; keeping {}",
          settings.identity(), e.toString(), lastStatus);
    }
    return lastStatus;
  }

  private java.util.concurrent.CompletableFuture<Void> resendResult(String replyTo, byte[] body) {
    return replier.resend(replyTo, body);
  }

  private void publish(String exchange, String routingKey, byte[] body) {
    publishers.publish(exchange, routingKey, false, PACKET, body).whenComplete((ok, e) -> {
      if (e != null && state.isUp()) { // while down, the lost connection was logged once
        String to = exchange.isEmpty() ? routingKey : exchange;
        warnings.warn("publish-" + to, "Agent {} could not publish to {}: {}",
            settings.identity(), to, e.getMessage());
      }
    });
  }

  /**
   * Stops gracefully: unregisters, stops taking requests, waits up to {@code drain} for the
   * ones in flight to be answered, then closes the connection. Idempotent.
   */
  public void stop(Duration drain) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    pinger.shutdownNow();
    timer.shutdownNow();
    connectionEvents.close();
    int unsent = unrouted.waiting();
    if (unsent > 0) {
      stats.undelivered.addAndGet(unsent);
      log.warn("Agent {} stopped with {} results still waiting for their mappers' reply queues",
          settings.identity(), unsent);
    }
    publish(Topology.REGISTRATION, "", Packets.newPacket()
        .setUnregister(Unregister.newBuilder().setIdentity(settings.identity()))
        .build().toByteArray());
    long deadline = System.nanoTime() + drain.toNanos();
    // Mappers stop routing here once they hear the unregistration; keep consuming until the
    // queue is empty, because cancelling the consumer deletes an auto-delete queue, and with it
    // any request still waiting in it.
    drainQueue(deadline);
    try {
      consumer.cancel();
    } catch (IOException | RuntimeException e) {
      log.debug("Agent {}: cancel failed: {}", settings.identity(), e.toString());
    }
    if (!consumer.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      log.warn("Agent {} stopped with {} requests unanswered after {}", settings.identity(),
          consumer.inFlight(), drain);
    }
    if (ownExecutor) {
      executor.shutdownNow();
    }
    publishers.close();
    closeQuietly(connection);
    log.info("Agent {} stopped", settings.identity());
  }

  /**
   * Waits, until {@code deadline}, for the request queue to hold no message: none waiting and,
   * on brokers that count them (Qpid), none unacknowledged.
   */
  private void drainQueue(long deadline) {
    Channel probe = null;
    try {
      probe = connection.createChannel();
      while (System.nanoTime() < deadline
          && (probe.queueDeclarePassive(settings.identity()).getMessageCount() > 0
              || consumer.inFlight() > 0)) {
        consumer.awaitIdle(Duration.ofMillis(20));
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // let the queue deliver
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Agent {}: cannot watch its queue drain: {}", settings.identity(), e.toString());
    } finally {
      if (probe != null && probe.isOpen()) {
        try {
          probe.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
          // closed with the connection
        }
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null && connection.isOpen()) {
      try {
        connection.close(5_000);
      } catch (IOException | RuntimeException e) {
        connection.abort();
      }
    }
  }
}
