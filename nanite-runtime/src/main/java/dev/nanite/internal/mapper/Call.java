package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.Selector;
import java.util.concurrent.ScheduledFuture;

/**
 * One request in flight: what to send, which agent has it now, when it expires, and where its
 * outcome goes. It finishes exactly once, whichever comes first of a reply, its deadline or the
 * loss of its agent; until then it may move to another agent. Each agent it is sent to counts
 * it in flight until it moves on or finishes.
 */
final class Call {
  /** Where a call's outcome goes. */
  interface Sink {
    void value(String agent, ByteString value);

    void error(String agent, NaniteException error);
  }

  final String token;
  final Endpoint<?, ?> endpoint;
  final ByteString args;
  final Selector.Single selector; // null for a call to one fixed agent (one of an ALL call)
  final CallOptions options;
  final long deadlineNanos;
  final long deadlineMillis;
  final Sink sink;
  private boolean finished;
  private AgentState agent;
  private long assignedNanos;
  private Timer timer;
  private int attempts;
  private boolean mayWait;

  Call(String token, Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, long deadlineNanos, long deadlineMillis, Sink sink) {
    this.token = token;
    this.endpoint = endpoint;
    this.args = args;
    this.selector = selector;
    this.options = options;
    this.deadlineNanos = deadlineNanos;
    this.deadlineMillis = deadlineMillis;
    this.sink = sink;
  }

  String path() {
    return endpoint.path();
  }

  /** Hands the call to {@code next}, counting it there; false if it already finished. */
  synchronized boolean assign(AgentState next) {
    if (finished) {
      return false;
    }
    release();
    agent = next;
    assignedNanos = System.nanoTime();
    attempts++;
    next.inFlight.incrementAndGet();
    return true;
  }

  /**
   * Like {@link #finish()} for a reply, counting its round trip toward the latency estimate of
   * the agent that had the call, which least-loaded selection weighs.
   */
  synchronized boolean finishAnswered(String from) {
    AgentState answering = agent != null && agent.identity.equals(from) ? agent : null;
    long since = assignedNanos;
    if (!finish()) {
      return false;
    }
    if (answering != null) {
      long now = System.nanoTime();
      answering.answered(path(), now - since, now);
    }
    return true;
  }

  /** Takes the call back from its agent before sending it elsewhere; false if finished. */
  synchronized boolean unassign() {
    if (finished) {
      return false;
    }
    release();
    return true;
  }

  /** What stops the call's deadline timer once it finished: its own, or its share of one. */
  interface Timer {
    void callFinished();

    /** A timer of the call's own. */
    static Timer of(ScheduledFuture<?> future) {
      return () -> future.cancel(false);
    }
  }

  synchronized void timer(Timer timer) {
    this.timer = timer;
    if (finished) {
      timer.callFinished();
    }
  }

  /** Claims the right to finish the call; true for the first caller only. */
  synchronized boolean finish() {
    if (finished) {
      return false;
    }
    finished = true;
    release();
    if (timer != null) {
      timer.callFinished();
    }
    return true;
  }

  private void release() {
    if (agent != null) {
      agent.inFlight.decrementAndGet();
      agent = null;
    }
  }

  /** Lets the call wait for an agent instead of failing when none is there. */
  synchronized void allowWaiting() {
    mayWait = true;
  }

  /** Whether the call waits for an agent (offline calls, or after a lost connection). */
  synchronized boolean mayWait() {
    return mayWait || options.offline();
  }

  synchronized AgentState agent() {
    return agent;
  }

  synchronized int attempts() {
    return attempts;
  }

  synchronized boolean finished() {
    return finished;
  }
}
