package dev.nanite.internal.amqp;

import dev.nanite.BrokerUnavailableException;

/** Turns a transport failure into the error callers see. */
public final class Unavailable {
  private Unavailable() {}

  /** A {@link BrokerUnavailableException} caused by {@code cause} (returned as is if it is one). */
  public static Throwable of(Throwable cause) {
    if (cause instanceof BrokerUnavailableException) {
      return cause;
    }
    return new BrokerUnavailableException(null,
        "the broker connection is unavailable: " + cause.getMessage(), cause);
  }
}
