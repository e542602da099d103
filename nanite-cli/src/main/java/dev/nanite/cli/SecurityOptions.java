package dev.nanite.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What one place, the command line or an agent's config file, says about secure mode and
 * signing (docs/security.md); null (or empty) for what it does not say. Paths are absolute.
 *
 * @param configFile the config file it was read from, or null for the command line
 * @param secure secure mode: identities bound to broker accounts ({@code AccountPolicy.byName()})
 * @param accountPaths a file of the paths each account may serve (mappers)
 * @param signingKey the PEM file of the key this process signs with
 * @param keyId the id of that key; default: the key file's name without {@code .key}
 * @param trustedKeys the trusted-keys file
 * @param signingOptional whether unsigned packets are still taken
 * @param signingWindow how long a signed packet is fresh
 * @param callers the accounts an agent serves (empty: any)
 */
record SecurityOptions(
    Path configFile,
    Boolean secure,
    Path accountPaths,
    Path signingKey,
    String keyId,
    Path trustedKeys,
    Boolean signingOptional,
    Duration signingWindow,
    List<String> callers) {

  // The config file's keys; the flags are these with "--".
  static final String SECURE = "secure";
  static final String ACCOUNT_PATHS = "account-paths";
  static final String SIGNING_KEY = "signing-key";
  static final String KEY_ID = "key-id";
  static final String TRUSTED_KEYS = "trusted-keys";
  static final String SIGNING_OPTIONAL = "signing-optional";
  static final String SIGNING_WINDOW = "signing-window";
  static final String CALLERS = "callers";

  /** The keys an agent's config file may hold (not account-paths: mappers check paths). */
  static final List<String> AGENT_KEYS = List.of(SECURE, SIGNING_KEY, KEY_ID, TRUSTED_KEYS,
      SIGNING_OPTIONAL, SIGNING_WINDOW, CALLERS);

  /** Says nothing. */
  static final SecurityOptions NONE = new SecurityOptions(null, null, null, null, null, null,
      null, null, List.of());

  SecurityOptions {
    callers = callers == null ? List.of() : List.copyOf(callers);
  }

  /** Flags: relative paths are relative to the working directory. */
  static SecurityOptions flags(Boolean secure, Path accountPaths, Path signingKey, String keyId,
      Path trustedKeys, Boolean signingOptional, Duration signingWindow, List<String> callers) {
    return new SecurityOptions(null, secure, absolute(accountPaths), absolute(signingKey), keyId,
        absolute(trustedKeys), signingOptional, signingWindow, callers);
  }

  /**
   * A config file's settings: relative paths are relative to its folder.
   *
   * @throws IllegalArgumentException naming the file and the setting of a bad value
   */
  static SecurityOptions of(AgentConfig config) {
    return new SecurityOptions(config.file(), bool(config, SECURE), null,
        path(config, SIGNING_KEY), config.get(KEY_ID), path(config, TRUSTED_KEYS),
        bool(config, SIGNING_OPTIONAL), duration(config, SIGNING_WINDOW), config.list(CALLERS));
  }

  /** How messages name {@code key} of this place: {@code --trusted-keys}, or {@code FILE: key}. */
  String name(String key) {
    return configFile == null ? "--" + key : configFile + ": " + key;
  }

  private static Path absolute(Path path) {
    return path == null ? null : path.toAbsolutePath().normalize();
  }

  private static Path path(AgentConfig config, String key) {
    String value = config.get(key);
    return value == null ? null : config.home().resolve(value).normalize();
  }

  private static Boolean bool(AgentConfig config, String key) {
    String value = config.get(key);
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(config.file() + ": " + key
          + ": must be true or false, not '" + value + "'");
    };
  }

  private static Duration duration(AgentConfig config, String key) {
    String value = config.get(key);
    try {
      return value == null ? null : Durations.positive(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config.file() + ": " + key + ": " + e.getMessage());
    }
  }
}
