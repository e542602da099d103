package dev.nanite.internal.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.slf4j.LoggerFactory;

/**
 * Ed25519 signing and checking (RFC 8032): with Bouncy Castle when {@code bcprov-jdk18on} is on
 * the class path, else with the JDK's provider. Both make the same signatures; the JDK's (17 to
 * 25) takes about 0.8 ms for each sign or check on the machines measured, Bouncy Castle's about
 * a tenth of that (bench/README.md, "Signing"), so a fabric that signs should have it.
 * Thread-safe.
 */
abstract class Ed25519 {
  /** The engine in use, chosen once. */
  static final Ed25519 ENGINE = choose();

  /** Signs {@code message}, returning the 64-byte signature. */
  abstract byte[] sign(PrivateKey key, byte[] message);

  /** Whether {@code signature} of {@code message} holds for {@code key}; false if malformed. */
  abstract boolean verify(PublicKey key, byte[] message, byte[] signature);

  /** Names the engine, for logs. */
  abstract String name();

  private static Ed25519 choose() {
    Ed25519 engine;
    try {
      Class.forName("org.bouncycastle.math.ec.rfc8032.Ed25519", false,
          Ed25519.class.getClassLoader());
      engine = new BouncyCastleEd25519();
    } catch (ClassNotFoundException | LinkageError e) {
      engine = new Jdk();
    }
    LoggerFactory.getLogger(Ed25519.class).debug("Ed25519 by {}", engine.name());
    return engine;
  }

  /** The JDK's provider, one engine per thread. */
  static final class Jdk extends Ed25519 {
    private static final ThreadLocal<Signature> ENGINES = ThreadLocal.withInitial(() -> {
      try {
        return Signature.getInstance("Ed25519");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later has)", e);
      }
    });

    @Override
    byte[] sign(PrivateKey key, byte[] message) {
      try {
        Signature signer = ENGINES.get();
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot sign: " + e, e);
      }
    }

    @Override
    boolean verify(PublicKey key, byte[] message, byte[] signature) {
      try {
        Signature verifier = ENGINES.get();
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }

    @Override
    String name() {
      return "the JDK";
    }
  }
}
