package dev.nanite.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs an agent or a mapper (a picocli mixin): secure mode
 * and signing, docs/security.md. Only file names go on the command line, never a key.
 */
final class SecurityFlags {
  @Option(names = "--secure",
      description = "Secure mode: take a packet only when its broker account (checked by the"
          + " broker) may claim the identity inside it: account nanite3 is nanite3 or"
          + " nanite3-*. Processes are then named <account>-...")
  Boolean secure;

  @Option(names = "--signing-key", paramLabel = "FILE",
      description = "Sign every packet with this Ed25519 key (the PEM file nanite keygen"
          + " writes), and check the signatures of those taken.")
  Path signingKey;

  @Option(names = "--key-id", paramLabel = "ID",
      description = "The signing key's id in the trusted keys (default: its file name"
          + " without .key).")
  String keyId;

  @Option(names = "--trusted-keys", paramLabel = "FILE",
      description = "The keys whose signatures are taken: lines of '<key id> <identities>"
          + " <public key>', as nanite keygen prints them.")
  Path trustedKeys;

  @Option(names = "--signing-optional",
      description = "Also take unsigned packets (while a fabric moves to signing).")
  Boolean signingOptional;

  @Option(names = "--signing-window", paramLabel = "DURATION", converter = Durations.class,
      description = "How long a signed packet is taken after it was signed, and the clock"
          + " difference tolerated (default 2m).")
  Duration signingWindow;

  /** What the flags say, with a mapper's account paths or an agent's callers. */
  SecurityOptions options(Path accountPaths, List<String> callers) {
    return SecurityOptions.flags(secure, accountPaths, signingKey, keyId, trustedKeys,
        signingOptional, signingWindow, callers);
  }
}
