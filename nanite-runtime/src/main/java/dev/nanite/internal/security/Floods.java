package dev.nanite.internal.security;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds what refusing costs: a sender (a broker account) refused more than {@link #LIMIT}
 * times within a second, after checking a signature, has its packets dropped unread, without
 * parsing or checking a signature, for the rest of that second. A flood of forged signatures
 * then costs a map look-up each, and senders with other accounts are served as usual (those
 * that share the account are silenced with it). Thread-safe.
 */
final class Floods {
  /** Signature checks a sender may fail per second before its packets are dropped unread. */
  static final int LIMIT = 100;
  /** Senders followed at once; more (a storm of accounts) starts the count again. */
  private static final int MAX_SENDERS = 10_000;

  private final ConcurrentHashMap<String, Window> senders = new ConcurrentHashMap<>();

  private static final class Window {
    long second;
    int refusals;
    Refusal last;
  }

  /** How the sender was last refused if it is silenced now, else null. */
  Refusal silenced(String sender, long nowMillis) {
    Window window = senders.get(sender);
    if (window == null) {
      return null;
    }
    synchronized (window) {
      return window.second == nowMillis / 1000 && window.refusals > LIMIT ? window.last : null;
    }
  }

  void refused(String sender, Refusal refusal, long nowMillis) {
    if (senders.size() > MAX_SENDERS) {
      senders.clear();
    }
    Window window = senders.computeIfAbsent(sender, s -> new Window());
    synchronized (window) {
      long second = nowMillis / 1000;
      if (window.second != second) {
        window.second = second;
        window.refusals = 0;
      }
      window.refusals++;
      window.last = refusal;
    }
  }
}
