package dev.nanite.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command that connects to a broker (a picocli mixin): where the broker
 * is, the password kept out of its URI, and the TLS stores. Only file names go on the command
 * line, never a password, so that none shows in process lists.
 */
final class BrokerFlags {
  @Option(names = "--uri", paramLabel = "URI",
      description = "The broker: amqp[s]://user@host:port/vhost; a cluster's nodes go"
          + " comma-separated in place of host:port. Default: the config file's (nanite agent),"
          + " else $NANITE_AMQP_URI, else a local RabbitMQ as guest.")
  String uri;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Holds the password of the URI's user, which the URI then leaves out"
          + " (default: the file $NANITE_AMQP_PASSWORD_FILE names, else"
          + " $NANITE_AMQP_PASSWORD).")
  Path passwordFile;

  @Option(names = "--trust-store", paramLabel = "FILE",
      description = "For amqps://: the CAs that sign the broker's certificate: PEM"
          + " certificates (FILE ends in .pem, .crt or .cer), PKCS12, or JKS (.jks). Default:"
          + " the JVM's trust store.")
  Path trustStore;

  @Option(names = "--trust-store-password-file", paramLabel = "FILE",
      description = "Holds the trust store's password (default:"
          + " $NANITE_TLS_TRUST_STORE_PASSWORD, else none).")
  Path trustStorePasswordFile;

  @Option(names = "--key-store", paramLabel = "FILE",
      description = "For amqps://: the client certificate and its key, PKCS12 (JKS if .jks),"
          + " for a broker that asks for one; auth_mechanism=external in the URI logs in with"
          + " it.")
  Path keyStore;

  @Option(names = "--key-store-password-file", paramLabel = "FILE",
      description = "Holds the key store's password, also its key's (default:"
          + " $NANITE_TLS_KEY_STORE_PASSWORD).")
  Path keyStorePasswordFile;

  /** What the flags say; relative paths are relative to the working directory. */
  BrokerOptions options() {
    return BrokerOptions.flags(uri, passwordFile, trustStore, trustStorePasswordFile, keyStore,
        keyStorePasswordFile);
  }

  /**
   * The broker of a command without a config file: the flags, then the environment.
   *
   * @throws IllegalArgumentException naming the setting at fault
   */
  BrokerAccess resolve(Map<String, String> env) {
    return BrokerAccess.resolve(options(), BrokerOptions.NONE, env);
  }
}
