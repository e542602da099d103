package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import dev.nanite.CallObserver;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.BrokerSettings;
import dev.nanite.internal.amqp.Expiration;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Result;
import dev.nanite.internal.protocol.Service;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mapper's call side wired as {@link MapperRuntime} wires it (registry, selection, membership,
 * calls, calls to all, returns) for a broker with the exchange of calls to all, as the embedded
 * one, over a {@link FakeClock} and a {@link FakeBroker}, so that a test
 * makes each fault happen exactly when it wants.
 */
final class Fabric {
  static final String REPLY_QUEUE = "nanite.replies.test-mapper";
  static final Endpoint<ByteString, ByteString> ONCE = endpoint("/work/once", false);
  static final Endpoint<ByteString, ByteString> AGAIN = endpoint("/work/again", true);

  /** Broker settings for mappers that never connect. */
  static final BrokerSettings UNUSED_BROKER =
      new BrokerSettings("amqp://unused", null, null, List.of());

  final FakeClock clock = new FakeClock();
  final FakeBroker broker = new FakeBroker();
  final AtomicBoolean connected = new AtomicBoolean(true);
  /** Connection losses so far. */
  final AtomicLong losses = new AtomicLong();
  final MapperStats stats = new MapperStats();
  final Registry registry = new Registry();
  final MapperSettings settings;
  final Calls calls;
  final CallsToAll callsToAll;
  final Membership membership;
  final Returns returns;
  /** Completions handed to the executor and not run yet. */
  private final Queue<Runnable> completions = new ArrayDeque<>();
  private boolean completeAtOnce = true;

  Fabric(CallObserver... observers) {
    settings = new MapperSettings(Fabric.UNUSED_BROKER, "test-mapper", Duration.ofSeconds(2),
        Duration.ofSeconds(30), 1.0, 1_000, false, 1 << 20, 10, Duration.ofSeconds(1),
        List.of(), List.of(observers), null, Duration.ZERO, List.of(), false, List.of(),
        dev.nanite.internal.security.SecuritySettings.OPEN);
    Selection selection = new Selection(registry, settings.inFlightWeight());
    Envelopes envelopes = new Envelopes(settings.identity(), false, Expiration.NONE);
    Executor executor = task -> {
      synchronized (completions) {
        if (!completeAtOnce) {
          completions.add(task);
          return;
        }
      }
      task.run();
    };
    calls = new Calls(settings, registry, selection, stats, broker, REPLY_QUEUE, envelopes, clock,
        connected::get, losses::get, null, executor, true,
        new CallObservers(settings.observers()));
    callsToAll = new CallsToAll(calls, broker, envelopes, new Fanout(false), settings, stats,
        REPLY_QUEUE);
    membership = new Membership(settings, registry, new Schemas(), stats, calls, identity -> {});
    returns = new Returns(calls, membership, registry, (token, replyTo) -> false);
  }

  private static Endpoint<ByteString, ByteString> endpoint(String path, boolean idempotent) {
    Endpoint<ByteString, ByteString> raw = Endpoint.untyped(path);
    return Endpoint.of(path, "", idempotent, raw.requestMarshaller(), raw.responseMarshaller());
  }

  /** Registers agents serving both paths, as their Register packets would. */
  Fabric agents(String... identities) {
    for (String identity : identities) {
      membership.registered(Register.newBuilder()
          .setIdentity(identity)
          .setStatus(0)
          .setPingIntervalMillis(1_000)
          .setAllExchange(true) // as on the embedded broker: calls to all go as one message
          .addServices(Service.newBuilder().setPath(ONCE.path()))
          .addServices(Service.newBuilder().setPath(AGAIN.path()))
          .build());
    }
    return this;
  }

  AgentState agent(String identity) {
    AgentState agent = registry.get(identity);
    if (agent == null) {
      throw new AssertionError(identity + " is not registered");
    }
    return agent;
  }

  /** Holds completions until {@link #runCompletions}, as a busy executor would. */
  void holdCompletions() {
    synchronized (completions) {
      completeAtOnce = false;
    }
  }

  /** Runs the completions held so far; returns how many. */
  int runCompletions() {
    int ran = 0;
    while (true) {
      Runnable next;
      synchronized (completions) {
        next = completions.poll();
      }
      if (next == null) {
        return ran;
      }
      next.run();
      ran++;
    }
  }

  /** A single-agent call, as {@code MapperRuntime.request} makes one. */
  CompletableFuture<ByteString> call(Endpoint<ByteString, ByteString> endpoint,
      Selector.Single selector, CallOptions options) {
    CompletableFuture<ByteString> future = new CompletableFuture<>();
    Call call = calls.newCall(endpoint, ByteString.copyFromUtf8("args"), selector, options,
        Sinks.single(endpoint, future));
    calls.onCallerThread(() -> calls.dispatch(call));
    return future;
  }

  CompletableFuture<ByteString> call(Endpoint<ByteString, ByteString> endpoint,
      Selector.Single selector) {
    return call(endpoint, selector, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
  }

  /** A selector that picks {@code identity} while it is listed, else the first candidate. */
  static Selector.Single preferring(String identity) {
    return Selector.custom("prefer " + identity, candidates -> candidates.stream()
        .filter(agent -> agent.identity().equals(identity))
        .findFirst()
        .orElse(candidates.get(0)));
  }

  /** The broker returns {@code message} as unroutable: its queue is gone. */
  void returnAsUnroutable(FakeBroker.Message message) {
    String token = message.properties().getCorrelationId() != null
        ? message.properties().getCorrelationId() : message.request().getToken();
    returns.returned("NO_ROUTE", message.exchange(), message.routingKey(), message.properties(),
        message.packet(), token);
  }

  /** {@code agent} answers {@code message} with {@code value}. */
  void reply(FakeBroker.Message message, String agent, String value) {
    calls.replied(Result.newBuilder()
        .setToken(message.request().getToken())
        .setAgent(agent)
        .setValue(ByteString.copyFromUtf8(value))
        .build());
  }

  /** The connection drops: calls cannot be sent until {@link #reconnect}. */
  void disconnect() {
    losses.incrementAndGet();
    connected.set(false);
  }

  /** The connection is back and the reply queue consumed again. */
  void reconnect() {
    connected.set(true);
    calls.awaitAgentsFor(Duration.ofSeconds(1));
  }

  /** The mapper hears of the last loss (on its callback thread, perhaps after the reconnect). */
  void hearOfLoss() {
    calls.connectionLost(losses.get());
  }

  /** Evicts {@code identity} as silent: its last ping is long past. */
  void evictSilent(String identity) {
    agent(identity).lastSeenNanos = System.nanoTime() - Duration.ofHours(1).toNanos();
    membership.sweep(System.nanoTime());
  }
}
