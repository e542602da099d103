package dev.nanite.cli;

import com.rabbitmq.client.impl.CredentialsProvider;
import com.rabbitmq.client.impl.DefaultCredentialsProvider;
import dev.nanite.Broker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a command reaches its broker, merged from the flags, an agent's config file and the
 * environment (in that order of precedence, setting by setting) and loaded: the URI, the
 * credentials of a password kept out of it, and the TLS context of the stores given. Every
 * command that connects resolves one here, so that they all read the same settings the same way.
 *
 * @param uri the broker URI
 * @param uriSource where the URI came from, for messages ({@code --uri})
 * @param credentials the URI's user with the password given outside it, or null
 * @param sslContext the TLS context of the stores given, or null for the JVM's default
 */
record BrokerAccess(String uri, String uriSource, CredentialsProvider credentials,
    SSLContext sslContext) {
  /** Names the file that holds the password of the URI's user. */
  static final String PASSWORD_FILE_ENV = "NANITE_AMQP_PASSWORD_FILE";
  /** Holds the password of the URI's user, when no password file is given. */
  static final String PASSWORD_ENV = "NANITE_AMQP_PASSWORD";
  /** Holds the trust store's password, when no password file is given. */
  static final String TRUST_STORE_PASSWORD_ENV = "NANITE_TLS_TRUST_STORE_PASSWORD";
  /** Holds the key store's password, when no password file is given. */
  static final String KEY_STORE_PASSWORD_ENV = "NANITE_TLS_KEY_STORE_PASSWORD";

  /**
   * A value, how messages name where it came from, its precedence (higher wins), and the place
   * that gave it (null for the environment and the default).
   */
  private record Given<T>(T value, String name, int rank, BrokerOptions place) {}

  /**
   * Merges and loads the settings of {@code flags}, then {@code config} (either may be {@link
   * BrokerOptions#NONE}), then {@code env}.
   *
   * <p>The URI is checked here only as far as the CLI reads it; {@link #check()} parses it.
   *
   * @throws IllegalArgumentException naming the setting (and file) at fault and what is wrong
   */
  static BrokerAccess resolve(BrokerOptions flags, BrokerOptions config, Map<String, String> env) {
    List<BrokerOptions> places = List.of(flags, config); // ranks 3 and 2; the environment is 1
    Given<String> uri = first(places, BrokerOptions::uri, BrokerOptions.URI);
    if (uri == null) {
      String fromEnv = env.get(BrokerUri.ENV);
      uri = blank(fromEnv) ? new Given<>(BrokerUri.LOCAL_RABBITMQ, "the default broker", 0, null)
          : new Given<>(fromEnv.strip(), "$" + BrokerUri.ENV, 1, null);
    }
    if (BrokerUri.hostsHoldAt(uri.value())) {
      throw unescaped(uri.value(), uri.name());
    }
    CredentialsProvider credentials = credentials(uri, password(places, env));
    SSLContext tls = tls(uri, places, env);
    return new BrokerAccess(uri.value(), uri.name(), credentials, tls);
  }

  /** The URI without its password, for messages. */
  String redactedUri() {
    return BrokerUri.redact(uri);
  }

  /**
   * The broker account the connection logs in as, as the runtime names it in every packet's
   * {@code user-id}: the user of a password given outside the URI, the URI's, or {@code guest}.
   * Empty for a client certificate login ({@code auth_mechanism=external}) whose URI does not
   * name it, as the broker takes the name from the certificate.
   */
  String account() {
    String user = BrokerUri.user(uri);
    if (BrokerUri.external(uri)) {
      return user == null ? "" : user;
    }
    if (credentials != null) {
      return credentials.getUsername();
    }
    return user != null ? user : "guest";
  }

  /** The broker, for an agent's or a mapper's builder. */
  Broker broker() {
    Broker.Builder broker = Broker.builder(uri);
    if (credentials != null) {
      broker.credentials(credentials);
    }
    if (sslContext != null) {
      broker.sslContext(sslContext);
    }
    return broker.build();
  }

  /** Never the password, which a URI may hold. */
  @Override
  public String toString() {
    return "BrokerAccess[" + redactedUri() + (credentials == null ? "" : ", password given")
        + (sslContext == null ? "" : ", TLS stores given") + "]";
  }

  /**
   * Parses the URI as the runtime will, so that a bad one is a usage error naming its setting
   * rather than a failure to start. Call it once logging is set up: the parser starts
   * amqp-client's logger, and slf4j-simple reads its settings (level, file) only once.
   *
   * @throws IllegalArgumentException naming the setting and what is wrong with the URI
   */
  BrokerAccess check() {
    try {
      Broker.builder(uri); // parses it; connects to nothing
      return this;
    } catch (IllegalArgumentException e) {
      if (BrokerUri.passwordNeedsEscaping(uri)) { // the parser's message may quote part of it
        throw unescaped(uri, uriSource);
      }
      throw new IllegalArgumentException(uriSource + ": "
          + e.getMessage().replace(uri, BrokerUri.redact(uri)));
    }
  }

  /** A password the URI cannot hold as written, without showing any of it. */
  private static IllegalArgumentException unescaped(String uri, String source) {
    return new IllegalArgumentException(source + ": the password in " + BrokerUri.redact(uri)
        + " holds a character the URI needs percent-encoded (/ as %2F, ? as %3F, # as %23,"
        + " @ as %40); or keep it out of the URI with --password-file");
  }

  /**
   * The password given outside the URI: a file (flag, config, env), else $NANITE_AMQP_PASSWORD;
   * read only if used, so that a file the URI makes moot need not exist.
   */
  private static Given<Supplier<Secret>> password(List<BrokerOptions> places,
      Map<String, String> env) {
    Given<Path> file = first(places, BrokerOptions::passwordFile, BrokerOptions.PASSWORD_FILE);
    if (file == null && !blank(env.get(PASSWORD_FILE_ENV))) {
      file = new Given<>(Path.of(env.get(PASSWORD_FILE_ENV)).toAbsolutePath(),
          "$" + PASSWORD_FILE_ENV, 1, null);
    }
    if (file != null) {
      Path path = file.value();
      String name = file.name();
      return new Given<>(() -> Secret.read(path, name), name, file.rank(), null);
    }
    String password = env.get(PASSWORD_ENV);
    return password == null || password.isEmpty() ? null
        : new Given<>(() -> Secret.env(PASSWORD_ENV, password), "$" + PASSWORD_ENV, 1, null);
  }

  /**
   * The credentials of the URI's user with {@code password}, or null to log in as the URI says.
   * A password given with less precedence than the URI is ignored when the URI holds its own or
   * names no user: {@code --uri amqp://guest:guest@localhost} with $NANITE_AMQP_PASSWORD set for
   * production uses guest's. Given with as much precedence or more, that is an error.
   */
  private static CredentialsProvider credentials(Given<String> uri,
      Given<Supplier<Secret>> password) {
    if (password == null) {
      return null;
    }
    String user = BrokerUri.user(uri.value());
    boolean own = BrokerUri.hasPassword(uri.value());
    if ((own || user == null) && password.rank() < uri.rank()) {
      return null;
    }
    if (uri.rank() == 0) {
      throw new IllegalArgumentException(password.name() + " gives a password, but no broker"
          + " URI names its user: give one with --uri, uri in nanite.properties or $"
          + BrokerUri.ENV + " (amqp://USER@host:5672/vhost)");
    }
    if (own) {
      throw new IllegalArgumentException(password.name() + " gives a password, but the URI of "
          + uri.name() + " (" + BrokerUri.redact(uri.value()) + ") holds one too: leave it out"
          + " of the URI");
    }
    if (user == null) {
      throw new IllegalArgumentException(password.name() + " gives a password, but the URI of "
          + uri.name() + " (" + BrokerUri.redact(uri.value()) + ") names no user: write"
          + " amqp[s]://USER@host...");
    }
    return new DefaultCredentialsProvider(user, password.value().get().value());
  }

  /** The TLS context of the stores given, or null for the JVM's default. */
  private static SSLContext tls(Given<String> uri, List<BrokerOptions> places,
      Map<String, String> env) {
    TlsContexts.Store trust = store("trust store", places, env, BrokerOptions::trustStore,
        BrokerOptions.TRUST_STORE, BrokerOptions::trustStorePasswordFile,
        BrokerOptions.TRUST_STORE_PASSWORD_FILE, TRUST_STORE_PASSWORD_ENV);
    TlsContexts.Store key = store("key store", places, env, BrokerOptions::keyStore,
        BrokerOptions.KEY_STORE, BrokerOptions::keyStorePasswordFile,
        BrokerOptions.KEY_STORE_PASSWORD_FILE, KEY_STORE_PASSWORD_ENV);
    if (trust == null && key == null) {
      return null;
    }
    if (!BrokerUri.tls(uri.value())) {
      TlsContexts.Store given = trust != null ? trust : key;
      throw new IllegalArgumentException(given.setting() + " gives a " + given.kind()
          + " for TLS, but the broker URI of " + uri.name() + " ("
          + BrokerUri.redact(uri.value()) + ") is not amqps://: write amqps:// (default port"
          + " 5671) to connect over TLS");
    }
    return TlsContexts.create(trust, key);
  }

  /** A store and its password, or null if none is given; its password alone is an error. */
  private static TlsContexts.Store store(String kind, List<BrokerOptions> places,
      Map<String, String> env, Function<BrokerOptions, Path> file, String fileKey,
      Function<BrokerOptions, Path> passwordFile, String passwordKey, String passwordEnv) {
    Given<Path> store = first(places, file, fileKey);
    Given<Path> secretFile = first(places, passwordFile, passwordKey);
    if (store == null) {
      if (secretFile != null) {
        throw new IllegalArgumentException(secretFile.name() + " gives the password of a "
            + kind + ", but no " + kind + " is given (" + secretFile.place().name(fileKey) + ")");
      }
      return null;
    }
    Secret password = secretFile != null ? Secret.read(secretFile.value(), secretFile.name())
        : blank(env.get(passwordEnv)) ? null : Secret.env(passwordEnv, env.get(passwordEnv));
    return new TlsContexts.Store(kind, store.value(), password, store.name(),
        store.place().name(passwordKey) + " or $" + passwordEnv);
  }

  /** The first place that says {@code key}, with its name and rank. */
  private static <T> Given<T> first(List<BrokerOptions> places, Function<BrokerOptions, T> get,
      String key) {
    for (int i = 0; i < places.size(); i++) {
      T value = get.apply(places.get(i));
      if (value != null) {
        return new Given<>(value, places.get(i).name(key), places.size() + 1 - i, places.get(i));
      }
    }
    return null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
