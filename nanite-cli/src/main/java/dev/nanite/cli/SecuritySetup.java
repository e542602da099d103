package dev.nanite.cli;

import dev.nanite.AccountPolicy;
import dev.nanite.Agent;
import dev.nanite.CallerPolicy;
import dev.nanite.Mapper;
import dev.nanite.Signing;
import dev.nanite.TrustedKeys;
import dev.nanite.internal.security.Keys;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an agent or a mapper guards its fabric, merged from the flags and an agent's config file
 * (flags first, setting by setting) and loaded: secure mode's account policy (with the paths
 * each account may serve), an agent's callers, and signing with its key and trusted keys. Every
 * file is read and checked here, so that a bad one is a usage error naming its setting.
 *
 * @param policy the account policy of secure mode, or null for open mode
 * @param callers the callers an agent serves, or null for any
 * @param signing how packets are signed and checked, or null for unsigned packets
 */
record SecuritySetup(AccountPolicy policy, CallerPolicy callers, Signing signing,
    String summary) {
  /** Open mode, unsigned, any caller. */
  static final SecuritySetup OPEN = new SecuritySetup(null, null, null, "");

  /** A value and how messages name where it came from. */
  private record Given<T>(T value, String name, SecurityOptions place) {}

  /**
   * Merges and loads {@code flags}, then {@code config} (either may be
   * {@link SecurityOptions#NONE}).
   *
   * @throws IllegalArgumentException naming the setting (and file) at fault and what is wrong
   */
  static SecuritySetup resolve(SecurityOptions flags, SecurityOptions config) {
    List<SecurityOptions> places = List.of(flags, config);
    Given<Boolean> secure = first(places, SecurityOptions::secure, SecurityOptions.SECURE);
    boolean isSecure = secure != null && secure.value();
    Given<Path> paths = first(places, SecurityOptions::accountPaths,
        SecurityOptions.ACCOUNT_PATHS);
    List<String> summary = new ArrayList<>();
    AccountPolicy policy = null;
    if (isSecure) {
      policy = AccountPolicy.byName();
      summary.add("secure");
      if (paths != null) {
        policy = policy.servingOnly(accountPaths(paths.value(), paths.name()));
        summary.add("paths by account from " + paths.value().getFileName());
      }
    } else if (paths != null) {
      throw new IllegalArgumentException(paths.name() + " gives the paths each account may"
          + " serve, which only secure mode checks: add " + paths.place().name(
              SecurityOptions.SECURE) + (paths.place().configFile() == null ? "" : " = true"));
    }
    Given<List<String>> callers = first(places, o -> o.callers().isEmpty() ? null : o.callers(),
        SecurityOptions.CALLERS);
    CallerPolicy callerPolicy = null;
    if (callers != null) {
      for (String account : callers.value()) {
        if (account.isBlank() || account.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException(callers.name() + ": '" + account + "' is not a"
              + " broker account name");
        }
      }
      callerPolicy = CallerPolicy.accounts(callers.value());
      summary.add("callers " + String.join(",", callers.value()));
    }
    Signing signing = signing(places);
    if (signing != null) {
      summary.add("signing with key " + signing.keyId()
          + (signing.requireSigned() ? "" : " (unsigned packets taken)"));
    }
    return new SecuritySetup(policy, callerPolicy, signing, String.join(", ", summary));
  }

  /** Whether this is secure mode (identities bound to accounts). */
  boolean secure() {
    return policy != null;
  }

  /** The agent's builder with these settings. */
  Agent.Builder apply(Agent.Builder builder) {
    if (policy != null) {
      builder.secure(policy);
    }
    if (callers != null) {
      builder.callers(callers);
    }
    if (signing != null) {
      builder.signing(signing);
    }
    return builder;
  }

  /** The mapper's builder with these settings (callers concern agents only). */
  Mapper.Builder apply(Mapper.Builder builder) {
    if (policy != null) {
      builder.secure(policy);
    }
    if (signing != null) {
      builder.signing(signing);
    }
    return builder;
  }

  /** {@code ", secure, signing with key k"} for a start-up line; empty in open mode. */
  String suffix() {
    return summary.isEmpty() ? "" : ", " + summary;
  }

  /**
   * Checks that a process of these settings logged in as {@code account} may be {@code identity}:
   * secure mode's policy must let the account claim it, and the process's own key, if trusted,
   * sign for it; else every packet it sent would be refused.
   *
   * @param setting names where the identity came from, for messages
   * @throws IllegalArgumentException saying why not
   */
  void checkIdentity(String account, String identity, String setting) {
    if (policy != null && !policy.mayClaim(account, identity)) {
      throw new IllegalArgumentException(setting + ": in secure mode, account '" + account
          + "' may not act as '" + identity + "': its identities are '" + account + "' and '"
          + account + "-...' (or leave the identity out for " + account + "-<name>-<host>-<pid>)");
    }
    if (signing != null) {
      Optional<TrustedKeys.Key> own = signing.trusted().get(signing.keyId());
      if (own.isPresent() && !own.get().signsFor(identity)) {
        throw new IllegalArgumentException(setting + ": key '" + signing.keyId() + "' signs for '"
            + own.get().identities() + "' only, not for '" + identity + "': every packet would"
            + " be refused");
      }
    }
  }

  /** Signing, or null if no key is given; its other settings alone are an error. */
  private static Signing signing(List<SecurityOptions> places) {
    Given<Path> key = first(places, SecurityOptions::signingKey, SecurityOptions.SIGNING_KEY);
    Given<Path> trusted = first(places, SecurityOptions::trustedKeys,
        SecurityOptions.TRUSTED_KEYS);
    Given<String> keyId = first(places, SecurityOptions::keyId, SecurityOptions.KEY_ID);
    Given<Boolean> optional = first(places, SecurityOptions::signingOptional,
        SecurityOptions.SIGNING_OPTIONAL);
    Given<Duration> window = first(places, SecurityOptions::signingWindow,
        SecurityOptions.SIGNING_WINDOW);
    if (key == null) {
      for (Given<?> given : new Given<?>[] {trusted, keyId, optional, window}) {
        if (given != null) {
          throw new IllegalArgumentException(given.name() + " configures signing, which needs"
              + " the key this process signs with: give " + given.place().name(
                  SecurityOptions.SIGNING_KEY) + " (nanite keygen makes one)");
        }
      }
      return null;
    }
    if (trusted == null) {
      throw new IllegalArgumentException(key.name() + " signs this process's packets, which"
          + " needs the keys it trusts to check those it takes: give " + key.place().name(
              SecurityOptions.TRUSTED_KEYS) + " (lines of nanite keygen's output)");
    }
    String id = keyId != null ? keyId.value() : keyId(key.value());
    String idSetting = keyId != null ? keyId.name()
        : key.name() + " (its file name, as --key-id is not given)";
    try {
      Keys.checkId(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(idSetting + ": " + e.getMessage());
    }
    TrustedKeys trust = read(trusted, "the trusted keys file",
        file -> TrustedKeys.parse(Files.readString(file, StandardCharsets.UTF_8),
            file.toString()));
    PrivateKey privateKey = read(key, "the signing key", Keys::readPrivate);
    Optional<TrustedKeys.Key> own = trust.get(id);
    if (own.isPresent() && !pair(privateKey, own.get().publicKey())) {
      throw new IllegalArgumentException(key.name() + ": " + key.value() + " is not the key "
          + trusted.name() + " (" + trusted.value() + ") trusts as '" + id + "': give the key"
          + " that matches, or its own id with " + key.place().name(SecurityOptions.KEY_ID));
    }
    Signing.Builder builder = Signing.builder().key(id, privateKey).trust(trust);
    if (optional != null) {
      builder.requireSigned(!optional.value());
    }
    if (window != null) {
      try {
        builder.window(window.value());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(window.name() + ": " + e.getMessage());
      }
    }
    return builder.build();
  }

  /** The key id a key file stands for: its name without {@code .key}, as keygen names it. */
  static String keyId(Path keyFile) {
    String name = keyFile.getFileName().toString();
    return name.endsWith(".key") && name.length() > 4 ? name.substring(0, name.length() - 4)
        : name;
  }

  /** Whether the public key belongs to the private one: it checks what the private one signs. */
  private static boolean pair(PrivateKey privateKey, PublicKey publicKey) {
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The paths each account may serve, from a file of lines {@code <account> <pattern>...}: a
   * pattern is a path, or a prefix ending in {@code /*}; {@code #} starts a comment; an account
   * may have several lines.
   */
  static Map<String, List<String>> accountPaths(Path file, String setting) {
    String text = read(new Given<>(file, setting, null), "the account paths file",
        f -> Files.readString(f, StandardCharsets.UTF_8));
    Map<String, List<String>> paths = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      line = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = setting + ": " + file + " line " + (i + 1);
      String[] words = line.split("\\s+");
      if (words.length < 2) {
        throw new IllegalArgumentException(where + ": expected '<account> <path or /prefix/*>"
            + " ...', got only '" + words[0] + "'");
      }
      for (int w = 1; w < words.length; w++) {
        String pattern = words[w];
        int star = pattern.indexOf('*');
        if (!pattern.startsWith("/")
            || star >= 0 && (star != pattern.length() - 1 || !pattern.endsWith("/*"))) {
          throw new IllegalArgumentException(where + ": '" + pattern + "' is neither a path"
              + " (/billing/charge) nor a prefix ending in /* (/billing/*)");
        }
        paths.computeIfAbsent(words[0], a -> new ArrayList<>()).add(pattern);
      }
    }
    return paths;
  }

  private interface Reader<T> {
    T read(Path file) throws IOException;
  }

  /** Reads a file a setting names; its errors name the setting and the file. */
  private static <T> T read(Given<Path> given, String what, Reader<T> reader) {
    Path file = given.value();
    try {
      return reader.read(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(given.name() + ": " + what + " " + file
          + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(given.name() + ": cannot read " + what + " " + file
          + " (permission denied)");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(given.name() + ": " + what + " " + file
          + " is not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(given.name() + ": cannot read " + what + " " + file
          + " (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(given.name() + ": " + e.getMessage(), e);
    }
  }

  /** The first place that says {@code key}, with its name. */
  private static <T> Given<T> first(List<SecurityOptions> places,
      Function<SecurityOptions, T> get, String key) {
    for (SecurityOptions place : places) {
      T value = get.apply(place);
      if (value != null) {
        return new Given<>(value, place.name(key), place);
      }
    }
    return null;
  }
}
