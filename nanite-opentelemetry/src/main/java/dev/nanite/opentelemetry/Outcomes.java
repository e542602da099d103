package dev.nanite.opentelemetry;

import dev.nanite.AgentLostException;
import dev.nanite.CallRefusedException;
import dev.nanite.NoAgentException;
import dev.nanite.RemoteException;
import dev.nanite.RequestTimeoutException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a call ended, in the terms of the spans' attributes; shared by both sides. */
final class Outcomes {
  static final String OK = "ok";
  static final String ERROR = "error";
  static final String TIMEOUT = "timeout";
  static final String NO_AGENT = "no_agent";
  static final String LOST = "lost";
  static final String CANCELLED = "cancelled";

  private Outcomes() {}

  /** The exception a future failed with, without the wrappers futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The outcome of a call that failed with {@code cause}, as {@code CallObserver.Outcome} names it. */
  static String of(Throwable cause) {
    if (cause instanceof RequestTimeoutException) {
      return TIMEOUT;
    }
    if (cause instanceof NoAgentException) {
      return NO_AGENT;
    }
    if (cause instanceof AgentLostException) {
      return LOST;
    }
    if (cause instanceof CancellationException) {
      return CANCELLED;
    }
    return ERROR;
  }

  /**
   * The {@code error.type} of {@code cause}: a remote error's or refusal's own type, which says
   * more than the local exception's class (RemoteException for every actor's failure).
   */
  static String errorType(Throwable cause) {
    if (cause instanceof RemoteException remote) {
      return remote.errorType();
    }
    if (cause instanceof CallRefusedException refused) {
      return refused.errorType();
    }
    return cause.getClass().getName();
  }

  /** The agent an error names, or null: who timed out, was lost, or answered with it. */
  static String agentOf(Throwable cause) {
    if (cause instanceof RemoteException remote) {
      return remote.agent();
    }
    if (cause instanceof RequestTimeoutException timeout) {
      return timeout.agent();
    }
    if (cause instanceof AgentLostException lost) {
      return lost.agent();
    }
    return null;
  }

  /** Marks {@code span} failed with {@code cause}: error status, {@code error.type}, the exception. */
  static void fail(Span span, Throwable cause) {
    span.setAttribute(NaniteAttributes.ERROR_TYPE, errorType(cause));
    span.recordException(cause);
    span.setStatus(StatusCode.ERROR, cause.getMessage() != null ? cause.getMessage()
        : cause.getClass().getSimpleName()); // a cancellation has no message
  }
}
