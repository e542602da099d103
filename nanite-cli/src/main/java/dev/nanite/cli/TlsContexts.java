package dev.nanite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of {@code --trust-store} and {@code --key-store}: stores are read here, before
 * anything connects, so that a missing file or a wrong password is a message naming the file
 * rather than a failed handshake later.
 */
final class TlsContexts {
  private TlsContexts() {}

  /**
   * A key or trust store to read.
   *
   * @param kind what it is, for messages: {@code trust store} or {@code key store}
   * @param file the store: PKCS12, JKS if its name ends in {@code .jks}, or for a trust store
   *     PEM certificates (the CA file RabbitMQ's own {@code ssl_options.cacertfile} names) if it
   *     ends in {@code .pem}, {@code .crt} or {@code .cer}
   * @param password its password, or null if none was given
   * @param setting the setting that named it, for messages ({@code --trust-store})
   * @param passwordSettings how to give its password, for messages
   */
  record Store(String kind, Path file, Secret password, String setting, String passwordSettings) {}

  /**
   * A TLS context (default protocols) trusting the CAs in {@code trust} and presenting the key
   * in {@code key}; either may be null for the JVM's default trust store, or no client
   * certificate.
   *
   * @throws IllegalArgumentException naming the setting and the file that cannot be used
   */
  static SSLContext create(Store trust, Store key) {
    TrustManager[] trustManagers = trust == null ? null : trustManagers(trust);
    KeyManager[] keyManagers = key == null ? null : keyManagers(key);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("this JVM cannot make a TLS context: " + e, e);
    }
  }

  private static TrustManager[] trustManagers(Store store) {
    KeyStore keys = load(store);
    try {
      boolean any = false;
      for (String alias : Collections.list(keys.aliases())) {
        any |= keys.isCertificateEntry(alias) || keys.isKeyEntry(alias);
      }
      if (!any) {
        throw problem(store, "holds no certificate" + (store.password() == null
            ? " that can be read without a password: give its password with "
                + store.passwordSettings() : ""));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(keys);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw problem(store, "cannot be used (" + e.getMessage() + ")");
    }
  }

  private static KeyManager[] keyManagers(Store store) {
    if (store.password() == null) {
      throw problem(store, "needs its password (the key's too): give it with "
          + store.passwordSettings());
    }
    KeyStore keys = load(store);
    try {
      boolean any = false;
      for (String alias : Collections.list(keys.aliases())) {
        any |= keys.isKeyEntry(alias);
      }
      if (!any) {
        throw problem(store, "holds no private key: it should hold the client certificate and"
            + " its key");
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, store.password().chars());
      return factory.getKeyManagers();
    } catch (UnrecoverableKeyException e) {
      throw problem(store, "holds a key whose password is not the store's (from "
          + store.password() + "): give the key the store's password");
    } catch (GeneralSecurityException e) {
      throw problem(store, "cannot be used (" + e.getMessage() + ")");
    }
  }

  /** Reads a store, saying which file and why it cannot be read. */
  private static KeyStore load(Store store) {
    Path file = store.file();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
      return loadPem(store);
    }
    String type = file.getFileName().toString().toLowerCase(Locale.ROOT)
        .endsWith(".jks") ? "JKS" : "PKCS12";
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore keys = KeyStore.getInstance(type);
      keys.load(in, store.password() == null ? null : store.password().chars());
      return keys;
    } catch (NoSuchFileException e) {
      throw problem(store, "does not exist");
    } catch (AccessDeniedException e) {
      throw problem(store, "cannot be read (permission denied)");
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw problem(store, store.password() == null ? "needs its password: give it with "
            + store.passwordSettings()
            : "does not open with the password from " + store.password() + ": wrong password");
      }
      throw problem(store, "is not a " + type + " file" + (type.equals("JKS") ? ""
          : " (a JKS store's name ends in .jks)") + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw problem(store, "cannot be read as a " + type + " file (" + e + ")");
    }
  }

  /** PEM (or DER) certificates as a trust store: a CA file needs no password. */
  private static KeyStore loadPem(Store store) {
    if (store.kind().equals("key store")) {
      throw problem(store, "is a certificate file: a key store is a PKCS12 or JKS file holding"
          + " the client certificate and its key");
    }
    try (InputStream in = Files.newInputStream(store.file())) {
      KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
      keys.load(null, null);
      int n = 0;
      for (Certificate certificate
          : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        keys.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw problem(store, "is not a file of PEM certificates (it holds none)");
      }
      return keys;
    } catch (NoSuchFileException e) {
      throw problem(store, "does not exist");
    } catch (AccessDeniedException e) {
      throw problem(store, "cannot be read (permission denied)");
    } catch (IOException | GeneralSecurityException e) {
      throw problem(store, "is not a file of PEM certificates (" + e.getMessage() + ")");
    }
  }

  private static IllegalArgumentException problem(Store store, String what) {
    return new IllegalArgumentException(store.setting() + ": the " + store.kind() + " "
        + store.file() + " " + what);
  }
}
