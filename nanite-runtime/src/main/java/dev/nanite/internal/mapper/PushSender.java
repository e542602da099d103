package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.ChannelPool;
import dev.nanite.internal.amqp.Topology;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fire-and-forget requests (Nanite's push): published with publisher confirms, so the future
 * completes once the broker holds the request, and mandatory, so that a push to an agent whose
 * queue is gone comes back and goes to another agent.
 */
final class PushSender {
  private static final int MAX_ATTEMPTS = 5;

  private final MapperRuntime mapper;
  private final Selection selection;
  private final ChannelPool channels;
  private final ConcurrentHashMap<String, Boolean> returned = new ConcurrentHashMap<>();

  PushSender(MapperRuntime mapper, Selection selection, ChannelPool channels) {
    this.mapper = mapper;
    this.selection = selection;
    this.channels = channels;
  }

  CompletableFuture<Void> push(Endpoint<?, ?> endpoint, ByteString args, Selector selector,
      CallOptions options) {
    try {
      if (selector instanceof Selector.Single single) {
        return pushOne(endpoint, args, single, options, new java.util.HashSet<>());
      }
      List<AgentState> agents = selection.all(endpoint.path(), endpoint.fingerprint(), options.tags());
      return CompletableFuture.allOf(agents.stream()
          .map(agent -> send(endpoint, args, agent, options).thenApply(ok -> (Void) null))
          .toArray(CompletableFuture[]::new));
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
    String token = "p" + mapper.newToken();
    long deadlineMillis = System.currentTimeMillis() + mapper.timeoutOf(options).toMillis();
    byte[] body = mapper.requestBody(token, endpoint, args, "", deadlineMillis);
    returned.put(token, Boolean.FALSE);
    return channels.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
            mapper.properties(token, null, options, deadlineMillis), body)
        .handle((ok, error) -> {
          Boolean wasReturned = returned.remove(token);
          if (error instanceof NaniteException n) {
            throw n; // the connection is down
          }
          if (error != null) {
            return false; // refused by the broker: not delivered
          }
          if (Boolean.TRUE.equals(wasReturned)) {
            mapper.agentGone(agent, "its request queue is gone");
            return false;
          }
          return true;
        });
  }

  /** The broker returned the message with this correlation id; its confirm follows. */
  void returned(String token) {
    if (token != null) {
      returned.computeIfPresent(token, (t, was) -> Boolean.TRUE);
    }
  }
}
