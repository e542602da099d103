package dev.nanite.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes and event names of Nanite's spans, for queries, dashboards and tests. The
 * {@code rpc.*}, {@code messaging.*} and {@code error.type} keys are OpenTelemetry's semantic
 * conventions; the {@code nanite.*} keys are Nanite's own. docs/tracing.md shows them on a
 * sample trace.
 */
public final class NaniteAttributes {
  /** {@code rpc.system}: always {@value #RPC_SYSTEM_NANITE}. */
  public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  /** {@code rpc.service}: a path's prefix, {@code mock} for {@code /mock/list}. */
  public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  /** {@code rpc.method}: a path's name, {@code list} for {@code /mock/list}. */
  public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  /**
   * {@code messaging.system}: always {@value #MESSAGING_SYSTEM_RABBITMQ}, as calls travel over
   * AMQP 0-9-1, whichever broker speaks it.
   */
  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  /** {@code messaging.operation.type}: {@code send} on a push's span. */
  public static final AttributeKey<String> MESSAGING_OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  /**
   * {@code error.type}: on a failed call, the remote error's type ({@link
   * dev.nanite.RemoteException#errorType()}, the actor's exception class or a refusal's type),
   * else the exception's class name.
   */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** {@code nanite.path}: the path called, {@code /mock/list}. */
  public static final AttributeKey<String> PATH = AttributeKey.stringKey("nanite.path");
  /** {@code nanite.selector}: how the agent was chosen, {@code least_loaded}, {@code all}... */
  public static final AttributeKey<String> SELECTOR = AttributeKey.stringKey("nanite.selector");
  /** {@code nanite.agent}: the agent that ran the call (on the mapper: that answered, if known). */
  public static final AttributeKey<String> AGENT = AttributeKey.stringKey("nanite.agent");
  /** {@code nanite.caller}: on the agent, the identity of the mapper that made the call. */
  public static final AttributeKey<String> CALLER = AttributeKey.stringKey("nanite.caller");
  /** {@code nanite.account}: on the agent, the broker account the call came from, if any. */
  public static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("nanite.account");
  /** {@code nanite.call_id}: the call's id (its request token), as logs and observers show it. */
  public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("nanite.call_id");
  /**
   * {@code nanite.outcome}: how the call ended: {@code ok}, {@code error}, {@code timeout},
   * {@code no_agent}, {@code lost} or {@code cancelled}, as {@link dev.nanite.CallObserver}'s
   * outcomes.
   */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("nanite.outcome");
  /** {@code nanite.attempts}: how many agents a call was sent to, 1 unless it moved on. */
  public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("nanite.attempts");
  /** {@code nanite.attempt}: on a {@value #RETRY_EVENT} event, the attempt's number, from 2. */
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("nanite.attempt");
  /** {@code nanite.move_reason}: on a {@value #MOVED_ON_EVENT} event, why the call moved on. */
  public static final AttributeKey<String> MOVE_REASON =
      AttributeKey.stringKey("nanite.move_reason");
  /** {@code nanite.replies}: on a call to all, how many agents were asked. */
  public static final AttributeKey<Long> REPLIES = AttributeKey.longKey("nanite.replies");
  /** {@code nanite.failed_replies}: on a call to all, how many of them failed. */
  public static final AttributeKey<Long> FAILED_REPLIES =
      AttributeKey.longKey("nanite.failed_replies");

  /** The value of {@link #RPC_SYSTEM}. */
  public static final String RPC_SYSTEM_NANITE = "nanite";
  /** The value of {@link #MESSAGING_SYSTEM}. */
  public static final String MESSAGING_SYSTEM_RABBITMQ = "rabbitmq";

  /** The event of a call sent again, to another agent ({@link #AGENT}, {@link #ATTEMPT}). */
  public static final String RETRY_EVENT = "nanite.retry";
  /** The event of a call leaving an agent without its answer ({@link #AGENT}, {@link #MOVE_REASON}). */
  public static final String MOVED_ON_EVENT = "nanite.moved_on";
  /** The event of one agent's failed reply to a call to all ({@link #AGENT}, {@link #ERROR_TYPE}). */
  public static final String REPLY_FAILED_EVENT = "nanite.reply_failed";

  private NaniteAttributes() {}
}
