package dev.nanite;

import dev.nanite.internal.security.Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Objects;

/**
 * End-to-end signed packets, for fabrics that do not trust every holder of a broker account,
 * or the broker itself: give the same kind of object to every agent's and mapper's builder
 * ({@code signing(...)}).
 *
 * <p>Each packet a process publishes is signed with its Ed25519 key (the JDK's), naming the
 * key's id; a receiver verifies it against its {@link TrustedKeys}, checks that the key may
 * sign for the identity the packet claims, and refuses it otherwise ({@code nanite.BadSignature}).
 * A signed packet is fresh for the {@linkplain Builder#window window} after it was signed (a
 * request until its deadline), and an agent runs a signed request once: a copy replayed within
 * that time is refused ({@code nanite.Replayed}). docs/protocol.md defines the bytes signed.
 *
 * <pre>{@code
 * Signing signing = Signing.builder()
 *     .key("billing-2026a", Path.of("/etc/nanite/billing-2026a.key"))
 *     .trust(TrustedKeys.load(Path.of("/etc/nanite/trusted-keys")))
 *     .build();
 * Agent agent = Agent.builder().uri(uri).signing(signing).actor(new Billing()).start();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Signing {
  private final String keyId;
  private final PrivateKey privateKey;
  private final TrustedKeys trusted;
  private final boolean requireSigned;
  private final Duration window;

  private Signing(Builder builder) {
    this.keyId = builder.keyId;
    this.privateKey = builder.privateKey;
    this.trusted = builder.trusted;
    this.requireSigned = builder.requireSigned;
    this.window = builder.window;
  }

  /** A builder; {@link Builder#key} and {@link Builder#trust} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The id of the key this process signs with. */
  public String keyId() {
    return keyId;
  }

  /** The key this process signs with. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The keys whose signatures this process accepts. */
  public TrustedKeys trusted() {
    return trusted;
  }

  /** Whether unsigned packets are refused (else they are taken, and only signed ones checked). */
  public boolean requireSigned() {
    return requireSigned;
  }

  /** How long after signing a packet is taken (a request: until its deadline, if later). */
  public Duration window() {
    return window;
  }

  /** Settings for {@link Signing}. Not thread-safe. */
  public static final class Builder {
    private String keyId;
    private PrivateKey privateKey;
    private TrustedKeys trusted;
    private boolean requireSigned = true;
    private Duration window = Duration.ofMinutes(2);

    private Builder() {}

    /**
     * The Ed25519 key this process signs with, and its id as the trusted keys list it.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 private key
     */
    public Builder key(String keyId, PrivateKey key) {
      Keys.checkId(keyId);
      Keys.checkEd25519(Objects.requireNonNull(key, "private key"));
      this.keyId = keyId;
      this.privateKey = key;
      return this;
    }

    /**
     * The key in a PEM file (PKCS#8, {@code -----BEGIN PRIVATE KEY-----}), as
     * {@code nanite keygen} writes it.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if it holds no Ed25519 private key
     */
    public Builder key(String keyId, Path pemFile) throws IOException {
      return key(keyId, Keys.readPrivate(pemFile));
    }

    /** The keys whose signatures are accepted, each bound to the identities it signs for. */
    public Builder trust(TrustedKeys keys) {
      this.trusted = Objects.requireNonNull(keys, "trusted keys");
      return this;
    }

    /**
     * Whether unsigned packets are refused; default true. False only while a fabric moves to
     * signing: processes then sign, and check the signatures they get, but still take
     * unsigned packets from those not yet moved.
     */
    public Builder requireSigned(boolean require) {
      this.requireSigned = require;
      return this;
    }

    /**
     * How long a signed packet is taken after it was signed (a request is taken until its
     * deadline, if later); default 2 minutes, 1 second to 1 hour. Also the largest clock
     * difference between hosts tolerated. An agent remembers the signed requests it ran for as
     * long, to refuse copies of them.
     */
    public Builder window(Duration window) {
      this.window = Checks.between("signing window", window, Duration.ofSeconds(1),
          Duration.ofHours(1));
      return this;
    }

    /**
     * @throws IllegalStateException if no key or no trusted keys were given
     */
    public Signing build() {
      if (privateKey == null) {
        throw new IllegalStateException("signing needs the key this process signs with:"
            + " call key(keyId, privateKey)");
      }
      if (trusted == null) {
        throw new IllegalStateException("signing needs the keys it trusts: call"
            + " trust(TrustedKeys.load(file))");
      }
      return new Signing(this);
    }
  }
}
