package dev.nanite.internal.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * When {@link UnroutedResults} sends a returned result again, and when it gives up; apart from
 * its timers, so that it can be tested with the clock in hand. Thread-safe.
 *
 * <p>A result is sent again after 100 ms, then twice as long each time up to 2 s, and never
 * after its deadline. What bounds it besides is a memory per reply queue: how long the queue
 * has refused results. A mapper's reply queue is gone while the mapper reconnects, which takes
 * about a second (its connection retries every second, and it declares the queue before doing
 * anything else); a queue that has refused every result for {@value #GIVE_UP_SECONDS} s is
 * taken for one that is not coming back (its mapper is gone, or it never existed: a bad
 * request's {@code reply_to}). Its held results are given up at their next return, and any later
 * result for it at its first, until the queue has refused nothing for {@value #QUIET_SECONDS} s.
 * Without that memory every new result for a dead queue would start a window of its own.
 *
 * <p>Little is lost by giving up on a mapper away for longer: when it is back it has failed
 * its calls that were in flight, or sends them again (idempotent ones); only calls to durable
 * queues and parked calls still wait for these results, and they end at their deadline.
 *
 * <p>Whether a queue ever existed cannot be told apart from whether it is only gone for now:
 * results go out without publisher confirms (they are the agent's hot path), so the agent
 * hears of a queue only when it refuses something.
 */
final class ResendRule {
  static final long FIRST_RETRY_MILLIS = 100;
  static final long MAX_RETRY_MILLIS = 2_000;
  static final long GIVE_UP_SECONDS = 30;
  /** Longer than the longest wait between two sends, so a queue still refusing stays known. */
  static final long QUIET_SECONDS = 5;
  /** Reply queues remembered at most; past that, results for a new one are given up. */
  static final int MAX_QUEUES = 10_000;
  private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(QUIET_SECONDS);

  /** What to do with a returned result: send it again after {@code delayMillis}, or give up. */
  record Verdict(long delayMillis, String giveUp) {
    static Verdict giveUp(String why) {
      return new Verdict(-1, why);
    }

    boolean givesUp() {
      return giveUp != null;
    }
  }

  /** Since when a reply queue has refused results, and when it last did. */
  private static final class Outage {
    final long sinceNanos;
    long lastNanos;

    Outage(long nowNanos) {
      this.sinceNanos = nowNanos;
      this.lastNanos = nowNanos;
    }
  }

  private final Map<String, Outage> outages = new HashMap<>();
  private boolean pruned;
  private long prunedNanos;

  /**
   * A result for {@code replyTo} came back, or could not be sent.
   *
   * @param sends how many times it was sent again so far
   * @param millisToDeadline how long until its deadline (zero or less: passed)
   */
  synchronized Verdict returned(String replyTo, int sends, long millisToDeadline,
      long nowNanos) {
    if (millisToDeadline <= 0) {
      return Verdict.giveUp("its deadline passed");
    }
    Outage outage = outages.get(replyTo);
    if (outage == null || nowNanos - outage.lastNanos > QUIET_NANOS) {
      prune(nowNanos);
      if (outages.size() >= MAX_QUEUES) {
        return Verdict.giveUp(MAX_QUEUES + " other reply queues refuse results");
      }
      outage = new Outage(nowNanos);
      outages.put(replyTo, outage);
    }
    outage.lastNanos = nowNanos;
    long left = GIVE_UP_NANOS - (nowNanos - outage.sinceNanos);
    if (left <= 0) {
      return Verdict.giveUp("the queue has refused every result for " + GIVE_UP_SECONDS
          + " s, so it is taken for gone for good");
    }
    long backoff = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(sends, 5));
    // The last send is at the end of the window, or at the deadline: no later.
    long untilGiveUp = TimeUnit.NANOSECONDS.toMillis(left);
    return new Verdict(Math.min(backoff, Math.min(millisToDeadline, untilGiveUp)), null);
  }

  /** Forgets the queues that have refused nothing for a while: back, or no longer used. */
  private void prune(long nowNanos) {
    if (pruned && nowNanos - prunedNanos < QUIET_NANOS) {
      return; // at most once a quiet period: a flood of returns must not scan the map each
    }
    pruned = true;
    prunedNanos = nowNanos;
    outages.values().removeIf(outage -> nowNanos - outage.lastNanos > QUIET_NANOS);
  }

  /** How many reply queues are remembered as refusing results. */
  synchronized int queues() {
    return outages.size();
  }
}
