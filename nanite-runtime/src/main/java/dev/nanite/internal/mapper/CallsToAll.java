package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.amqp.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a call to all: one part per agent, each a {@link Call} of its own in the call table, so
 * each part settles by the same transitions as a single call. Sent as one message for all the
 * parts where {@link Fanout} allows it, else one per agent. Thread-safe.
 */
final class CallsToAll {
  private final Calls calls;
  private final Publisher publisher;
  private final Envelopes envelopes;
  private final Fanout fanout;
  private final MapperSettings settings;
  private final MapperStats stats;
  private final String replyQueue;

  CallsToAll(Calls calls, Publisher publisher, Envelopes envelopes, Fanout fanout,
      MapperSettings settings, MapperStats stats, String replyQueue) {
    this.calls = calls;
    this.publisher = publisher;
    this.envelopes = envelopes;
    this.fanout = fanout;
    this.settings = settings;
    this.stats = stats;
    this.replyQueue = replyQueue;
  }

  /**
   * Sends the parts, one per agent, whose outcomes go to {@code sinks.get(i)}, and returns them
   * (to cancel).
   */
  List<Call> send(Endpoint<?, ?> endpoint, ByteString args, CallOptions options,
      List<AgentState> agents, List<Call.Sink> sinks) {
    if (!fanout.reachableAsOne(agents)) {
      List<Call> parts = new ArrayList<>(agents.size());
      for (int i = 0; i < agents.size(); i++) {
        Call part = calls.newCall(endpoint, args, null, options, sinks.get(i));
        parts.add(part);
        calls.send(part, agents.get(i));
      }
      return parts;
    }
    String token = envelopes.newToken();
    Duration timeout = settings.timeoutOf(options);
    List<Call> parts = new ArrayList<>(agents.size());
    for (int i = 0; i < agents.size(); i++) {
      parts.add(calls.open(Calls.partToken(token, agents.get(i).identity), endpoint, args, null,
          options, timeout, sinks.get(i)));
    }
    SharedTimer timer = new SharedTimer(parts, timeout);
    for (Call part : parts) {
      part.timer(timer);
    }
    sendAsOne(token, parts, agents);
    return parts;
  }

  /**
   * Sends the parts of the call to all {@code token} as one message. That is one publish for
   * this mapper and one message for the broker to take in, instead of one per agent. It carries
   * the one token, and each agent answers with it and its identity, which name the part ({@link
   * Calls#partToken}): nothing in it is per agent, since every agent gets all of it.
   */
  private void sendAsOne(String token, List<Call> parts, List<AgentState> agents) {
    List<AgentState> to = new ArrayList<>(agents.size());
    List<Call> sent = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      if (calls.sent(parts.get(i), agents.get(i))) {
        to.add(agents.get(i));
        sent.add(parts.get(i));
      }
    }
    if (sent.isEmpty()) {
      return;
    }
    stats.sent.addAndGet(sent.size());
    stats.sentToAllAsOne.incrementAndGet();
    Call first = sent.get(0);
    CallToAll.Route route = fanout.route(to);
    // As on a single call, the token is also the correlation id: an agent that cannot read
    // the body (too large, another protocol version) answers nanite.BadPacket with it and its
    // identity, which name its part, so the part fails at once instead of at the deadline.
    AMQP.BasicProperties properties = envelopes.properties(token, replyQueue, first.options,
            first.deadlineMillis).builder()
        .headers(route.headers())
        .build();
    byte[] body = envelopes.requestBodyToAll(token, first.endpoint, first.args, replyQueue,
        first.deadlineMillis, first.options.metadata(), to); // one message for several agents

    publisher.publish(route.exchange(), route.routingKey(), true, properties, body)
        .whenComplete((ok, error) -> {
          if (error != null) {
            for (int i = 0; i < sent.size(); i++) {
              calls.notSent(sent.get(i), to.get(i), error);
            }
          }
        });
  }

  /**
   * The one deadline timer of the parts of a call to all, which share their deadline: it expires
   * every part still open, and is cancelled when the last part settles. One timer instead of
   * one per part saves the scheduler a schedule and a cancel per agent.
   */
  private final class SharedTimer implements Call.Timer {
    private final AtomicInteger open;
    private final Clock.Cancellable timer;

    SharedTimer(List<Call> parts, Duration timeout) {
      this.open = new AtomicInteger(parts.size());
      this.timer = calls.clock().schedule(() -> parts.forEach(part -> calls.expire(part, timeout)),
          timeout.toNanos());
    }

    @Override
    public void callFinished() {
      if (open.decrementAndGet() == 0) {
        timer.cancel();
      }
    }
  }
}
