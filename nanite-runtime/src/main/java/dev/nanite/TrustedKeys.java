package dev.nanite;

import dev.nanite.internal.security.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The public keys a signing fabric trusts, each bound to the identities it may sign for.
 *
 * <p>One key per line in a text file: its key id, the identities (one, or a prefix ending in
 * {@code *}), and the Ed25519 public key in base64 (X.509 SubjectPublicKeyInfo), separated by
 * spaces; {@code #} starts a comment. {@code nanite keygen} prints such a line:
 *
 * <pre>
 * # key id        identities     public key
 * billing-2026a   billing-*      MCowBQYDK2VwAyEA1p2O...
 * mappers-1       mapper-*       MCowBQYDK2VwAyEAq9Zx...
 * </pre>
 *
 * <p>To rotate a key, add the new one beside the old (any number of keys may be valid for the
 * same identities at once), move the signer to it, and remove the old one once no process signs
 * with it. Immutable and thread-safe.
 */
public final class TrustedKeys {
  private final Map<String, Key> keys;

  private TrustedKeys(Map<String, Key> keys) {
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /**
   * A trusted key: its id, the identities it signs for ({@code billing-1}, or a prefix such
   * as {@code billing-*}), and the public key.
   */
  public record Key(String id, String identities, PublicKey publicKey) {
    public Key {
      Objects.requireNonNull(publicKey, "public key");
      Keys.checkId(id);
      Keys.checkIdentities(identities);
      Keys.checkEd25519(publicKey);
    }

    /** Whether this key may sign for {@code identity}. */
    public boolean signsFor(String identity) {
      return identities.endsWith("*")
          ? identity.startsWith(identities.substring(0, identities.length() - 1))
          : identities.equals(identity);
    }

    /** This key as a line of a trusted-keys file. */
    public String line() {
      return id + " " + identities + " " + Keys.encode(publicKey);
    }
  }

  /**
   * Reads a trusted-keys file.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException naming the file and line of a bad entry
   */
  public static TrustedKeys load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses the text of a trusted-keys file; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming the line of a bad entry
   */
  public static TrustedKeys parse(String text, String source) {
    Builder builder = builder();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String where = source + " line " + (i + 1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(where + ": expected '<key id> <identities>"
            + " <base64 public key>', got " + parts.length + " word(s)");
      }
      try {
        builder.add(parts[0], parts[1], Keys.decodePublic(parts[2]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /** A builder of trusted keys. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key with this id, if trusted. */
  public Optional<Key> get(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** Every trusted key by id, in the order added. */
  public Map<String, Key> all() {
    return keys;
  }

  @Override
  public String toString() {
    return "TrustedKeys" + keys.keySet();
  }

  /** Adds keys one by one. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Key> keys = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Trusts {@code publicKey}, known as {@code keyId}, to sign for {@code identities}.
     *
     * @throws IllegalArgumentException for a key id given twice, a bad id or pattern, or a key
     *     that is not Ed25519
     */
    public Builder add(String keyId, String identities, PublicKey publicKey) {
      Key key = new Key(keyId, identities, publicKey);
      if (keys.putIfAbsent(keyId, key) != null) {
        throw new IllegalArgumentException("key id '" + keyId + "' is listed twice: key ids"
            + " name one key each");
      }
      return this;
    }

    public TrustedKeys build() {
      return new TrustedKeys(keys);
    }
  }
}
