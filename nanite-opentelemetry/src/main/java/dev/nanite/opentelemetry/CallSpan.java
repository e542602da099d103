package dev.nanite.opentelemetry;

import dev.nanite.CallObserver.MoveReason;
import dev.nanite.NaniteException;
import dev.nanite.Replies;
import dev.nanite.Reply;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The span of one call a mapper makes, with what the mapper's {@link Attempts} tell of it: the
 * agents it was sent to and why it moved on. Those come on the mapper's threads while the
 * caller's future may complete on another, hence the lock (held for microseconds, uncontended
 * but for a retry racing the end).
 */
final class CallSpan {
  final Span span;
  final String path;
  private final boolean toAll;
  /** The call the same thread was making when this one started (a nested call); see Attempts. */
  CallSpan outer;

  private String agent;
  private int attempts;
  private String callId;
  private List<String> moreCallIds;
  private boolean ended;

  CallSpan(Span span, String path, boolean toAll) {
    this.span = span;
    this.path = path;
    this.toAll = toAll;
  }

  /** Takes {@code id} as one of this call's ids; false once the span ended. */
  synchronized boolean link(String id) {
    if (ended) {
      return false;
    }
    if (callId == null) {
      callId = id;
    } else {
      if (moreCallIds == null) {
        moreCallIds = new ArrayList<>(4);
      }
      moreCallIds.add(id); // a call to all has an id per agent
    }
    return true;
  }

  /** The ids {@link #link} took, for Attempts to forget. */
  synchronized List<String> callIds() {
    if (callId == null) {
      return List.of();
    }
    if (moreCallIds == null) {
      return List.of(callId);
    }
    List<String> all = new ArrayList<>(moreCallIds);
    all.add(0, callId);
    return all;
  }

  synchronized void sent(String to, int attempt) {
    if (ended) {
      return;
    }
    agent = to;
    attempts = Math.max(attempts, attempt);
    if (attempt > 1) {
      span.addEvent(NaniteAttributes.RETRY_EVENT, Attributes.of(NaniteAttributes.AGENT, to,
          NaniteAttributes.ATTEMPT, (long) attempt));
    }
  }

  synchronized void movedOn(String from, MoveReason reason) {
    if (ended) {
      return;
    }
    span.addEvent(NaniteAttributes.MOVED_ON_EVENT, Attributes.of(NaniteAttributes.AGENT, from,
        NaniteAttributes.MOVE_REASON, reason.name().toLowerCase(Locale.ROOT)));
  }

  synchronized void answered(String by) {
    if (!ended && by != null) {
      agent = by;
    }
  }

  /** Ends the span with the call's outcome: {@code value} or {@code error}. */
  synchronized void end(Object value, Throwable error) {
    if (ended) {
      return;
    }
    ended = true;
    if (!toAll) {
      if (callId != null) {
        span.setAttribute(NaniteAttributes.CALL_ID, callId);
      }
      if (attempts > 0) {
        span.setAttribute(NaniteAttributes.ATTEMPTS, (long) attempts);
      }
    }
    if (error != null) {
      Throwable cause = Outcomes.unwrap(error);
      String named = Outcomes.agentOf(cause);
      setAgent(named != null ? named : agent);
      span.setAttribute(NaniteAttributes.OUTCOME, Outcomes.of(cause));
      Outcomes.fail(span, cause);
    } else if (value instanceof Replies<?> replies) {
      endAll(replies);
    } else {
      setAgent(value instanceof Reply<?> reply ? reply.agent() : agent);
      span.setAttribute(NaniteAttributes.OUTCOME, Outcomes.OK);
    }
    span.end();
  }

  /** A call to all: how many agents were asked, and an event per agent that failed. */
  private void endAll(Replies<?> replies) {
    Map<String, NaniteException> failures = replies.failures();
    span.setAttribute(NaniteAttributes.REPLIES, (long) replies.size());
    span.setAttribute(NaniteAttributes.FAILED_REPLIES, (long) failures.size());
    if (failures.isEmpty()) {
      span.setAttribute(NaniteAttributes.OUTCOME, Outcomes.OK);
      return;
    }
    String firstType = null;
    for (Map.Entry<String, NaniteException> failure : failures.entrySet()) {
      String type = Outcomes.errorType(failure.getValue());
      firstType = firstType == null ? type : firstType;
      span.addEvent(NaniteAttributes.REPLY_FAILED_EVENT, Attributes.of(NaniteAttributes.AGENT,
          failure.getKey(), NaniteAttributes.ERROR_TYPE, type));
    }
    // The call itself succeeded, but a trace should show that some agents did not.
    span.setAttribute(NaniteAttributes.OUTCOME, Outcomes.ERROR);
    span.setAttribute(NaniteAttributes.ERROR_TYPE, firstType);
    span.setStatus(StatusCode.ERROR, failures.size() + " of " + replies.size()
        + " agents failed");
  }

  private void setAgent(String identity) {
    if (identity != null) {
      span.setAttribute(NaniteAttributes.AGENT, identity);
    }
  }
}
