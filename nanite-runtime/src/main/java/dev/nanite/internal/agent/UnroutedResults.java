package dev.nanite.internal.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ReturnListener;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Result;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results the broker returned because their reply queue was gone. A mapper's reply queue is
 * exclusive: it goes with the mapper's connection and comes back when the mapper has reconnected.
 * After a broker restart an agent can be back first and answer requests kept in its durable
 * queue, or a parked call, before the mapper has declared its queue again; dropping those
 * results would leave the callers waiting for their deadlines although the work was done.
 *
 * <p>So a returned result is sent again, with backoff, until the deadline it carries, or until
 * its reply queue has refused results for 30 s (see {@link ResendRule}); then it is dropped and
 * counted. A result without a deadline (an error for a message that was not a request) is
 * dropped at once. At most {@value #MAX_HELD} results are kept at a time. Thread-safe.
 */
final class UnroutedResults implements ReturnListener {
  static final int MAX_HELD = 10_000;
  private static final Logger log = LoggerFactory.getLogger(UnroutedResults.class);

  private final String identity;
  private final ScheduledExecutorService scheduler;
  private final AgentStats stats;
  private final BiFunction<String, byte[], CompletableFuture<Void>> resend;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final ResendRule rule = new ResendRule();
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));

  /**
   * @param scheduler runs the retries (never the connection's I/O thread, where returns arrive)
   * @param resend publishes a result body to a reply queue, mandatory; a failure (the agent's
   *     own connection is down) is retried like a return
   */
  UnroutedResults(String identity, ScheduledExecutorService scheduler, AgentStats stats,
      BiFunction<String, byte[], CompletableFuture<Void>> resend) {
    this.identity = identity;
    this.scheduler = scheduler;
    this.stats = stats;
    this.resend = resend;
  }

  /** Called on the connection's I/O thread: hands the result to the scheduler. */
  @Override
  public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
      AMQP.BasicProperties properties, byte[] body) {
    try {
      scheduler.execute(() -> returned(routingKey, body));
    } catch (RejectedExecutionException stopped) {
      dropped(routingKey, "the agent is stopping");
    }
  }

  /** How many returned results wait to be sent again right now. */
  int waiting() {
    return (int) held.values().stream().filter(h -> h.waiting).count();
  }

  private void returned(String replyTo, byte[] body) {
    stats.unrouted.incrementAndGet();
    hold(replyTo, body);
  }

  private void hold(String replyTo, byte[] body) {
    Result result;
    try {
      result = dev.nanite.internal.security.Seals.own(body).getResult();
    } catch (InvalidProtocolBufferException e) {
      dropped(replyTo, "it does not parse: " + e.getMessage()); // never one of ours
      return;
    }
    long deadline = result.getDeadlineUnixMillis();
    if (deadline == 0) {
      dropped(replyTo, "it has no deadline");
      return;
    }
    long left = deadline - System.currentTimeMillis();
    String key = replyTo + "\n" + result.getToken();
    Held entry = held.get(key);
    ResendRule.Verdict verdict =
        rule.returned(replyTo, entry == null ? 0 : entry.sends, left, System.nanoTime());
    if (verdict.givesUp()) {
      if (entry != null) {
        held.remove(key, entry);
      }
      dropped(replyTo, verdict.giveUp());
      return;
    }
    if (entry == null) {
      if (held.size() >= MAX_HELD) {
        dropped(replyTo, MAX_HELD + " results already wait for their reply queues");
        return;
      }
      entry = new Held();
      Held first = held.putIfAbsent(key, entry);
      if (first != null) {
        entry = first;
      } else {
        // Delivered or not, the entry is of no use once the rule would give up on it anyway:
        // at its deadline, or when its queue has refused results for as long as it may.
        Held forget = entry;
        scheduler.schedule(() -> held.remove(key, forget),
            Math.min(left, TimeUnit.SECONDS.toMillis(ResendRule.GIVE_UP_SECONDS)),
            TimeUnit.MILLISECONDS);
      }
    }
    entry.sends++;
    long delay = verdict.delayMillis();
    Held sending = entry;
    sending.waiting = true;
    scheduler.schedule(() -> {
      sending.waiting = false;
      resend.apply(replyTo, body).whenComplete((ok, error) -> {
        if (error != null) {
          try {
            scheduler.execute(() -> hold(replyTo, body));
          } catch (RejectedExecutionException stopped) {
            dropped(replyTo, "the agent is stopping");
          }
        }
      });
    }, delay, TimeUnit.MILLISECONDS);
  }

  private void dropped(String replyTo, String why) {
    stats.undelivered.incrementAndGet();
    warnings.warn("dropped", "Agent {} dropped a result for reply queue {} that the broker "
        + "could not route: {}", identity, replyTo, why);
  }

  /**
   * One returned result: its sends so far (touched on the scheduler's thread only), and whether
   * one is due.
   */
  private static final class Held {
    int sends;
    volatile boolean waiting;
  }
}
