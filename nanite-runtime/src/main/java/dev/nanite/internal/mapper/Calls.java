package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.AgentLostException;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallObserver.MoveReason;
import dev.nanite.CallObserver.Outcome;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.RemoteException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Publisher;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Probe;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mapper's calls from sending to outcome. Every fault is one transition of a {@link Call} in
 * the {@link CallTable}: a reply, the deadline, a request the broker returned, an agent lost
 * (evicted, unregistered, its queue found gone), the connection lost and back, the mapper
 * closing. The transition decides; only its winner sends, re-sends or completes the call.
 *
 * <p>Outcomes reach callers on the completion executor, never on the thread that found them:
 * that is the scheduler (deadlines, evictions), the broker connection's, or a consumer's, none
 * of which may wait for a caller's callback. Thread-safe.
 */
final class Calls {
  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  /** Sends of one call to agents that turned out to be gone, before it stops trying. */
  static final int MAX_SENDS = 8;
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /**
   * How long after its send a call held by an agent found gone may still come back from the
   * broker as unroutable. The broker returns a request as it routes it, but on another channel
   * than the one that told of the agent's loss (a probe's return, say), so the two can arrive in
   * either order: a call sent that recently is settled as lost only if its own return has not
   * come by then, since a returned call never ran and goes to another agent.
   */
  static final long RETURN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /** A cancel is not worth keeping: it expires with the call it stops, or soon. */
  private static final AMQP.BasicProperties CANCEL = new AMQP.BasicProperties.Builder()
      .deliveryMode(1).build();
  private static final AMQP.BasicProperties PROBE = new AMQP.BasicProperties.Builder()
      .contentType("application/x-protobuf").build();

  /** Parks a request in the offline queue; the future completes once the broker has it. */
  @FunctionalInterface
  interface Parking {
    CompletableFuture<Void> park(Request request, Set<String> tags, Selector.Single selector);
  }

  private final MapperSettings settings;
  private final Registry registry;
  private final Selection selection;
  private final MapperStats stats;
  private final Publisher publisher;
  private final String replyQueue;
  private final Envelopes envelopes;
  private final Clock clock;
  private final BooleanSupplier connected;
  /** How many times the connection was lost so far: which connection a call went out on. */
  private final LongSupplier losses;
  private final Parking parking;
  private final Executor completions;
  /** Whether a reply completes its call on the thread that took it (no executor was given). */
  private final boolean repliesInline;
  private final CallObservers observers;
  /**
   * Set while a caller's thread makes its call: an outcome decided then (no agent, no
   * connection) completes the future before the call returns, as the caller's own thread is
   * no mapper thread to protect.
   */
  private static final ThreadLocal<Boolean> CALLER = new ThreadLocal<>();
  private final CallTable table = new CallTable();
  private final ConcurrentHashMap<String, Long> probed = new ConcurrentHashMap<>();
  /** Until then, a call finding no agent waits for one: agents are still reconnecting. */
  private volatile long reconnectingUntilNanos;

  /**
   * @param connected whether calls can be sent now
   * @param losses how many times the broker connection was lost so far
   * @param parking the offline queue, or null where there is none
   * @param completions runs callers' callbacks
   * @param repliesInline whether a reply completes its call on the reply consumer's thread
   *     instead of on {@code completions}
   */
  Calls(MapperSettings settings, Registry registry, Selection selection, MapperStats stats,
      Publisher publisher, String replyQueue, Envelopes envelopes, Clock clock,
      BooleanSupplier connected, LongSupplier losses, Parking parking, Executor completions,
      boolean repliesInline, CallObservers observers) {
    this.settings = settings;
    this.registry = registry;
    this.selection = selection;
    this.stats = stats;
    this.publisher = publisher;
    this.replyQueue = replyQueue;
    this.envelopes = envelopes;
    this.clock = clock;
    this.connected = connected;
    this.losses = losses;
    this.parking = parking;
    this.completions = completions;
    this.repliesInline = repliesInline;
    this.observers = observers;
  }

  /** Calls not settled yet, which {@code maxInFlight} bounds. */
  int inFlight() {
    return table.size();
  }

  CallTable table() {
    return table;
  }

  Clock clock() {
    return clock;
  }

  /**
   * The token of the part of a call to all ({@code token}) that goes to {@code agent}. The
   * {@code @} keeps it apart from every token {@link Envelopes#newToken} makes, which has none.
   */
  static String partToken(String token, String agent) {
    return token + "@" + agent;
  }

  /** A new call, in the table with its deadline running. */
  Call newCall(Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, Call.Sink sink) {
    Duration timeout = settings.timeoutOf(options);
    Call call = open(envelopes.newToken(), endpoint, args, selector, options, timeout, sink);
    Clock.Cancellable timer = clock.schedule(() -> expire(call, timeout), timeout.toNanos());
    call.timer(timer::cancel);
    return call;
  }

  /** A new call in the table whose deadline has no timer yet. */
  Call open(String token, Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, Duration timeout, Call.Sink sink) {
    Call call = new Call(token, endpoint, args, selector, options, clock.nanoTime(),
        clock.currentTimeMillis() + timeout.toMillis(), sink);
    table.add(call);
    return call;
  }

  /**
   * Runs {@code making}, the caller's making of a call, so that an outcome decided on the way
   * completes on the caller's thread, before the call returns.
   */
  void onCallerThread(Runnable making) {
    CALLER.set(Boolean.TRUE);
    try {
      making.run();
    } finally {
      CALLER.remove();
    }
  }

  /** Chooses an agent for a queued single-agent call and sends it there, or lets it wait. */
  void dispatch(Call call) {
    if (!connected.getAsBoolean()) {
      if (call.mayWait()) {
        table.await(call); // tried again once the connection is back
      } else {
        fail(call, new BrokerUnavailableException(call.path(), "mapper " + settings.identity()
            + " has no broker connection right now; the call was not sent", null));
      }
      return;
    }
    AgentState agent;
    try {
      agent = selection.one(call.path(), call.endpoint.fingerprint(), call.options.tags(),
          call.selector);
    } catch (NoAgentException e) {
      // Agents serve the path with another signature: parked or waiting, the call would only
      // meet its deadline and report a timeout instead.
      boolean skewed = e instanceof SignatureMismatchException;
      if (call.options.offline() && parking != null && !skewed) {
        park(call);
      } else if ((call.mayWait() && !skewed) || clock.nanoTime() - reconnectingUntilNanos < 0) {
        table.await(call);
      } else {
        fail(call, e);
      }
      return;
    }
    send(call, agent);
  }

  /** Parks a queued call; its result comes from whichever mapper delivers it. */
  private void park(Call call) {
    if (!call.park()) {
      return;
    }
    parking.park(envelopes.request(call.token, call.endpoint, call.args, replyQueue,
            call.deadlineMillis, call.options.metadata()), call.options.tags(), call.selector)
        .whenComplete((ok, error) -> {
          if (error != null && call.unpark()) {
            table.await(call); // offline, so it waits and is parked again on the next retry
          }
        });
  }

  /** Sends a queued call to {@code agent}; nothing if another fault moved it first. */
  void send(Call call, AgentState agent) {
    if (!sent(call, agent)) {
      return;
    }
    stats.sent.incrementAndGet();
    byte[] body = envelopes.requestBody(call.token, call.endpoint, call.args, replyQueue,
        call.deadlineMillis, call.options.metadata(), agent);
    publisher.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
            envelopes.properties(call.token, replyQueue, call.options, call.deadlineMillis), body)
        .whenComplete((ok, error) -> {
          if (error != null) {
            notSent(call, agent, error);
          }
        });
  }

  /**
   * The transition QUEUED → SENT(agent), told to the observers; false if the call was not
   * queued. The caller counts it in {@code sent}, once per message for a call to all.
   */
  boolean sent(Call call, AgentState agent) {
    int attempt = call.send(agent, clock.nanoTime(), losses.getAsLong());
    if (attempt == 0) {
      return false;
    }
    observers.sent(call, agent.identity, attempt);
    return true;
  }

  /** A call whose message to {@code agent} could not be published (the connection dropped). */
  void notSent(Call call, AgentState agent, Throwable error) {
    if (!call.takeBack(agent)) {
      return; // another fault acted on it first
    }
    if (call.mayWait()) {
      table.await(call); // tried again once the connection is back
      return;
    }
    fail(call, error instanceof NaniteException n ? n
        : new BrokerUnavailableException(call.path(), error.getMessage(), error));
  }

  /**
   * Whether {@code result} comes from an agent that may answer its call (secure mode): the one
   * it was sent to. True for a result no call waits for, which {@link #replied} drops as late.
   */
  boolean fromItsAgent(Result result) {
    Call call = table.get(result.getToken());
    if (call == null && !result.getAgent().isEmpty()) {
      call = table.get(partToken(result.getToken(), result.getAgent()));
    }
    return call == null || call.mayAnswer(result.getAgent());
  }

  void replied(Result result) {
    String token = result.getToken();
    String from = result.getAgent();
    Call call = table.get(token);
    if (call == null && !from.isEmpty()) {
      call = table.get(partToken(token, from)); // a part of a call to all sent as one message
    }
    if (call == null || !table.settleAnswered(call, from, clock.nanoTime())) {
      stats.lateReplies.incrementAndGet();
      log.debug("Mapper {}: late reply {} from {}", settings.identity(), token, from);
      return;
    }
    stats.replies.incrementAndGet();
    if (!result.hasError()) {
      completeReply(call, from, result.getValue(), null);
      return;
    }
    String type = result.getError().getType();
    String message = result.getError().getMessage().isEmpty() ? null
        : result.getError().getMessage();
    if (type.equals("nanite.Redelivered")) {
      stats.lost.incrementAndGet();
      completeReply(call, from, null, new AgentLostException(call.path(), from, message));
    } else {
      completeReply(call, from, null, new RemoteException(call.path(), from, type, message));
    }
  }

  /** The deadline of {@code call} passed. */
  void expire(Call call, Duration timeout) {
    if (table.settle(call)) {
      stats.timeouts.incrementAndGet();
      String agent = call.lastAgent();
      String refusal = call.refusal();
      complete(call, agent, null, refusal == null
          ? new RequestTimeoutException(call.path(), agent, timeout)
          : new RequestTimeoutException(call.path(), agent, timeout, refusal));
    }
  }

  /**
   * Notes on its call an agent's notice that it refused a request with the call's token
   * before it could trust its sender: the call's timeout then says so.
   */
  void noteRefusal(Result notice) {
    Call call = table.get(notice.getRefusedToken());
    if (call == null && !notice.getAgent().isEmpty()) {
      call = table.get(partToken(notice.getRefusedToken(), notice.getAgent()));
    }
    if (call != null) {
      call.refused("agent " + notice.getAgent() + " refused a request with this call's token: "
          + notice.getError().getType() + ": " + notice.getError().getMessage());
    }
  }

  /**
   * The caller cancelled {@code call}: it is settled, and the agent holding it, if any, is told
   * to stop it. Its future is already complete (cancelled), so only the observers hear of it.
   */
  void cancel(Call call) {
    AgentState at = call.agent();
    if (!table.settle(call)) {
      return; // it had ended
    }
    observers.finished(call, at == null ? call.lastAgent() : at.identity, Outcome.CANCELLED,
        clock.nanoTime());
    if (at != null) {
      // A part of a call to all sent as one message carries the call's token, not the part's.
      String suffix = "@" + at.identity;
      String token = call.token.endsWith(suffix)
          ? call.token.substring(0, call.token.length() - suffix.length()) : call.token;
      publisher.publish(Topology.DEFAULT_EXCHANGE, at.identity, false, CANCEL,
              envelopes.cancelBody(token))
          .whenComplete((ok, error) -> {
            if (error != null) {
              log.debug("Mapper {} could not tell {} to stop {}: {}", settings.identity(),
                  at.identity, call.token, error.toString());
            }
          });
    }
  }

  /** Settles a call with {@code error}, unless it already settled. */
  void fail(Call call, NaniteException error) {
    if (table.settle(call)) {
      complete(call, call.lastAgent(), null, error);
    }
  }

  /**
   * The broker returned the request of {@code token} to {@code agent} as unroutable: the
   * agent's queue is gone, so the request never reached it. Takes the call back from that
   * agent, before the agent is settled as lost, so that the call, whatever its method, goes to
   * another agent instead of failing as lost with the agent's other calls.
   *
   * @return the call taken back, to hand to {@link #moveOn} once the agent is out of the
   *     registry; null if there is none or another fault moved it first
   */
  Call takeBackReturned(String agent, String token, String replyTo) {
    if (token == null || !replyQueue.equals(replyTo)) {
      return null;
    }
    Call call = table.get(token);
    if (call == null) {
      call = table.get(partToken(token, agent)); // a call to all, sent as one message
    }
    AgentState at = call == null ? null : call.agent();
    return at != null && at.identity.equals(agent) && call.takeBack(at) ? call : null;
  }

  /**
   * Sends a call that left {@code from} without an answer on to another agent; a part of a call
   * to all, which is for that agent alone, or a call sent too often, fails as lost.
   */
  void moveOn(Call call, String from, String reason, MoveReason why) {
    observers.movedOn(call, from, why);
    if (call.selector == null || call.sends() >= MAX_SENDS) {
      stats.lost.incrementAndGet();
      fail(call, new AgentLostException(call.path(), from, reason));
      return;
    }
    stats.resent.incrementAndGet();
    dispatch(call);
  }

  /**
   * Settles the calls held by an agent that is gone: idempotent single-agent calls move to
   * another agent, the rest fail with {@link AgentLostException}. A call already taken back
   * (the request the broker returned) is not the agent's any more and is left alone. An agent
   * with a durable queue keeps its calls: they wait in its queue for it to come back.
   */
  void agentLost(AgentState agent, String reason) {
    probed.remove(agent.identity);
    if (agent.durableQueue) {
      return; // its requests wait in its durable queue for it to come back, until their deadline
    }
    for (Call call : List.copyOf(agent.calls)) {
      if (call.movable()) {
        if (call.takeBack(agent)) {
          moveOn(call, agent.identity, reason, MoveReason.AGENT_LOST);
        }
      } else {
        long returnCanComeFor = RETURN_GRACE_NANOS - (clock.nanoTime() - call.sentNanos());
        if (returnCanComeFor > 0) {
          clock.schedule(() -> lost(call, agent, reason), returnCanComeFor);
        } else {
          lost(call, agent, reason);
        }
      }
    }
  }

  /** Settles a call its agent was lost holding, unless it has left the agent since. */
  private void lost(Call call, AgentState agent, String reason) {
    if (table.settleAt(call, agent)) {
      stats.lost.incrementAndGet();
      complete(call, agent.identity, null,
          new AgentLostException(call.path(), agent.identity, reason));
    }
  }

  /**
   * The broker connection dropped, for the {@code loss}-th time. Requests in flight on it may be
   * lost with their queues: idempotent
   * single-agent calls wait to be sent again once the connection is back; the others fail now
   * with {@link AgentLostException}, as they may or may not have run. Calls sent to an agent with
   * a durable queue stay: they outlive the connection, until their deadline.
   *
   * <p>Parked calls outlive a dropped connection too, but not a broker that keeps nothing across
   * a restart (an embedded in-memory one, a reset node), and this mapper cannot tell which it
   * was. An idempotent one is queued to be parked again: at worst it runs twice, which it
   * allows, and the first result wins. The others keep waiting for their parked copy, or for
   * their deadline.
   *
   * <p>The news can come late, after the connection is back and new calls went out on it: those
   * are not the loss's to settle, so only calls sent before it are.
   */
  void connectionLost(long loss) {
    for (Call call : table.all()) {
      AgentState agent = call.agent();
      if (agent != null && !call.sentBefore(loss)) {
        continue; // sent on the connection that came back
      } else if (agent == null) {
        if (call.endpoint.idempotent() && call.unpark()) {
          table.await(call);
        }
      } else if (agent.durableQueue) {
        continue; // waiting in a durable queue, which outlives the connection
      } else if (call.movable()) {
        if (call.takeBack(agent)) {
          call.allowWaiting();
          observers.movedOn(call, agent.identity, MoveReason.CONNECTION_LOST);
          table.await(call);
        }
      } else if (table.settleAt(call, agent)) {
        stats.lost.incrementAndGet();
        complete(call, agent.identity, null, new AgentLostException(call.path(), agent.identity,
            "the broker connection was lost while the call was in flight"));
      }
    }
  }

  /**
   * Agents are answering this mapper's call to register: it has just started, or reconnected
   * (when they reconnect too and register again within their ping interval). For {@code grace},
   * a call that finds no agent waits for one instead of failing (until its deadline at most),
   * and goes as soon as one that serves its path registers.
   */
  void awaitAgentsFor(Duration grace) {
    reconnectingUntilNanos = clock.nanoTime() + grace.toNanos();
    retryWaiting();
  }

  /** Tries again the calls waiting for an agent or for the connection. */
  void retryWaiting() {
    if (!table.anyWaiting() || !connected.getAsBoolean()) {
      return;
    }
    for (Call call : table.takeWaiting()) {
      dispatch(call);
    }
  }

  /**
   * A result this mapper dropped as over its packet limit: fails the call it answers, naming
   * both sizes, instead of leaving the caller to a timeout that does not say why.
   */
  void tooLarge(byte[] body, int maxBytes) {
    Packets.resultHead(body).ifPresent(head -> {
      Call call = table.get(head.token());
      if (call == null && !head.agent().isEmpty()) {
        call = table.get(partToken(head.token(), head.agent()));
      }
      if (call != null && table.settleAnswered(call, head.agent(), clock.nanoTime())) {
        completeReply(call, head.agent(), null, new NaniteException(call.path(), "the result of "
            + call.path() + " from agent " + head.agent() + " is " + body.length
            + " bytes, over this mapper's limit of " + maxBytes
            + " bytes (Mapper.Builder.maxPacketBytes)"));
      }
    });
  }

  /**
   * Checks, with a mandatory {@code Probe}, the queues of agents that hold calls: a queue that
   * is gone comes back as unroutable at once, so a dead agent's calls are settled without
   * waiting for it to miss its pings. Durable queues outlive their agent, so they are not probed.
   */
  void probe(long nowNanos) {
    byte[] body = null;
    for (AgentState agent : registry.all()) {
      if (agent.durableQueue || agent.calls.isEmpty()) {
        continue;
      }
      Long last = probed.get(agent.identity);
      if (last != null && nowNanos - last < PROBE_INTERVAL_NANOS) {
        continue;
      }
      probed.put(agent.identity, nowNanos);
      if (body == null) {
        body = Packets.newPacket().setProbe(Probe.newBuilder().setMapper(settings.identity()))
            .build().toByteArray();
      }
      publisher.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true, PROBE, body);
    }
  }

  /** Fails every call, for a mapper that is closing. */
  void closeAll(String reason) {
    for (Call call : table.all()) {
      fail(call, new NaniteException(call.path(), reason));
    }
  }

  /**
   * Hands a settled call's outcome to its caller, on the completion executor (or the caller's
   * own thread while it makes the call); observers hear of it first, here. Only the winner of
   * the settling transition calls this, once per call. Never runs a caller's callback on the
   * thread that found the outcome: that is the scheduler (deadlines, evictions), the callback
   * pool (returns, connection changes) or the sweep, none of which may wait for one.
   */
  private void complete(Call call, String agent, ByteString value, NaniteException error) {
    Runnable completion = observed(call, agent, value, error);
    if (CALLER.get() != null) {
      completion.run();
      return;
    }
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // the executor is shut down (the mapper is closing): nothing is dropped
    }
  }

  /**
   * Like {@link #complete} for an outcome the reply consumer found. Without an executor of the
   * user's, it completes on that thread, as a hand-off per reply costs a thread wake-up (the
   * request/reply benchmark's p50 rose by a sixth with one, and a call to all paid it per
   * agent); the consumer takes nothing but replies, so a callback that blocks there delays
   * other replies only, never deadlines or evictions.
   */
  private void completeReply(Call call, String agent, ByteString value,
      NaniteException error) {
    if (repliesInline) {
      observed(call, agent, value, error).run();
    } else {
      complete(call, agent, value, error);
    }
  }

  /** Tells the observers of the outcome now, and returns what completes the call. */
  private Runnable observed(Call call, String agent, ByteString value, NaniteException error) {
    observers.finished(call, agent, error == null ? Outcome.OK : CallObservers.outcome(error),
        clock.nanoTime());
    return error == null ? () -> call.sink.value(agent, value)
        : () -> call.sink.error(agent, error);
  }
}
