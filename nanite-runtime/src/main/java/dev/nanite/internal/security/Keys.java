package dev.nanite.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys: made, checked, and written and read as text (base64 and PEM). */
public final class Keys {
  private static final String ALGORITHM = "Ed25519";
  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  private Keys() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later has)", e);
    }
  }

  /** A key id: non-blank, no white space (it is a word of a trusted-keys line). */
  public static void checkId(String keyId) {
    if (keyId == null || keyId.isBlank() || keyId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a key id must be a non-blank word without spaces, got '"
          + keyId + "'");
    }
  }

  /** An identity, or a prefix of identities ending in {@code *}. */
  public static void checkIdentities(String identities) {
    if (identities == null || identities.isBlank()
        || identities.chars().anyMatch(Character::isWhitespace)
        || identities.indexOf('*') >= 0 && identities.indexOf('*') != identities.length() - 1) {
      throw new IllegalArgumentException("identities must be one identity, or a prefix ending"
          + " in '*' (billing-*), without spaces; got '" + identities + "'");
    }
  }

  /** Refuses a key that is not Ed25519. */
  public static void checkEd25519(Key key) {
    if (!(key instanceof EdECKey ed) || !ALGORITHM.equalsIgnoreCase(ed.getParams().getName())) {
      throw new IllegalArgumentException("signing keys must be Ed25519, got a "
          + key.getAlgorithm() + " key");
    }
  }

  /** A public key as base64 of its X.509 SubjectPublicKeyInfo. */
  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** The inverse of {@link #encode}. */
  public static PublicKey decodePublic(String base64) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the public key is not base64: " + e.getMessage(), e);
    }
    try {
      PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
      checkEd25519(key);
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key (base64 of its X.509"
          + " SubjectPublicKeyInfo, as nanite keygen prints): " + e.getMessage(), e);
    }
  }

  /** A private key as PEM (PKCS#8). */
  public static String pem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
  }

  /** Reads an Ed25519 private key from a PEM (PKCS#8) file. */
  public static PrivateKey readPrivate(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = text.indexOf(PEM_BEGIN);
    int end = text.indexOf(PEM_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(file + " holds no '" + PEM_BEGIN + "' block: give the"
          + " PKCS#8 PEM file nanite keygen wrote");
    }
    String base64 = text.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
    try {
      PrivateKey key = KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      checkEd25519(key);
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " holds no Ed25519 private key: "
          + e.getMessage(), e);
    }
  }
}
