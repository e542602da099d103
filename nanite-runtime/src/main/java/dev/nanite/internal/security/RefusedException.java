package dev.nanite.internal.security;

import dev.nanite.internal.protocol.Packet;

/**
 * A packet refused by the {@link Gate}: counted and logged there already. Carries the packet
 * when it parsed, so that a request can be answered with the error.
 */
public final class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;
  private final transient Packet packet;

  RefusedException(Refusal refusal, String message, Packet packet) {
    super(message, null, false, false);
    this.refusal = refusal;
    this.packet = packet;
  }

  public Refusal refusal() {
    return refusal;
  }

  /**
   * The packet refused (unwrapped from its signature), to answer a request with the error; null
   * if it was not parsed, or is not to be answered (a copy of a request already taken).
   */
  public Packet packet() {
    return packet;
  }
}
