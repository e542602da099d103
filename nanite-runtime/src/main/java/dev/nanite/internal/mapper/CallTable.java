package dev.nanite.internal.mapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every call of a mapper that has not settled, by token, and which of them wait for an agent or
 * the connection. A call enters once, when it is made, and leaves in the same step that settles
 * it, so the table's size is the mapper's calls in flight: no path puts a call back after its
 * deadline took it out. Thread-safe.
 */
final class CallTable {
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
  /** Queued calls to try again when an agent registers or the connection is back. */
  private final Set<Call> waiting = ConcurrentHashMap.newKeySet();

  /** Adds a new call; before its deadline timer starts, so the timer always finds it. */
  void add(Call call) {
    calls.put(call.token, call);
  }

  /** The unsettled call with this token, or null. */
  Call get(String token) {
    return calls.get(token);
  }

  /** Calls not settled yet: queued, sent, parked or waiting. */
  int size() {
    return calls.size();
  }

  /** A snapshot of every unsettled call. */
  List<Call> all() {
    return new ArrayList<>(calls.values());
  }

  /** Settles a call in any state; true for the first caller only. */
  boolean settle(Call call) {
    return call.settle() && remove(call);
  }

  /** Settles a call the agent {@code at} was lost holding; false if it is not at that agent. */
  boolean settleAt(Call call, AgentState at) {
    return call.settleAt(at) && remove(call);
  }

  /** Settles a call for a reply from agent {@code from}; true for the first caller only. */
  boolean settleAnswered(Call call, String from, long nowNanos) {
    return call.settleAnswered(from, nowNanos) && remove(call);
  }

  private boolean remove(Call call) {
    calls.remove(call.token, call);
    waiting.remove(call);
    return true;
  }

  /** Lets a queued call wait until {@link #takeWaiting} hands it out again. */
  void await(Call call) {
    waiting.add(call);
    if (call.state() != Call.State.QUEUED) {
      waiting.remove(call); // it moved on (settled, say) while being added: do not keep it
    }
  }

  boolean anyWaiting() {
    return !waiting.isEmpty();
  }

  /** Takes the waiting calls that are still queued; each is handed to one caller only. */
  List<Call> takeWaiting() {
    List<Call> taken = new ArrayList<>();
    for (Call call : new ArrayList<>(waiting)) {
      if (waiting.remove(call) && call.state() == Call.State.QUEUED) {
        taken.add(call);
      }
    }
    return taken;
  }

  /** The calls waiting now, for tests and diagnostics. */
  Collection<Call> waiting() {
    return List.copyOf(waiting);
  }
}
