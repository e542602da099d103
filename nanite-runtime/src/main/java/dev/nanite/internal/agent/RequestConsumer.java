package dev.nanite.internal.agent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import com.google.protobuf.ByteString;
import dev.nanite.CallContext;
import dev.nanite.CallRefusedException;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.context.AgentCallContext;
import dev.nanite.internal.context.Contexts;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.amqp.ResilientConsumer;
import dev.nanite.internal.dispatch.DispatchException;
import dev.nanite.internal.protocol.Cancel;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.security.Gate;
import dev.nanite.internal.security.Refusal;
import dev.nanite.internal.security.RefusedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes packets from the agent's request queue: runs each request on the actor executor,
 * replies, and only then acknowledges it, so that a request is never acknowledged before its
 * result is on its way. Bad packets are answered with an error where a reply is possible,
 * logged at a limited rate and acknowledged; nothing thrown here reaches amqp-client.
 */
final class RequestConsumer extends ResilientConsumer {
  private static final Logger log = LoggerFactory.getLogger(RequestConsumer.class);
  /** The most acknowledgements left for a later write. */
  private static final int MAX_DEFERRED = 32;

  private final AgentSettings settings;
  private final Routes routes;
  private final Replier replier;
  private final Executor executor;
  /** Registers again, for the mapper named (its identity), or for all if none is. */
  private final Consumer<String> advertise;
  private final AgentStats stats;
  private final Deadlines deadlines;
  private final Gate gate;
  private final Interception interception;
  /** The calls taken and not yet finished, by mapper and token, for a Cancel to find. */
  private final ConcurrentHashMap<String, AgentCallContext> calls = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Of those, the calls handed to the executor that have not started: what metrics show. */
  private final AtomicInteger waiting = new AtomicInteger();
  private final int maxDeferred;
  private volatile Acks acks;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));

  RequestConsumer(AgentSettings settings, Routes routes, Replier replier,
      Executor executor, Consumer<String> advertise, AgentStats stats, Deadlines deadlines,
      Gate gate) {
    super("Agent " + settings.identity());
    this.settings = settings;
    // A quarter of the prefetch at most, so the broker's window stays open: with a prefetch
    // under 8 nothing is deferred.
    this.maxDeferred = Math.min(MAX_DEFERRED, settings.prefetch() / 4);
    this.routes = routes;
    this.replier = replier;
    this.executor = executor;
    this.advertise = advertise;
    this.stats = stats;
    this.deadlines = deadlines;
    this.gate = gate;
    this.interception = new Interception(settings.interceptors());
  }

  /** Requests taken and not yet answered. */
  int inFlight() {
    return inFlight.get();
  }

  /** Calls taken and handed to the executor that wait for a thread to start. */
  int waiting() {
    return waiting.get();
  }

  /** Waits until no request is in flight, for at most {@code timeout}; true if none is. */
  boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (inFlight) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inFlight, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  private void finished() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (inFlight) {
        inFlight.notifyAll();
      }
    }
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope,
      AMQP.BasicProperties properties, byte[] body) {
    Delivery tag = new Delivery(acks(), envelope.getDeliveryTag());
    try {
      Gate.Admitted admitted = gate.admit(properties, body, envelope.isRedeliver());
      Packet packet = admitted.packet();
      switch (packet.getBodyCase()) {
        case REQUEST:
          handle(tag, envelope.isRedeliver(), packet.getRequest(), admitted.account());
          return;
        case PROBE:
          break; // the mapper only checks that this queue exists
        case CANCEL:
          cancel(packet.getCancel());
          break;
        case ADVERTISE:
          String mapper = packet.getAdvertise().getMapper();
          offload(() -> advertise.accept(mapper), () -> {});
          break;
        default:
          stats.rejected.incrementAndGet();
          warnings.warn("unexpected", "Agent {} ignored a {} packet on its request queue",
              settings.identity(), packet.getBodyCase());
      }
    } catch (RefusedException e) {
      // Counted and logged by the gate. Its sender is not known to be who it says, so the
      // answer must not fail a call: a forger who saw a real call's token could fail it by
      // sending a bad request with that token. The answer is a notice the mapper notes on the
      // call, which the real result still completes.
      if (e.packet() != null && e.packet().hasRequest()
          && !e.packet().getRequest().getReplyTo().isEmpty()) {
        Request request = e.packet().getRequest();
        offload(() -> replier.refusal(request.getReplyTo(), request.getToken(),
                e.refusal().errorType(), e.getMessage())
            .whenComplete((ok, failure) -> ack(tag)), () -> ack(tag));
        return;
      }
    } catch (Packets.BadPacketException e) {
      stats.rejected.incrementAndGet();
      warnings.warn("bad-packet", "Agent {} rejected a message: {}", settings.identity(),
          e.getMessage());
      replyToBadPacket(properties, e.getMessage());
    } catch (Throwable t) {
      stats.rejected.incrementAndGet();
      warnings.warn("failure", "Agent {} failed on a message: {}", settings.identity(), t.toString());
    }
    ack(tag);
  }

  private void handle(Delivery tag, boolean redelivered, Request request, String account) {
    stats.requests.incrementAndGet();
    boolean push = request.getReplyTo().isEmpty();
    if (!settings.security().callers().allows(request.getPath(), account)) {
      RefusedException refused = gate.refuse(Refusal.FORBIDDEN, account, "a request for "
          + request.getPath() + " from '" + request.getMapper() + "': agent "
          + settings.identity() + " does not serve account '" + account + "' there");
      answerRefused(tag, request, push, refused);
      return;
    }
    if (request.getDeadlineUnixMillis() > 0
        && System.currentTimeMillis() > request.getDeadlineUnixMillis()) {
      stats.expired.incrementAndGet();
      log.debug("Agent {} skipped {} {}: its deadline passed", settings.identity(),
          request.getPath(), request.getToken());
      ack(tag);
      return;
    }
    Routes.Route route = routes.route(request.getPath());
    if (route == null) {
      refuse(tag, request, push, "nanite.UnknownPath",
          "agent " + settings.identity() + " does not serve " + request.getPath());
      return;
    }
    if (!serves(request, route.endpoint().fingerprint())) {
      refuse(tag, request, push, "nanite.SignatureMismatch",
          request.getPath() + " has signature " + route.endpoint().fingerprint()
              + " on agent " + settings.identity() + ", the caller expects "
              + request.getFingerprint() + (request.getCompatibleCount() > 0
                  ? " or one of " + request.getCompatibleList() : "")
              + "; rebuild the caller or the agent against compatible versions of the actor");
      return;
    }
    if (redelivered && !route.endpoint().idempotent()) {
      // A durable queue gives a request back after a connection loss: it may already have run
      // here, and running it again is only allowed for an idempotent method.
      refuse(tag, request, push, "nanite.Redelivered", request.getPath() + " was delivered to"
          + " agent " + settings.identity() + " before a connection loss and may have run; it is"
          + " not idempotent, so it was not run again");
      return;
    }
    inFlight.incrementAndGet();
    AgentCallContext context = new AgentCallContext(request, account, settings.identity());
    String key = key(request.getMapper(), request.getToken());
    calls.put(key, context);
    waiting.incrementAndGet();
    try {
      executor.execute(() -> run(tag, request, route, push, context, key));
    } catch (RejectedExecutionException e) {
      waiting.decrementAndGet();
      calls.remove(key, context);
      finished();
      refuse(tag, request, push, "nanite.AgentStopping",
          "agent " + settings.identity() + " is stopping");
    }
  }

  private static String key(String mapper, String token) {
    return mapper + "\n" + token;
  }

  /** A mapper's caller gave up on a call: its context says so, and its actor is interrupted. */
  private void cancel(Cancel cancel) {
    AgentCallContext context = calls.get(key(cancel.getMapper(), cancel.getToken()));
    if (context != null && context.cancellation().cancel("cancelled by its caller")) {
      log.debug("Agent {} cancelled {} {} for its caller", settings.identity(), context.path(),
          context.callId());
    }
  }

  private void run(Delivery tag, Request request, Routes.Route route, boolean push,
      AgentCallContext context, String key) {
    waiting.decrementAndGet();
    if (context.isCancelled()) {
      ended(tag, context, key); // cancelled while it waited for a thread: it never runs
      return;
    }
    Deadlines.Slot watched = deadlines.start(request.getDeadlineUnixMillis(),
        context.cancellation());
    CompletableFuture<ByteString> outcome;
    CallContext before = Contexts.enter(context);
    try {
      outcome = interception.run(context, route, request.getArgs());
    } finally {
      Contexts.restore(before);
      deadlines.finish(watched);
    }
    outcome.whenComplete((value, error) -> {
      if (context.isCancelled()) {
        // Its caller gave up (cancelled it, or its deadline passed): nobody reads the result.
        ended(tag, context, key);
        return;
      }
      calls.remove(key, context);
      Throwable failure = error != null || ((Object) value) instanceof ByteString ? error
          // An interceptor handed back something else than what the dispatch gave it.
          : new IllegalStateException("an agent interceptor returned "
              + (value == null ? "null" : ((Object) value).getClass().getName())
              + " instead of the call's outcome");
      var sent = push ? CompletableFuture.<Void>completedFuture(null)
          : failure == null
              ? replier.value(request, value)
              : errorReply(request, failure);
      if (failure != null) {
        stats.failed.incrementAndGet();
      }
      sent.whenComplete((ok, publishError) -> {
        if (publishError != null) {
          warnings.warn("reply", "Agent {} could not send the result of {}: {}",
              settings.identity(), request.getPath(), publishError.toString());
        }
        settle(tag);
        finished();
      });
    });
  }

  /** A call cancelled before it ended: counted, acknowledged, no result sent. */
  private void ended(Delivery tag, AgentCallContext context, String key) {
    calls.remove(key, context);
    if (context.cancellationReason().filter(r -> r.startsWith("its deadline")).isPresent()) {
      stats.expired.incrementAndGet();
    } else {
      stats.cancelled.incrementAndGet();
    }
    log.debug("Agent {} stopped {} {}: {}", settings.identity(), context.path(),
        context.callId(), context.cancellationReason().orElse(""));
    settle(tag);
    finished();
  }

  /**
   * Acknowledges a delivery whose call is done, or, while more calls wait to start, leaves it
   * to be acknowledged with theirs ({@link Acks#defer}): the last of them finds none waiting
   * and writes them all. Should the calls behind be slow, the pool's watchdog, which looks
   * every few milliseconds while calls wait, writes them ({@link #flushAcks}).
   */
  private void settle(Delivery delivery) {
    if (!callsWaiting()) {
      ack(delivery);
      return;
    }
    delivery.acks().defer(delivery.tag(), maxDeferred);
    if (!callsWaiting()) {
      // The queue emptied meanwhile, maybe after the watchdog's last look: write it now.
      delivery.acks().flush();
    }
  }

  /**
   * Whether calls wait in the executor to start. Only the agent's own pool can tell; with any
   * other executor every call is acknowledged on its own.
   */
  private boolean callsWaiting() {
    return executor instanceof ActorPool pool && pool.hasCallsWaiting();
  }

  /** Writes the acknowledgements left for later (the actor pool's watchdog calls it). */
  void flushAcks() {
    Acks current = acks;
    if (current != null) {
      current.flush();
    }
  }

  private java.util.concurrent.CompletableFuture<Void> errorReply(Request request, Throwable error) {
    Throwable cause = unwrap(error);
    String type = cause instanceof DispatchException d ? d.kind().errorType()
        : cause instanceof CallRefusedException refused ? refused.errorType()
        : cause.getClass().getName();
    if (!(cause instanceof DispatchException) && !(cause instanceof CallRefusedException)) {
      log.debug("{} failed on agent {}", request.getPath(), settings.identity(), cause);
    }
    return replier.error(request, type, cause.getMessage());
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private void refuse(Delivery tag, Request request, boolean push, String type, String message) {
    stats.rejected.incrementAndGet();
    warnings.warn(type, "Agent {} refused {}: {}", settings.identity(), request.getPath(), message);
    if (push) {
      ack(tag);
    } else {
      offload(() -> replier.error(request, type, message)
          .whenComplete((ok, e) -> ack(tag)), () -> ack(tag));
    }
  }

  /** Answers a request the caller policy refused (counted and logged there). */
  private void answerRefused(Delivery tag, Request request, boolean push, RefusedException e) {
    if (push) {
      ack(tag);
    } else {
      offload(() -> replier.error(request, e.refusal().errorType(), e.getMessage())
          .whenComplete((ok, failure) -> ack(tag)), () -> ack(tag));
    }
  }

  private void replyToBadPacket(AMQP.BasicProperties properties, String message) {
    if (properties != null && properties.getReplyTo() != null
        && properties.getCorrelationId() != null) {
      offload(() -> replier.error(properties.getReplyTo(), properties.getCorrelationId(),
          "nanite.BadPacket", message), () -> {});
    }
  }

  /**
   * Runs {@code task}, which publishes, off the delivery thread: deliveries may be handled on
   * the connection's reader thread ({@link OnDeliveryThread}), which must never wait on the
   * broker. A stopping agent's executor refuses work; the task then runs on a pool thread of
   * the JVM's, since an answer is still owed, and {@code otherwise} runs if that fails too.
   */
  private void offload(Runnable task, Runnable otherwise) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopping) {
      try {
        java.util.concurrent.ForkJoinPool.commonPool().execute(task);
      } catch (RejectedExecutionException e) {
        otherwise.run();
      }
    }
  }

  /** A delivery, acknowledged on the channel it came on (a later channel knows nothing of it). */
  private record Delivery(Acks acks, long tag) {}

  /** The acknowledgements of the current channel, replaced with it. */
  private Acks acks() {
    Channel current = channel();
    Acks known = acks;
    if (known == null || known.channel() != current) {
      known = new Acks(current, "Agent " + settings.identity());
      acks = known; // only the delivery thread of this channel gets here
    }
    return known;
  }

  private void ack(Delivery delivery) {
    delivery.acks().ack(delivery.tag());
  }

  /**
   * Whether a request is for this signature: untyped, the caller's own, or one its mapper
   * judged compatible with the caller's (a fleet mid-upgrade) and listed.
   */
  static boolean serves(Request request, String fingerprint) {
    return request.getFingerprint().isEmpty() || request.getFingerprint().equals(fingerprint)
        || request.getCompatibleList().contains(fingerprint);
  }
}
