package dev.nanite.internal.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's engine and the JDK's make and take the same signatures. */
class Ed25519Test {
  private final Ed25519 jdk = new Ed25519.Jdk();
  private final Ed25519 bouncyCastle = new BouncyCastleEd25519();
  private final KeyPair key = Keys.generate();
  private final byte[] message = "nanite-signed-1".getBytes(StandardCharsets.US_ASCII);

  @Test
  void bouncyCastleIsChosenWhenOnTheClassPath() {
    assertInstanceOf(BouncyCastleEd25519.class, Ed25519.ENGINE);
  }

  @Test
  void bothEnginesMakeTheSameSignatureAndTakeEachOthers() {
    byte[] byJdk = jdk.sign(key.getPrivate(), message);
    byte[] byBouncyCastle = bouncyCastle.sign(key.getPrivate(), message);
    assertArrayEquals(byJdk, byBouncyCastle, "Ed25519 signatures are deterministic");
    assertTrue(jdk.verify(key.getPublic(), message, byBouncyCastle));
    assertTrue(bouncyCastle.verify(key.getPublic(), message, byJdk));
  }

  @Test
  void neitherTakesAChangedMessageOrAMalformedSignature() {
    byte[] signature = bouncyCastle.sign(key.getPrivate(), message);
    byte[] changed = message.clone();
    changed[0] ^= 1;
    for (Ed25519 engine : new Ed25519[] {jdk, bouncyCastle}) {
      assertFalse(engine.verify(key.getPublic(), changed, signature), engine.name());
      assertFalse(engine.verify(key.getPublic(), message, new byte[3]), engine.name());
      assertFalse(engine.verify(Keys.generate().getPublic(), message, signature), engine.name());
    }
  }
}
