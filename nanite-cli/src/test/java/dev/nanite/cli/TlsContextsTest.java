package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS context of --trust-store and --key-store: stores that open make one, and those that
 * do not are an error naming the setting and the file, never giving the password away.
 */
class TlsContextsTest {
  private static final String HINT = "--trust-store-password-file or"
      + " $NANITE_TLS_TRUST_STORE_PASSWORD";
  private static TestStores.Identity ca;

  @TempDir
  Path dir;

  @BeforeAll
  static void makeCertificate() throws Exception {
    ca = TestStores.selfSigned("nanite-test-ca");
  }

  private static TlsContexts.Store trust(Path file, String password) {
    return new TlsContexts.Store("trust store", file,
        password == null ? null : new Secret("--trust-store-password-file (pw)", password),
        "--trust-store", HINT);
  }

  private static TlsContexts.Store key(Path file, String password) {
    return new TlsContexts.Store("key store", file,
        password == null ? null : new Secret("--key-store-password-file (pw)", password),
        "--key-store", "--key-store-password-file or $NANITE_TLS_KEY_STORE_PASSWORD");
  }

  private static String refused(TlsContexts.Store trust, TlsContexts.Store key) {
    return assertThrows(IllegalArgumentException.class, () -> TlsContexts.create(trust, key))
        .getMessage();
  }

  @Test
  void makesAContextFromPkcs12AndJksStores() throws Exception {
    Path p12 = TestStores.trustStore(dir.resolve("ca.p12"), "trust-pw", ca.certificate());
    Path jks = TestStores.trustStore(dir.resolve("ca.jks"), "trust-pw", ca.certificate());
    Path client = TestStores.keyStore(dir.resolve("client.p12"), "key-pw",
        TestStores.selfSigned("agent-1"));
    SSLContext context = TlsContexts.create(trust(p12, "trust-pw"), key(client, "key-pw"));
    assertEquals("TLS", context.getProtocol());
    assertNotNull(context.getSocketFactory());
    assertNotNull(TlsContexts.create(trust(jks, "trust-pw"), null));
    assertNotNull(TlsContexts.create(null, key(client, "key-pw")), "the JVM's trust store");
    // A trust store's certificates are not secret: a JKS store opens without its password.
    assertNotNull(TlsContexts.create(trust(jks, null), null));
  }

  @Test
  void aPemFileOfCaCertificates_isATrustStoreWithoutPassword_butNoKeyStore() throws Exception {
    Path pem = dir.resolve("ca.pem");
    java.nio.file.Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(ca.certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    assertNotNull(TlsContexts.create(trust(pem, null), null));
    assertEquals("--key-store: the key store " + pem + " is a certificate file: a key store is"
        + " a PKCS12 or JKS file holding the client certificate and its key",
        refused(null, key(pem, "x")));
    Path garbage = dir.resolve("garbage.pem");
    java.nio.file.Files.writeString(garbage, "not a certificate");
    assertTrue(refused(trust(garbage, null), null).startsWith("--trust-store: the trust store "
        + garbage + " is not a file of PEM certificates"));
  }

  @Test
  void aMissingFileOrAWrongPasswordNamesTheFile() throws Exception {
    Path missing = dir.resolve("missing.p12");
    assertEquals("--trust-store: the trust store " + missing + " does not exist",
        refused(trust(missing, "x"), null));

    Path p12 = TestStores.trustStore(dir.resolve("ca.p12"), "trust-pw", ca.certificate());
    String wrong = refused(trust(p12, "not-it"), null);
    assertEquals("--trust-store: the trust store " + p12 + " does not open with the password"
        + " from --trust-store-password-file (pw): wrong password", wrong);
    assertFalse(wrong.contains("not-it"), "never the password: " + wrong);

    Path client = TestStores.keyStore(dir.resolve("client.p12"), "key-pw",
        TestStores.selfSigned("agent-1"));
    assertEquals("--key-store: the key store " + client + " does not open with the password"
        + " from --key-store-password-file (pw): wrong password",
        refused(null, key(client, "nope")));
    assertEquals("--key-store: the key store " + client + " needs its password (the key's too):"
        + " give it with --key-store-password-file or $NANITE_TLS_KEY_STORE_PASSWORD",
        refused(null, key(client, null)));
  }

  @Test
  void aFileThatIsNoStoreOrHoldsNothingUsableSaysSo() throws Exception {
    Path text = Files.writeString(dir.resolve("ca.p12"), "not a store\n");
    String notStore = refused(trust(text, "x"), null);
    assertTrue(notStore.startsWith("--trust-store: the trust store " + text + " is not a PKCS12"
        + " file (a JKS store's name ends in .jks): "), notStore);

    Path empty = TestStores.emptyStore(dir.resolve("empty.p12"), "pw");
    assertEquals("--trust-store: the trust store " + empty + " holds no certificate",
        refused(trust(empty, "pw"), null));
    assertEquals("--key-store: the key store " + empty + " holds no private key: it should hold"
        + " the client certificate and its key", refused(null, key(empty, "pw")));

    // PKCS12 encrypts its certificates: without the password none can be read.
    Path p12 = TestStores.trustStore(dir.resolve("ca-locked.p12"), "trust-pw", ca.certificate());
    assertEquals("--trust-store: the trust store " + p12 + " holds no certificate that can be"
        + " read without a password: give its password with " + HINT,
        refused(trust(p12, null), null));
  }
}
