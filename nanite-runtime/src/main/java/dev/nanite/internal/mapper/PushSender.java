package dev.nanite.internal.mapper;

import com.rabbitmq.client.AMQP;
import com.google.protobuf.ByteString;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Topology;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Fire-and-forget requests (Nanite's push): published with publisher confirms, so the future
 * completes once the broker holds the request, and mandatory, so that a push to an agent whose
 * queue is gone comes back and goes to another agent.
 */
final class PushSender {
  private static final int MAX_ATTEMPTS = 5;

  private final Calls calls;
  private final Envelopes envelopes;
  private final Selection selection;
  private final ChannelPool channels;
  private final BooleanSupplier connected;
  private final ConcurrentHashMap<String, Boolean> returned = new ConcurrentHashMap<>();
  private volatile BiConsumer<AgentState, String> agentGone = (agent, reason) -> {};
  private volatile OfflineQueue offline;

  PushSender(Calls calls, Selection selection, ChannelPool channels, BooleanSupplier connected) {
    this.calls = calls;
    this.envelopes = calls.envelopes();
    this.selection = selection;
    this.channels = channels;
    this.connected = connected;
  }

  void onAgentGone(BiConsumer<AgentState, String> agentGone) {
    this.agentGone = agentGone;
  }

  void offline(OfflineQueue offline) {
    this.offline = offline;
  }

  CompletableFuture<Void> push(Endpoint<?, ?> endpoint, ByteString args, Selector selector,
      CallOptions options) {
    if (!connected.getAsBoolean()) {
      return CompletableFuture.failedFuture(new BrokerUnavailableException(endpoint.path(),
          "no broker connection right now; the push was not sent", null));
    }
    try {
      if (selector instanceof Selector.Single single) {
        return pushOne(endpoint, args, single, options, new HashSet<>());
      }
      List<AgentState> agents = selection.all(endpoint.path(), endpoint.fingerprint(),
          options.tags());
      if (calls.reachableAsOne(agents)) {
        return sendToAll(endpoint, args, agents, options);
      }
      List<CompletableFuture<Boolean>> sent = agents.stream()
          .map(agent -> send(endpoint, args, agent, options))
          .toList();
      return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenRun(() -> {
        if (sent.stream().noneMatch(CompletableFuture::join)) {
          throw noneTookIt(endpoint);
        }
      });
    } catch (NoAgentException e) {
      if (options.offline() && offline != null && selector instanceof Selector.Single single) {
        long deadline = System.currentTimeMillis() + calls.timeoutOf(options).toMillis();
        return offline.park(envelopes.request(envelopes.newPushToken(), endpoint, args, "",
            deadline), options.tags(), single);
      }
      return CompletableFuture.failedFuture(e);
    } catch (NaniteException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Pushes to one agent, and to another if the broker did not take it for the first (its queue
   * was gone): never delivered, the request is safe to send elsewhere.
   */
  private CompletableFuture<Void> pushOne(Endpoint<?, ?> endpoint, ByteString args,
      Selector.Single selector, CallOptions options, Set<String> tried) {
    AgentState agent = selection.one(endpoint.path(), endpoint.fingerprint(), options.tags(),
        selector, tried);
    tried.add(agent.identity);
    return send(endpoint, args, agent, options).thenCompose(delivered -> {
      if (delivered) {
        return CompletableFuture.completedFuture(null);
      }
      if (tried.size() >= MAX_ATTEMPTS) {
        return CompletableFuture.failedFuture(new NoAgentException(endpoint.path(),
            "every agent the push to " + endpoint.path() + " was sent to had gone"));
      }
      try {
        return pushOne(endpoint, args, selector, options, tried);
      } catch (NaniteException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  /**
   * Publishes to one agent; completes with false if the broker did not take it: RabbitMQ
   * returns an unroutable mandatory message and then acknowledges it, Qpid refuses (nacks) it
   * and then returns it.
   */
  private CompletableFuture<Boolean> send(Endpoint<?, ?> endpoint, ByteString args,
      AgentState agent, CallOptions options) {
    String token = envelopes.newPushToken();
    long deadlineMillis = System.currentTimeMillis() + calls.timeoutOf(options).toMillis();
    byte[] body = envelopes.requestBody(token, endpoint, args, "", deadlineMillis);
    returned.put(token, Boolean.FALSE);
    return channels.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
            envelopes.pushProperties(options, deadlineMillis), body)
        .handle((ok, error) -> {
          Boolean wasReturned = returned.remove(token);
          if (error instanceof NaniteException n) {
            throw n; // the connection is down
          }
          if (Boolean.TRUE.equals(wasReturned)) {
            // Returned, whether then confirmed (RabbitMQ) or refused (Qpid, whose refusal can
            // be completed after the return was marked): the agent's queue is gone.
            agentGone.accept(agent, "its request queue is gone");
            return false;
          }
          if (error != null) {
            return false; // refused by the broker: not delivered
          }
          return true;
        });
  }

  /**
   * Pushes to every one of {@code agents} with one message (see {@link CallToAll}); fails if
   * the broker gave it to none of them (every queue was gone).
   */
  private CompletableFuture<Void> sendToAll(Endpoint<?, ?> endpoint, ByteString args,
      List<AgentState> agents, CallOptions options) {
    String token = envelopes.newPushToken();
    long deadlineMillis = System.currentTimeMillis() + calls.timeoutOf(options).toMillis();
    byte[] body = envelopes.requestBody(token, endpoint, args, "", deadlineMillis);
    CallToAll.Route route = CallToAll.route(calls.routesByBcc(),
        agents.stream().map(agent -> agent.identity).toList());
    AMQP.BasicProperties properties = envelopes.pushProperties(options, deadlineMillis).builder()
        .headers(route.headers())
        .build();
    returned.put(token, Boolean.FALSE);
    calls.pushedToAllAsOne();
    return channels.publish(route.exchange(), route.routingKey(), true, properties, body)
        .handle((ok, error) -> {
          Boolean wasReturned = returned.remove(token);
          if (error instanceof NaniteException n) {
            throw n; // the connection is down
          }
          if (Boolean.TRUE.equals(wasReturned)) {
            agents.forEach(agent -> agentGone.accept(agent, "its request queue is gone"));
          }
          if (error != null || Boolean.TRUE.equals(wasReturned)) {
            throw noneTookIt(endpoint);
          }
          return null;
        });
  }

  private static NoAgentException noneTookIt(Endpoint<?, ?> endpoint) {
    return new NoAgentException(endpoint.path(), "every agent the push to all of "
        + endpoint.path() + " was sent to had gone");
  }

  /** The broker returned the push with this token; its confirm follows. */
  boolean returned(String token) {
    return token != null && returned.computeIfPresent(token, (t, was) -> Boolean.TRUE) != null;
  }
}
