package dev.nanite.opentelemetry;

import dev.nanite.CallObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ties a mapper's {@link CallObserver} events, which name a call by its id, to the span the
 * {@link TracingMapperInterceptor} opened for it, which never sees that id.
 *
 * <p>The tie is made once, at the call's first send, and only when that send happens on the
 * thread making the call, inside the interceptor's {@code proceed}: then the call being made on
 * this thread (innermost first, as an interceptor may itself make a call) is the one sent, if
 * the paths agree. Everything after that (attempts on other agents, why it moved on, who
 * answered) comes on the mapper's threads and is found by the id. A call whose first send
 * waited (for the mapper's discovery of the agents, a reconnect, an agent to appear) is sent
 * from a mapper thread: it is never tied, and its span has what the interceptor alone sees
 * (outcome, errors, the agent an error names) but no retries. Never guessing is the point:
 * a span gets no event that is not its call's.
 */
final class Attempts implements CallObserver {
  private final ThreadLocal<CallSpan> making = new ThreadLocal<>();
  private final Map<String, CallSpan> byCallId = new ConcurrentHashMap<>();

  /** {@code call} is being made on this thread, until {@link #made}. */
  void making(CallSpan call) {
    call.outer = making.get();
    making.set(call);
  }

  /** {@code call}'s {@code proceed} returned: the thread goes back to the call around it. */
  void made(CallSpan call) {
    if (call.outer == null) {
      making.remove();
    } else {
      making.set(call.outer);
      call.outer = null;
    }
  }

  /** Drops {@code call}'s ids once its span has ended, whatever events are still to come. */
  void forget(CallSpan call) {
    for (String id : call.callIds()) {
      byCallId.remove(id, call);
    }
  }

  /** How many calls are tied now: for tests, which expect none once calls have ended. */
  int tied() {
    return byCallId.size();
  }

  @Override
  public void sent(String callId, String path, String agent, int attempt) {
    CallSpan call = byCallId.get(callId);
    if (call == null && attempt == 1) {
      CallSpan candidate = making.get();
      if (candidate != null && candidate.path.equals(path) && candidate.link(callId)) {
        byCallId.put(callId, candidate);
        call = candidate;
      }
    }
    if (call != null) {
      call.sent(agent, attempt);
    }
  }

  @Override
  public void movedOn(String callId, String path, String agent, MoveReason reason) {
    CallSpan call = byCallId.get(callId);
    if (call != null) {
      call.movedOn(agent, reason);
    }
  }

  @Override
  public void finished(String callId, String path, String agent, Outcome outcome,
      long latencyNanos) {
    if (callId == null) {
      return; // a push, never tied
    }
    CallSpan call = byCallId.remove(callId);
    if (call != null) {
      call.answered(agent);
    }
  }

  @Override
  public void finished(String path, String agent, Outcome outcome, long latencyNanos) {
    // Only the form with the call's id is of use here; the mapper calls that one.
  }
}
