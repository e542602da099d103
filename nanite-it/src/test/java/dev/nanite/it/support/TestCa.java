package dev.nanite.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for TLS tests, made fresh with openssl in a directory of their own, so that no
 * test depends on key material checked in or on a machine's trust store:
 *
 * <ul>
 *   <li>a CA, and a server certificate it signs for host name {@code localhost}: its only subject
 *       alternative name is DNS:localhost, so a client that connects to 127.0.0.1 with host name
 *       verification on sees a mismatch;
 *   <li>a client certificate it signs with CN {@value #CLIENT_NAME}, for the EXTERNAL mechanism
 *       (the broker takes the user name from the CN);
 *   <li>an unrelated "other" CA with a localhost server certificate of its own, for a peer that
 *       must not be trusted.
 * </ul>
 *
 * <p>The PEM files are what a RabbitMQ listener takes; the key stores (PKCS12, all with {@link
 * #storePassword()}) are what a Java client takes. Keys are EC P-256: made in milliseconds, and
 * both the JDK and Erlang's ssl read them.
 */
public final class TestCa implements AutoCloseable {
  /** The CN of the client certificate: the user name an EXTERNAL login gets. */
  public static final String CLIENT_NAME = "nanite-agent";

  private static final String PASSWORD = "nanite-test";
  private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
  private static final String DAYS = "2";

  /** A server's PEM files, as a TLS listener is configured with them. */
  public record ServerFiles(Path caCert, Path cert, Path key) {}

  private final Path dir;
  private KeyStore trustStore;
  private KeyStore otherTrustStore;
  private KeyStore clientKeyStore;

  private TestCa(Path dir) {
    this.dir = dir;
  }

  /** Makes the CAs, certificates and key stores in a new temporary directory. */
  public static TestCa create() throws IOException, InterruptedException, GeneralSecurityException {
    TestCa ca = new TestCa(Files.createTempDirectory("nanite-ca-"));
    try {
      ca.make();
      return ca;
    } catch (IOException | InterruptedException | GeneralSecurityException | RuntimeException e) {
      ca.close();
      throw e;
    }
  }

  private void make() throws IOException, InterruptedException, GeneralSecurityException {
    ca("ca", "Nanite test CA");
    leaf("server", "localhost", "ca", "serverAuth", "subjectAltName=DNS:localhost");
    leaf("client", CLIENT_NAME, "ca", "clientAuth", null);
    ca("other-ca", "Nanite other test CA");
    leaf("other-server", "localhost", "other-ca", "serverAuth", "subjectAltName=DNS:localhost");

    trustStore = trustStoreOf(certificate("ca"), "truststore.p12");
    otherTrustStore = trustStoreOf(certificate("other-ca"), "other-truststore.p12");
    clientKeyStore = KeyStore.getInstance("PKCS12");
    clientKeyStore.load(null, null);
    clientKeyStore.setKeyEntry("client", privateKey("client"), PASSWORD.toCharArray(),
        new Certificate[] {certificate("client"), certificate("ca")});
    save(clientKeyStore, "client.p12");
  }

  /** The files of the localhost server certificate signed by this CA. */
  public ServerFiles server() {
    return new ServerFiles(dir.resolve("ca.pem"), dir.resolve("server.pem"),
        dir.resolve("server.key"));
  }

  /** The files of the localhost server certificate signed by the other, untrusted, CA. */
  public ServerFiles otherServer() {
    return new ServerFiles(dir.resolve("other-ca.pem"), dir.resolve("other-server.pem"),
        dir.resolve("other-server.key"));
  }

  /** The client certificate (CN {@value #CLIENT_NAME}) and its key, as PEM files. */
  public Path clientCertFile() {
    return dir.resolve("client.pem");
  }

  public Path clientKeyFile() {
    return dir.resolve("client.key");
  }

  /** A key store holding only this CA's certificate. */
  public KeyStore trustStore() {
    return trustStore;
  }

  /** {@link #trustStore()} as a PKCS12 file, with {@link #storePassword()}. */
  public Path trustStoreFile() {
    return dir.resolve("truststore.p12");
  }

  /** A key store holding only the other CA's certificate. */
  public KeyStore otherTrustStore() {
    return otherTrustStore;
  }

  public Path otherTrustStoreFile() {
    return dir.resolve("other-truststore.p12");
  }

  /** A key store with the client's key and certificate chain, under alias {@code client}. */
  public KeyStore clientKeyStore() {
    return clientKeyStore;
  }

  /** {@link #clientKeyStore()} as a PKCS12 file, with {@link #storePassword()}. */
  public Path clientKeyStoreFile() {
    return dir.resolve("client.p12");
  }

  /**
   * Issues a client certificate for {@code commonName} (a user name, for EXTERNAL logins),
   * signed by this CA, and returns a PKCS12 file with its key and chain, protected by
   * {@link #storePassword()}.
   */
  public Path issueClient(String commonName)
      throws IOException, InterruptedException, GeneralSecurityException {
    String name = "client-" + commonName.replaceAll("[^A-Za-z0-9_-]", "_");
    leaf(name, commonName, "ca", "clientAuth", null);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", privateKey(name), PASSWORD.toCharArray(),
        new Certificate[] {certificate(name), certificate("ca")});
    save(store, name + ".p12");
    return dir.resolve(name + ".p12");
  }

  /** The password of every key store file and of the client key. */
  public char[] storePassword() {
    return PASSWORD.toCharArray();
  }

  /** A client context that trusts this CA and has no certificate of its own. */
  public SSLContext sslContext() throws GeneralSecurityException {
    return sslContext(trustStore, null, null);
  }

  /** A client context that trusts this CA and presents the client certificate. */
  public SSLContext sslContextWithClientCertificate() throws GeneralSecurityException {
    return sslContext(trustStore, clientKeyStore, storePassword());
  }

  /** A client context that trusts only the other CA. */
  public SSLContext otherSslContext() throws GeneralSecurityException {
    return sslContext(otherTrustStore, null, null);
  }

  /**
   * A TLS context trusting what {@code trusted} holds and, if {@code keys} is not null,
   * presenting its key. "TLS" rather than a version: the JDK 17 client then offers TLSv1.3 and
   * TLSv1.2 (older ones are disabled in java.security), and the broker picks.
   */
  public static SSLContext sslContext(KeyStore trusted, KeyStore keys, char[] keyPassword)
      throws GeneralSecurityException {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    KeyManager[] keyManagers = null;
    if (keys != null) {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, keyPassword);
      keyManagers = factory.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers, trust.getTrustManagers(), null);
    return context;
  }

  private void ca(String name, String commonName) throws IOException, InterruptedException {
    key(name);
    openssl("req", "-x509", "-new", "-key", name + ".key", "-out", name + ".pem", "-days", DAYS,
        "-subj", "/CN=" + commonName,
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  }

  /** A certificate for {@code commonName} signed by the CA named {@code ca}. */
  private void leaf(String name, String commonName, String ca, String usage, String altNames)
      throws IOException, InterruptedException {
    key(name);
    openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr",
        "-subj", "/CN=" + commonName);
    List<String> extensions = new ArrayList<>(List.of("basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature", "extendedKeyUsage=" + usage));
    if (altNames != null) {
      extensions.add(altNames);
    }
    Files.write(dir.resolve(name + ".ext"), extensions);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
        "-CAcreateserial", "-days", DAYS, "-extfile", name + ".ext", "-out", name + ".pem");
  }

  private void key(String name) throws IOException, InterruptedException {
    // genpkey writes PKCS#8 ("BEGIN PRIVATE KEY"), which the JDK reads without a PEM library.
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", name + ".key");
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Exec.run(dir, Map.of(), OPENSSL_TIMEOUT, command);
  }

  private Certificate certificate(String name) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".pem"))) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private PrivateKey privateKey(String name) throws IOException, GeneralSecurityException {
    String pem = Files.readString(dir.resolve(name + ".key"), StandardCharsets.US_ASCII)
        .replaceAll("-----[A-Z ]+-----", "");
    byte[] der = Base64.getMimeDecoder().decode(pem);
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private KeyStore trustStoreOf(Certificate ca, String file)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", ca);
    save(store, file);
    return store;
  }

  private void save(KeyStore store, String file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
      store.store(out, PASSWORD.toCharArray());
    }
  }

  /** Deletes the directory, keys included. */
  @Override
  public void close() throws IOException {
    Dirs.delete(dir);
  }
}
