package dev.nanite.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Key and trust stores for tests, made with the JDK alone: a self-signed certificate is encoded
 * here in DER (the JDK has no public API to make one) and signed with {@link Signature}.
 */
final class TestStores {
  private static final byte[] SHA256_WITH_RSA = {
      0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B};
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};

  private TestStores() {}

  /** A key pair and its self-signed certificate. */
  record Identity(KeyPair keys, Certificate certificate) {}

  /** A new RSA key pair and a certificate for it, issued to and by {@code CN=name}. */
  static Identity selfSigned(String name) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    byte[] algorithm = der(0x30, SHA256_WITH_RSA, new byte[] {0x05, 0x00});
    byte[] subject = der(0x30, der(0x31, der(0x30, COMMON_NAME,
        der(0x0C, name.getBytes(StandardCharsets.UTF_8)))));
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    byte[] tbs = der(0x30,
        der(0xA0, der(0x02, new byte[] {2})), // version 3
        der(0x02, BigInteger.valueOf(System.nanoTime()).abs().toByteArray()),
        algorithm,
        subject,
        der(0x30, time(now.minusDays(1)), time(now.plusYears(5))),
        subject,
        keys.getPublic().getEncoded()); // already a SubjectPublicKeyInfo
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(keys.getPrivate());
    signature.update(tbs);
    byte[] signed = signature.sign();
    byte[] bits = new byte[signed.length + 1]; // no unused bits
    System.arraycopy(signed, 0, bits, 1, signed.length);
    byte[] encoded = der(0x30, tbs, algorithm, der(0x03, bits));
    Certificate certificate = CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(encoded));
    return new Identity(keys, certificate);
  }

  /** Writes a trust store holding {@code ca} (PKCS12, or JKS if the name ends in .jks). */
  static Path trustStore(Path file, String password, Certificate ca) throws Exception {
    KeyStore store = KeyStore.getInstance(type(file));
    store.load(null, null);
    store.setCertificateEntry("ca", ca);
    return write(store, file, password);
  }

  /** Writes a key store holding {@code identity}'s key, under the store's password. */
  static Path keyStore(Path file, String password, Identity identity) throws Exception {
    KeyStore store = KeyStore.getInstance(type(file));
    store.load(null, null);
    store.setKeyEntry("client", identity.keys().getPrivate(), password.toCharArray(),
        new Certificate[] {identity.certificate()});
    return write(store, file, password);
  }

  /** Writes a store holding nothing. */
  static Path emptyStore(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance(type(file));
    store.load(null, null);
    return write(store, file, password);
  }

  private static Path write(KeyStore store, Path file, String password) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  private static String type(Path file) {
    return file.toString().endsWith(".jks") ? "JKS" : "PKCS12";
  }

  private static byte[] time(ZonedDateTime time) {
    return der(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(time)
        .getBytes(StandardCharsets.US_ASCII));
  }

  /** One DER element: its tag, its length, and the concatenated {@code parts}. */
  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    int length = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      byte[] digits = BigInteger.valueOf(length).toByteArray();
      int skip = digits[0] == 0 ? 1 : 0;
      out.write(0x80 | (digits.length - skip));
      out.write(digits, skip, digits.length - skip);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }
}
