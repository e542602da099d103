package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.amqp.Publisher;
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

  private final MapperSettings settings;
  private final MapperStats stats;
  private final Envelopes envelopes;
  private final Selection selection;
  private final Publisher publisher;
  private final Fanout fanout;
  private final BooleanSupplier connected;
  private final BiConsumer<AgentState, String> agentGone;
  private final Calls.Parking parking;
  private final ConcurrentHashMap<String, Boolean> returned = new ConcurrentHashMap<>();

  /**
   * @param publisher publishes with confirms
   * @param agentGone told of an agent whose queue was found gone
   * @param parking the offline queue, or null where there is none
   */
  PushSender(MapperSettings settings, MapperStats stats, Envelopes envelopes,
      Selection selection, Publisher publisher, Fanout fanout, BooleanSupplier connected,
      BiConsumer<AgentState, String> agentGone, Calls.Parking parking) {
    this.settings = settings;
    this.stats = stats;
    this.envelopes = envelopes;
    this.selection = selection;
    this.publisher = publisher;
    this.fanout = fanout;
    this.connected = connected;
    this.agentGone = agentGone;
    this.parking = parking;
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
      if (fanout.reachableAsOne(agents)) {
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
      if (options.offline() && parking != null && selector instanceof Selector.Single single
          && !(e instanceof SignatureMismatchException)) { // it would wait for its deadline
        long deadline = System.currentTimeMillis() + settings.timeoutOf(options).toMillis();
        return parking.park(envelopes.request(envelopes.newPushToken(), endpoint, args, "",
            deadline, options.metadata()), options.tags(), single);
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
    long deadlineMillis = System.currentTimeMillis() + settings.timeoutOf(options).toMillis();
    byte[] body = envelopes.requestBody(token, endpoint, args, "", deadlineMillis,
        options.metadata(), agent);
    returned.put(token, Boolean.FALSE);
    return publisher.publish(Topology.DEFAULT_EXCHANGE, agent.identity, true,
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
    long deadlineMillis = System.currentTimeMillis() + settings.timeoutOf(options).toMillis();
    byte[] body = envelopes.requestBodyToAll(token, endpoint, args, "", deadlineMillis,
        options.metadata(), agents);
    CallToAll.Route route = fanout.route(agents);
    AMQP.BasicProperties properties = envelopes.pushProperties(options, deadlineMillis).builder()
        .headers(route.headers())
        .build();
    returned.put(token, Boolean.FALSE);
    stats.sentToAllAsOne.incrementAndGet();
    return publisher.publish(route.exchange(), route.routingKey(), true, properties, body)
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
