package dev.nanite.internal.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * Ed25519 by Bouncy Castle's RFC 8032 code, with each key's public point worked out once: the
 * JDK's provider derives the public key again at every signature and decodes it at every check.
 * Loaded only when Bouncy Castle is on the class path. Thread-safe.
 */
final class BouncyCastleEd25519 extends Ed25519 {
  private static final int KEY_BYTES = 32;

  /** A private key's seed and public key, raw. */
  private record Signer(byte[] seed, byte[] publicKey) {}

  private final ConcurrentHashMap<PrivateKey, Signer> signers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PublicKey, PublicPoint> points = new ConcurrentHashMap<>();

  BouncyCastleEd25519() {
    org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
  }

  @Override
  byte[] sign(PrivateKey key, byte[] message) {
    Signer signer = signers.computeIfAbsent(key, k -> {
      byte[] seed = ((EdECPrivateKey) k).getBytes()
          .orElseThrow(() -> new IllegalArgumentException("the private key hides its bytes"));
      byte[] pk = new byte[KEY_BYTES];
      org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
      return new Signer(seed, pk);
    });
    byte[] signature = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(signer.seed(), 0, signer.publicKey(), 0,
        message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    PublicPoint point = points.computeIfAbsent(key, k -> {
      byte[] encoded = k.getEncoded(); // X.509: a fixed header, then the 32 raw bytes
      byte[] raw = Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
      return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(raw, 0);
    });
    return point != null && org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point,
        message, 0, message.length);
  }

  @Override
  String name() {
    return "Bouncy Castle";
  }
}
