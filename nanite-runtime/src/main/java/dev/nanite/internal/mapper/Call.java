package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.Selector;

/**
 * One request from its creation to its outcome, as a state machine:
 *
 * <pre>
 *            send(agent)                   settle (reply, deadline, lost, close)
 *   QUEUED ──────────────▶ SENT(agent) ──────────────────────────────────────▶ SETTLED
 *     ▲  │  ◀──────────────    │                                                 ▲
 *     │  │  takeBack(agent)    └─ settleAt(agent): the agent was lost holding it ┘
 *     │  └─ park ──▶ PARKED ── settle ──────────────────────────────────────────▶ SETTLED
 *     └──── unpark ──┘
 * </pre>
 *
 * <p>Each transition is one synchronized method that checks the state it leaves, so of two
 * faults that meet on a call (a return and an eviction, a deadline and a send, a reconnect and
 * a return) only the first acts and the other finds the call moved on. A transition that names
 * an agent acts only while the call is at that agent, so a late fault about an agent the call
 * has already left does nothing.
 *
 * <p>While a call is sent to an agent it is counted in the agent's in-flight total and listed in
 * its {@link AgentState#calls}, which is how an agent's calls are found when it is lost.
 */
final class Call {
  /** Where a call is in its life. */
  enum State {
    /** Not at any agent: about to be sent, or waiting for an agent or the connection. */
    QUEUED,
    /** Published to one agent's queue; counted in flight there. */
    SENT,
    /** In the offline queue, which any mapper may deliver from. */
    PARKED,
    /** Its outcome is decided; nothing changes it any more. */
    SETTLED
  }

  /** Where a call's outcome goes. */
  interface Sink {
    void value(String agent, ByteString value);

    void error(String agent, NaniteException error);
  }

  /** What stops the call's deadline timer once it settled: its own, or its share of one. */
  interface Timer {
    void callFinished();
  }

  final String token;
  final Endpoint<?, ?> endpoint;
  final ByteString args;
  final Selector.Single selector; // null for a call to one fixed agent (a part of an ALL call)
  final CallOptions options;
  final long startNanos;
  final long deadlineMillis;
  final Sink sink;
  private State state = State.QUEUED;
  private AgentState agent;
  /** The last agent it was sent to, kept after it left: the one a timeout names. */
  private String lastAgent;
  private long sentNanos;
  /** The connection losses the mapper had counted when the call was last sent. */
  private long sentAfterLoss;
  private int sends;
  private boolean mayWait;
  private Timer timer;
  /** An agent's notice that it refused a request with this call's token, or null. */
  private volatile String refusal;

  Call(String token, Endpoint<?, ?> endpoint, ByteString args, Selector.Single selector,
      CallOptions options, long startNanos, long deadlineMillis, Sink sink) {
    this.token = token;
    this.endpoint = endpoint;
    this.args = args;
    this.selector = selector;
    this.options = options;
    this.startNanos = startNanos;
    this.deadlineMillis = deadlineMillis;
    this.sink = sink;
  }

  String path() {
    return endpoint.path();
  }

  /** Whether the call may go to another agent once its agent is lost: it may run twice. */
  boolean movable() {
    return selector != null && endpoint.idempotent();
  }

  /** Notes an agent's notice of a refused request with this call's token; the first is kept. */
  void refused(String notice) {
    if (refusal == null) {
      refusal = notice;
    }
  }

  /** The notice of a refused request with this call's token, or null. */
  String refusal() {
    return refusal;
  }

  /**
   * Whether a result from {@code from} may answer this call in secure mode: only the agent it
   * was last sent to may, or any agent while it is parked (another mapper sends it on). A
   * settled call takes none anyway.
   */
  synchronized boolean mayAnswer(String from) {
    return state == State.PARKED || state == State.SETTLED || from.equals(lastAgent);
  }

  /**
   * QUEUED → SENT(to): counts the call in flight at {@code to}.
   *
   * @return the number of this send (1 for the first), or 0 if the call was not queued
   */
  synchronized int send(AgentState to, long nowNanos, long lossesSoFar) {
    if (state != State.QUEUED) {
      return 0;
    }
    state = State.SENT;
    agent = to;
    lastAgent = to.identity;
    sentNanos = nowNanos;
    sentAfterLoss = lossesSoFar;
    to.inFlight.incrementAndGet();
    to.calls.add(this);
    return ++sends;
  }

  /** SENT(from) → QUEUED: the agent never got the call, or lost it; false if it is elsewhere. */
  synchronized boolean takeBack(AgentState from) {
    if (state != State.SENT || agent != from) {
      return false;
    }
    leaveAgent();
    state = State.QUEUED;
    return true;
  }

  /** QUEUED → PARKED. */
  synchronized boolean park() {
    if (state != State.QUEUED) {
      return false;
    }
    state = State.PARKED;
    return true;
  }

  /** PARKED → QUEUED: parking failed, or the parked copy may be gone. */
  synchronized boolean unpark() {
    if (state != State.PARKED) {
      return false;
    }
    state = State.QUEUED;
    return true;
  }

  /** Any state → SETTLED; true for the first caller only. */
  synchronized boolean settle() {
    if (state == State.SETTLED) {
      return false;
    }
    leaveAgent();
    state = State.SETTLED;
    if (timer != null) {
      timer.callFinished();
    }
    return true;
  }

  /** SENT(at) → SETTLED: its agent was lost holding it; false if it is not at {@code at}. */
  synchronized boolean settleAt(AgentState at) {
    return state == State.SENT && agent == at && settle();
  }

  /**
   * Any state → SETTLED for a reply from {@code from}, counting its round trip toward the
   * latency estimate of that agent if the call was at it (least-loaded selection weighs it).
   */
  synchronized boolean settleAnswered(String from, long nowNanos) {
    AgentState answering = agent != null && agent.identity.equals(from) ? agent : null;
    long since = sentNanos;
    if (!settle()) {
      return false;
    }
    if (answering != null) {
      answering.answered(path(), nowNanos - since, nowNanos);
    }
    return true;
  }

  private void leaveAgent() {
    if (agent != null) {
      agent.calls.remove(this);
      agent.inFlight.decrementAndGet();
      agent = null;
    }
  }

  /** Sets the deadline timer; cancels it at once if the call already settled. */
  synchronized void timer(Timer timer) {
    this.timer = timer;
    if (state == State.SETTLED) {
      timer.callFinished();
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

  synchronized State state() {
    return state;
  }

  /** The agent the call is at, or null unless it is {@link State#SENT}. */
  synchronized AgentState agent() {
    return agent;
  }

  /** The identity of the last agent the call was sent to, or null if it never was. */
  synchronized String lastAgent() {
    return lastAgent;
  }

  /** When the call was last sent. */
  synchronized long sentNanos() {
    return sentNanos;
  }

  /** Whether the call was sent on a connection the {@code loss}-th loss closed. */
  synchronized boolean sentBefore(long loss) {
    return sentAfterLoss < loss;
  }

  synchronized int sends() {
    return sends;
  }

  @Override
  public synchronized String toString() {
    return "call " + token + " of " + path() + " " + state
        + (agent == null ? "" : " at " + agent.identity);
  }
}
