package dev.nanite;

import java.util.Set;

/**
 * Agents serve the path, but with another signature than the caller was built for: a
 * parameter, the result, or a record or enum they carry changed on one side. Nothing waits for
 * an agent of the caller's signature: a call made {@link CallOptions#withOffline offline} fails
 * with this at once too. The message names the first difference when both schemas are known
 * (agents advertise theirs; the caller's is the one its build wrote, on the class path), or
 * says which one is missing.
 */
public class SignatureMismatchException extends NoAgentException {
  private static final long serialVersionUID = 1L;

  private final String callerFingerprint;
  private final Set<String> agentFingerprints;

  /** Creates the exception; {@code message} says what differs, where known. */
  public SignatureMismatchException(String path, String callerFingerprint,
      Set<String> agentFingerprints, String message) {
    super(path, message);
    this.callerFingerprint = callerFingerprint;
    this.agentFingerprints = Set.copyOf(agentFingerprints);
  }

  /** The fingerprint of the signature the caller was built for. */
  public String callerFingerprint() {
    return callerFingerprint;
  }

  /** The fingerprints the agents serving the path advertise for it, none of them the caller's. */
  public Set<String> agentFingerprints() {
    return agentFingerprints;
  }
}
