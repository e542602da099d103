package dev.nanite.cli;

import java.nio.file.Path;

/**
 * What one place, the command line or an agent's config file, says about the broker; null for
 * what it does not say. Paths are absolute.
 *
 * @param configFile the config file it was read from, or null for the command line
 * @param uri the broker URI
 * @param passwordFile holds the password of the URI's user
 * @param trustStore the CAs that may sign the broker's certificate (PKCS12, or JKS if .jks)
 * @param trustStorePasswordFile holds the trust store's password
 * @param keyStore the client certificate and its key, for brokers that ask for one
 * @param keyStorePasswordFile holds the key store's password (also the key's)
 */
record BrokerOptions(
    Path configFile,
    String uri,
    Path passwordFile,
    Path trustStore,
    Path trustStorePasswordFile,
    Path keyStore,
    Path keyStorePasswordFile) {

  // The config file's keys; the flags are these with "--" and without "tls.".
  /** The broker URI. */
  static final String URI = "uri";
  /** The file holding the password of the URI's user. */
  static final String PASSWORD_FILE = "password-file";
  /** The trust store. */
  static final String TRUST_STORE = "tls.trust-store";
  /** The file holding the trust store's password. */
  static final String TRUST_STORE_PASSWORD_FILE = "tls.trust-store-password-file";
  /** The key store. */
  static final String KEY_STORE = "tls.key-store";
  /** The file holding the key store's password. */
  static final String KEY_STORE_PASSWORD_FILE = "tls.key-store-password-file";

  /** Says nothing. */
  static final BrokerOptions NONE = new BrokerOptions(null, null, null, null, null, null, null);

  /** Flags: relative paths are relative to the working directory. */
  static BrokerOptions flags(String uri, Path passwordFile, Path trustStore,
      Path trustStorePasswordFile, Path keyStore, Path keyStorePasswordFile) {
    return new BrokerOptions(null, uri, absolute(passwordFile), absolute(trustStore),
        absolute(trustStorePasswordFile), absolute(keyStore), absolute(keyStorePasswordFile));
  }

  /** A config file's settings: relative paths are relative to its folder. */
  static BrokerOptions of(AgentConfig config) {
    return new BrokerOptions(config.file(), config.get(URI), path(config, PASSWORD_FILE),
        path(config, TRUST_STORE), path(config, TRUST_STORE_PASSWORD_FILE),
        path(config, KEY_STORE), path(config, KEY_STORE_PASSWORD_FILE));
  }

  /** Only a URI, as tests and in-process agents give it. */
  static BrokerOptions uri(String uri) {
    return new BrokerOptions(null, uri, null, null, null, null, null);
  }

  /** How messages name {@code key} of this place: {@code --trust-store}, or {@code FILE: key}. */
  String name(String key) {
    return configFile == null ? "--" + key.replaceFirst("^tls\\.", "") : configFile + ": " + key;
  }

  private static Path absolute(Path path) {
    return path == null ? null : path.toAbsolutePath().normalize();
  }

  private static Path path(AgentConfig config, String key) {
    String value = config.get(key);
    return value == null ? null : config.home().resolve(value).normalize();
  }
}
