package dev.nanite.internal.security;

import dev.nanite.AccountPolicy;
import dev.nanite.CallerPolicy;
import dev.nanite.Signing;

/**
 * How a process guards its fabric; see {@code secure}, {@code callers} and {@code signing} on
 * the builders.
 *
 * @param policy the account policy of secure mode, or null for open mode
 * @param callers which callers an agent serves (mappers: unused)
 * @param signing how packets are signed and checked, or null for unsigned packets
 */
public record SecuritySettings(AccountPolicy policy, CallerPolicy callers, Signing signing) {
  /** Open mode, unsigned: every packet that parses is taken. */
  public static final SecuritySettings OPEN = new SecuritySettings(null, CallerPolicy.anyone(),
      null);

  /** The gate of a process with these settings. */
  public Gate gate(String owner, int maxPacketBytes, SecurityStats stats) {
    return new Gate(owner, policy, signing, maxPacketBytes, stats);
  }

  /** The gate of an agent: its signed requests must be for it (or for several agents). */
  public Gate agentGate(String identity, int maxPacketBytes, SecurityStats stats) {
    return new Gate("Agent " + identity, identity, policy, signing, maxPacketBytes, stats);
  }

  /** What the process's packets get on their way out. */
  public Outbound outbound(String account) {
    return new Outbound(account, signing);
  }
}
