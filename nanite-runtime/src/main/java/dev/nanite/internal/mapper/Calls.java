package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.AgentLostException;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.RemoteException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Probe;
import dev.nanite.internal.protocol.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of a mapper from sending to outcome: choosing an agent, sending, the deadline,
 * results, requests the broker returns, agents lost, and calls waiting for an agent (offline
 * calls, and idempotent calls whose connection dropped). Thread-safe.
 */
final class Calls {
  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  /** Sends of one call to agents that turned out to be gone, before it stops trying. */
  private static final int MAX_SENDS = 8;
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final MapperSettings settings;
  private final Registry registry;
  private final Selection selection;
  private final MapperStats stats;
  private final ChannelPool channels;
  private final String replyQueue;
  private final Envelopes envelopes;
  private final ScheduledExecutorService scheduler;
  private final BooleanSupplier connected;
  private final ConcurrentHashMap<String, Call> pending = new ConcurrentHashMap<>();
  private final Set<Call> waiting = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Long> probed = new ConcurrentHashMap<>();
  private volatile BiConsumer<AgentState, String> agentGone = (agent, reason) -> {};
  /** Until then, a call finding no agent waits for one: agents are still reconnecting. */
  private volatile long reconnectingUntilNanos;
  private volatile OfflineQueue offline;
  /** Whether the broker routes by BCC (see {@link CallToAll}). */
  private final boolean bcc;

  Calls(MapperSettings settings, Registry registry, Selection selection, MapperStats stats,
      ChannelPool channels, String replyQueue, Envelopes envelopes,
      ScheduledExecutorService scheduler, BooleanSupplier connected, boolean bcc) {
    this.bcc = bcc;
    this.settings = settings;
    this.registry = registry;
    this.selection = selection;
    this.stats = stats;
    this.channels = channels;
    this.replyQueue = replyQueue;
    this.envelopes = envelopes;
    this.scheduler = scheduler;
    this.connected = connected;
  }

  /** Where an agent found gone is reported (the registry side). */
  void onAgentGone(BiConsumer<AgentState, String> agentGone) {
    this.agentGone = agentGone;
  }

  void offline(OfflineQueue offline) {
    this.offline = offline;
  }

  int inFlight() {
    return pending.size() + waiting.size();
  }

  /** How this mapper's requests look on the wire. */
  Envelopes envelopes() {
    return envelopes;
  }

  String newToken() {
    return envelopes.newToken();
  }

  Duration timeoutOf(CallOptions options) {
    return options.timeout() != null ? options.timeout() : settings.requestTimeout();
  }

  /**
   * The token of the part of a call to all ({@code token}) that goes to {@code agent}. The
   * {@code @} keeps it apart from every token {@link #newToken} makes, which has none.
   */
  static String partToken(String token, String agent) {
    return token + "@" + agent;
  }

  /** A new call with its deadline running. */
  Call newCall(Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, Call.Sink sink) {
    return newCall(newToken(), endpoint, args, selector, options, sink);
  }

  /** A new call with its deadline running, under {@code token}. */
  Call newCall(String token, Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, Call.Sink sink) {
    Duration timeout = timeoutOf(options);
    Call call = unscheduled(token, endpoint, args, selector, options, timeout, sink);
    call.timer(Call.Timer.of(scheduler.schedule(() -> expire(call, timeout), timeout.toNanos(),
        TimeUnit.NANOSECONDS)));
    return call;
  }

  /** A new call whose deadline has no timer yet. */
  private static Call unscheduled(String token, Endpoint<?, ?> endpoint, ByteString args,
      Selector.Single selector, CallOptions options, Duration timeout, Call.Sink sink) {
    return new Call(token, endpoint, args, selector, options,
        System.nanoTime() + timeout.toNanos(), System.currentTimeMillis() + timeout.toMillis(),
        sink);
  }

  /**
   * The one deadline timer of the parts of a call to all, which share their deadline: it expires
   * every part still open, and is cancelled when the last part finishes. One timer instead of
   * one per part saves the scheduler a schedule and a cancel per agent.
   */
  private final class SharedTimer implements Call.Timer {
    private final AtomicInteger open;
    private final ScheduledFuture<?> future;

    SharedTimer(List<Call> parts, Duration timeout) {
      this.open = new AtomicInteger(parts.size());
      this.future = scheduler.schedule(() -> parts.forEach(part -> expire(part, timeout)),
          timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void callFinished() {
      if (open.decrementAndGet() == 0) {
        future.cancel(false);
      }
    }
  }

  /** Every agent a call to all of them goes to. */
  List<AgentState> selectAll(Endpoint<?, ?> endpoint, CallOptions options) {
    return selection.all(endpoint.path(), endpoint.fingerprint(), options.tags());
  }

  /** Chooses an agent for a single-agent call and sends it there, or lets it wait. */
  void dispatch(Call call) {
    if (!connected.getAsBoolean()) {
      if (call.options.offline()) {
        waiting.add(call); // parked once the connection is back
        return;
      }
      fail(call, new BrokerUnavailableException(call.path(), "mapper " + settings.identity()
          + " has no broker connection right now; the call was not sent", null));
      return;
    }
    AgentState agent;
    try {
      agent = selection.one(call.path(), call.endpoint.fingerprint(), call.options.tags(),
          call.selector);
    } catch (NoAgentException e) {
      OfflineQueue parking = offline;
      if (call.options.offline() && parking != null && !call.finished()) {
        pending.put(call.token, call); // its result comes from whichever mapper delivers it
        parking.park(envelopes.request(call.token, call.endpoint, call.args, replyQueue,
                call.deadlineMillis), call.options.tags(), call.selector)
            .whenComplete((ok, error) -> {
          if (error != null) {
            pending.remove(call.token);
            waiting.add(call);
          }
        });
      } else if (call.mayWait() || System.nanoTime() - reconnectingUntilNanos < 0) {
        waiting.add(call);
      } else {
        fail(call, e);
      }
      return;
    }
    send(call, agent);
  }

  /** Sends a call to {@code agent}; the call counts as in flight there until it finishes. */
  void send(Call call, AgentState agent) {
    if (!call.assign(agent)) {
      return;
    }
    pending.put(call.token, call);
    byte[] body = envelopes.requestBody(call.token, call.endpoint, call.args, replyQueue,
        call.deadlineMillis);
    stats.sent.incrementAndGet();
    channels.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
            envelopes.properties(call.token, replyQueue, call.options, call.deadlineMillis),
            body)
        .whenComplete((ok, error) -> {
          if (error != null) {
            notSent(call, error);
          }
        });
  }

  /**
   * Makes and sends the parts of a call to all, one per agent, whose outcomes go to {@code
   * sinks.get(i)}: as one message (see {@link CallToAll}) on RabbitMQ, or elsewhere when every
   * agent is bound to its exchange, else one per agent.
   */
  void sendAll(Endpoint<?, ?> endpoint, ByteString args, CallOptions options,
      List<AgentState> agents, List<Call.Sink> sinks) {
    if (!reachableAsOne(agents)) {
      for (int i = 0; i < agents.size(); i++) {
        send(newCall(endpoint, args, null, options, sinks.get(i)), agents.get(i));
      }
      return;
    }
    String token = newToken();
    Duration timeout = timeoutOf(options);
    List<Call> parts = new ArrayList<>(agents.size());
    for (int i = 0; i < agents.size(); i++) {
      parts.add(unscheduled(partToken(token, agents.get(i).identity), endpoint, args, null,
          options, timeout, sinks.get(i)));
    }
    SharedTimer timer = new SharedTimer(parts, timeout);
    for (Call part : parts) {
      part.timer(timer);
    }
    sendAsOne(token, parts, agents);
  }

  /**
   * Sends the parts of the call to all {@code token} as one message. That is one publish for
   * this mapper and one message for the broker to take in, instead of one per agent. It carries
   * the one token, and each agent answers with it and its identity, which name the part ({@link
   * #partToken}): nothing in it is per agent, since every agent gets all of it.
   */
  private void sendAsOne(String token, List<Call> parts, List<AgentState> agents) {
    Call first = parts.get(0);
    List<String> identities = new ArrayList<>(agents.size());
    List<Call> sent = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      Call call = parts.get(i);
      AgentState agent = agents.get(i);
      if (!call.assign(agent)) {
        continue;
      }
      pending.put(call.token, call);
      identities.add(agent.identity);
      sent.add(call);
    }
    if (sent.isEmpty()) {
      return;
    }
    stats.sent.addAndGet(sent.size());
    stats.sentToAllAsOne.incrementAndGet();
    CallToAll.Route route = CallToAll.route(bcc, identities);
    // As on a single call, the token is also the correlation id: an agent that cannot read
    // the body (too large, another protocol version) answers nanite.BadPacket with it and its
    // identity, which name its part, so the part fails at once instead of at the deadline.
    AMQP.BasicProperties properties = envelopes.properties(token, replyQueue, first.options,
            first.deadlineMillis).builder()
        .headers(route.headers())
        .build();
    byte[] body = envelopes.requestBody(token, first.endpoint, first.args, replyQueue,
        first.deadlineMillis);
    channels.publish(route.exchange(), route.routingKey(), true, properties, body)
        .whenComplete((ok, error) -> {
          if (error != null) {
            for (Call call : sent) {
              notSent(call, error);
            }
          }
        });
  }

  /** Whether the broker routes by BCC (see {@link CallToAll}). */
  boolean routesByBcc() {
    return bcc;
  }

  /**
   * Whether one message can reach all of {@code agents}: there are several, and the broker
   * routes by BCC or every one of them is bound to the exchange of calls to all.
   */
  boolean reachableAsOne(List<AgentState> agents) {
    if (agents.size() < 2) {
      return false;
    }
    for (int i = 0; i < agents.size() && !bcc; i++) {
      if (!agents.get(i).allExchange) {
        return false;
      }
    }
    return true;
  }

  /** Counts a push to all sent as one message. */
  void pushedToAllAsOne() {
    stats.sentToAllAsOne.incrementAndGet();
  }

  /** A call whose message could not be published. */
  private void notSent(Call call, Throwable error) {
    if (call.mayWait() && call.unassign()) {
      // Not sent (the connection just dropped): an offline call waits for it to return.
      pending.remove(call.token);
      waiting.add(call);
      return;
    }
    fail(call, error instanceof NaniteException n ? n
        : new BrokerUnavailableException(call.path(), error.getMessage(), error));
  }

  void replied(Result result) {
    Call call = answered(result.getToken(), result.getAgent());
    if (call == null) {
      return;
    }
    stats.replies.incrementAndGet();
    if (!result.hasError()) {
      call.sink.value(result.getAgent(), result.getValue());
      return;
    }
    String type = result.getError().getType();
    String message = result.getError().getMessage().isEmpty() ? null
        : result.getError().getMessage();
    if (type.equals("nanite.Redelivered")) {
      stats.lost.incrementAndGet();
      call.sink.error(result.getAgent(),
          new AgentLostException(call.path(), result.getAgent(), message));
    } else {
      call.sink.error(result.getAgent(),
          new RemoteException(call.path(), result.getAgent(), type, message));
    }
  }

  private void expire(Call call, Duration timeout) {
    AgentState agent = call.agent();
    String identity = agent == null ? null : agent.identity;
    if (call.finish()) {
      pending.remove(call.token);
      waiting.remove(call);
      stats.timeouts.incrementAndGet();
      call.sink.error(identity, new RequestTimeoutException(call.path(), identity, timeout));
    }
  }

  void fail(Call call, NaniteException error) {
    AgentState agent = call.agent();
    if (call.finish()) {
      pending.remove(call.token);
      waiting.remove(call);
      call.sink.error(agent == null ? null : agent.identity, error);
    }
  }

  /**
   * The broker returned a mandatory request to {@code routingKey} as unroutable: that agent's
   * queue is gone. The request was never delivered, so it goes to another agent whatever the
   * method; the agent's other calls are settled as lost.
   */
  void returned(String routingKey, String token, String replyTo, String reason) {
    AgentState gone = registry.get(routingKey);
    if (gone != null) {
      agentGone.accept(gone, "its request queue is gone (" + reason + ")");
    }
    Call call = token == null || !replyQueue.equals(replyTo) ? null : pending.get(token);
    if (call == null && token != null && replyQueue.equals(replyTo)) {
      call = pending.get(partToken(token, routingKey)); // a call to all, sent as one message
    }
    if (call != null && call.agent() != null && call.unassign()) {
      resend(call, routingKey, "its request queue was gone");
    }
  }

  /**
   * Settles the calls held by an agent that is gone: idempotent single-agent calls move to
   * another agent, the rest fail with {@link AgentLostException}. An agent with a durable queue
   * keeps its calls: they wait in the queue for it to come back.
   */
  void agentLost(AgentState agent, String reason) {
    probed.remove(agent.identity);
    if (agent.durableQueue) {
      return; // its requests wait in its durable queue for it to come back, until their deadline
    }
    for (Call call : new ArrayList<>(pending.values())) {
      if (call.agent() != agent) {
        continue;
      }
      if (call.selector != null && call.endpoint.idempotent() && call.unassign()) {
        resend(call, agent.identity, reason);
      } else {
        stats.lost.incrementAndGet();
        fail(call, new AgentLostException(call.path(), agent.identity, reason));
      }
    }
  }

  private void resend(Call call, String lostAgent, String reason) {
    pending.remove(call.token);
    if (call.selector == null || call.attempts() >= MAX_SENDS) {
      stats.lost.incrementAndGet();
      fail(call, new AgentLostException(call.path(), lostAgent, reason));
      return;
    }
    stats.resent.incrementAndGet();
    dispatch(call);
  }

  /**
   * The broker connection dropped. Requests in flight may be lost with their queues: idempotent
   * single-agent calls wait to be sent again once an agent is back; the others fail now with
   * {@link AgentLostException}, as they may or may not have run. Calls sent to an agent with a
   * durable queue stay: they outlive the connection, until their deadline.
   *
   * <p>Calls parked in the offline queue (pending with no agent) outlive a dropped connection
   * too, but not a broker that keeps nothing across a restart (an embedded in-memory one, a
   * reset node), and this mapper cannot tell which it was. An idempotent one is parked again
   * once the connection is back: at worst it runs twice, which it allows, and the first result
   * wins. The others keep waiting for their parked copy, or for their deadline.
   */
  void connectionLost() {
    for (Call call : new ArrayList<>(pending.values())) {
      AgentState agent = call.agent();
      if (agent == null) {
        if (call.endpoint.idempotent() && call.unassign()) {
          pending.remove(call.token);
          waiting.add(call);
        }
        continue;
      }
      if (agent.durableQueue) {
        continue; // waiting in a durable queue, which outlives the connection
      }
      if (call.selector != null && call.endpoint.idempotent() && call.unassign()) {
        pending.remove(call.token);
        call.allowWaiting();
        waiting.add(call);
      } else {
        stats.lost.incrementAndGet();
        fail(call, new AgentLostException(call.path(), agent.identity,
            "the broker connection was lost while the call was in flight"));
      }
    }
  }

  /**
   * After this mapper reconnected, agents are reconnecting too and register again within their
   * ping interval: for {@code grace}, a call that finds no agent waits for one instead of
   * failing (until its deadline at most).
   */
  void reconnected(Duration grace) {
    reconnectingUntilNanos = System.nanoTime() + grace.toNanos();
    retryWaiting();
  }

  /** Tries again the calls waiting for an agent or for the connection. */
  void retryWaiting() {
    if (waiting.isEmpty() || !connected.getAsBoolean()) {
      return;
    }
    for (Call call : new ArrayList<>(waiting)) {
      if (waiting.remove(call) && !call.finished()) {
        dispatch(call);
      }
    }
  }

  /**
   * A result this mapper dropped as over its packet limit: fails the call it answers, naming
   * both sizes, instead of leaving the caller to a timeout that does not say why.
   */
  void tooLarge(byte[] body, int maxBytes) {
    Packets.resultHead(body).ifPresent(head -> {
      Call call = answered(head.token(), head.agent());
      if (call != null) {
        call.sink.error(head.agent(), new NaniteException(call.path(), "the result of "
            + call.path() + " from agent " + head.agent() + " is " + body.length
            + " bytes, over this mapper's limit of " + maxBytes
            + " bytes (Mapper.Builder.maxPacketBytes)"));
      }
    });
  }

  /**
   * The call a result with {@code token} from {@code agent} finishes, or null (counted as late)
   * if there is none or it has finished already.
   */
  private Call answered(String token, String agent) {
    Call call = pending.remove(token);
    if (call == null && !agent.isEmpty()) {
      // One part of a call to all sent as one message: the token names the call, the agent
      // its part.
      call = pending.remove(partToken(token, agent));
    }
    if (call == null || !call.finishAnswered(agent)) {
      stats.lateReplies.incrementAndGet();
      log.debug("Mapper {}: late reply {} from {}", settings.identity(), token, agent);
      return null;
    }
    return call;
  }

  /**
   * Checks, with a mandatory {@code Probe}, the queues of agents that hold calls: a queue that
   * is gone comes back as unroutable at once, so a dead agent's calls are settled without
   * waiting for it to miss its pings. Durable queues outlive their agent, so they are not probed.
   */
  void probe(long nowNanos) {
    Set<AgentState> busy = new HashSet<>();
    for (Call call : pending.values()) {
      AgentState agent = call.agent();
      if (agent != null && !agent.durableQueue) {
        busy.add(agent);
      }
    }
    for (AgentState agent : busy) {
      Long last = probed.get(agent.identity);
      if (last != null && nowNanos - last < PROBE_INTERVAL_NANOS) {
        continue;
      }
      probed.put(agent.identity, nowNanos);
      byte[] body = Packets.newPacket().setProbe(Probe.newBuilder().setMapper(settings.identity()))
          .build().toByteArray();
      channels.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
          new AMQP.BasicProperties.Builder().contentType("application/x-protobuf").build(), body);
    }
  }

  /** Fails every call, for a mapper that is closing. */
  void closeAll(String reason) {
    for (Call call : new ArrayList<>(pending.values())) {
      fail(call, new NaniteException(call.path(), reason));
    }
    for (Call call : new ArrayList<>(waiting)) {
      fail(call, new NaniteException(call.path(), reason));
    }
  }

  List<Call> pendingCalls() {
    return List.copyOf(pending.values());
  }
}
