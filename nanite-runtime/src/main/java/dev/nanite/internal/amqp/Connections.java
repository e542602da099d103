package dev.nanite.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.CredentialsProvider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** Connections for agents and mappers: to any node of a cluster, recovering, verified, named. */
public final class Connections {
  private Connections() {}

  /**
   * Opens a connection to one of the nodes {@code settings} names, tried in a random order (so
   * that agents spread over a cluster), that reconnects on its own to any of them after a broker
   * restart, a node's loss or a network failure (its channels reopen; {@link
   * ResilientConsumer}s declare their queues and subscribe again). An {@code amqps} URI verifies
   * the node's certificate against the given TLS context, else the JVM's default trust store,
   * and checks that it names the host dialled.
   *
   * @param consumers runs consumers' callbacks, or null for amqp-client's own pool
   * @throws IllegalArgumentException if the settings are not usable, saying why
   */
  public static Connection open(BrokerSettings settings, Duration recoveryInterval,
      ConnectionState state, ExecutorService consumers, String name)
      throws IOException, TimeoutException {
    BrokerUri uri = BrokerUri.parse(settings.uri());
    ConnectionFactory factory = factory(settings, uri);
    factory.setAutomaticRecoveryEnabled(true);
    // Queues, bindings and consumers are declared again by their ResilientConsumer once the
    // connection is back, in the order each needs; amqp-client's own replay of them did not
    // bring back every binding after a broker restart.
    factory.setTopologyRecoveryEnabled(false);
    factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    factory.setExceptionHandler(state);
    for (var customizer : settings.customizers()) {
      customizer.accept(factory);
    }
    return factory.newConnection(consumers, uri.addresses(), name);
  }

  /**
   * The broker account a connection with {@code settings} logs in as, as the AMQP
   * {@code user-id} of its messages must name it: the credentials' user, the URI's, or the
   * client library's default ({@code guest}). Empty for a TLS client certificate login
   * ({@code auth_mechanism=external}) that does not name its account in the URI, as the broker
   * takes the name from the certificate.
   */
  public static String account(BrokerSettings settings) {
    BrokerUri uri = BrokerUri.parse(settings.uri());
    if ("external".equals(uri.authMechanism())) {
      return uri.username() != null ? uri.username() : "";
    }
    if (settings.credentials() != null) {
      return settings.credentials().getUsername();
    }
    return uri.username() != null ? uri.username() : ConnectionFactory.DEFAULT_USER;
  }

  /**
   * Checks that {@code settings} make a connection factory, so that a builder refuses them
   * before anything connects.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static void check(BrokerSettings settings) {
    factory(settings, BrokerUri.parse(settings.uri()));
  }

  private static ConnectionFactory factory(BrokerSettings settings, BrokerUri uri) {
    String where = settings.redactedUri();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setVirtualHost(uri.vhost());
    factory.setRequestedHeartbeat(uri.heartbeatSeconds() != null ? uri.heartbeatSeconds() : 10);
    factory.setConnectionTimeout(
        uri.connectionTimeoutMillis() != null ? uri.connectionTimeoutMillis() : 10_000);
    boolean external = "external".equals(uri.authMechanism());
    if (uri.tls()) {
      factory.useSslProtocol(settings.sslContext() != null ? settings.sslContext()
          : defaultTls(where));
      factory.enableHostnameVerification();
    } else if (settings.sslContext() != null) {
      throw new IllegalArgumentException("a TLS context was given, but " + where
          + " is not amqps://: write amqps:// (default port 5671) to use TLS");
    } else if (external) {
      throw new IllegalArgumentException("auth_mechanism=external logs in with a TLS client "
          + "certificate, but " + where + " is not amqps://");
    }
    if (external) {
      factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
    }
    CredentialsProvider credentials = settings.credentials();
    if (credentials != null) {
      if (uri.password() != null) {
        throw new IllegalArgumentException(where + " holds a password and credentials were "
            + "given too: leave the password out of the URI");
      }
      factory.setCredentialsProvider(credentials);
    } else if (uri.username() != null) {
      if (uri.password() == null && !external) {
        throw new IllegalArgumentException(where + " names user '" + uri.username()
            + "' but no password: give credentials (a provider, or the CLI's --password-file"
            + " or NANITE_AMQP_PASSWORD) or put it in the URI");
      }
      factory.setUsername(uri.username());
      factory.setPassword(uri.password() != null ? uri.password() : "");
    }
    return factory;
  }

  private static SSLContext defaultTls(String where) {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("no default TLS context in this JVM for " + where
          + ": give one with sslContext(...)", e);
    }
  }

  /** The node {@code connection} is on now, as dialled: {@code host:port}. */
  public static String node(Connection connection) {
    InetAddress address = connection.getAddress();
    String text = address.toString(); // "name/ip", or "/ip" for an address dialled as an IP
    String host = text.startsWith("/") ? address.getHostAddress() : text.substring(0, text.indexOf('/'));
    return BrokerUri.format(new Address(host, connection.getPort()));
  }

  /**
   * Why a connection could not be made, for the message a user reads first: the broker's
   * nodes, the vhost, and the reason, taken from deep in the cause chain where amqp-client
   * leaves it (a vhost that does not exist surfaces as a bare {@code IOException} whose cause's
   * cause says so; a certificate refused, as a handshake failure around the real reason).
   */
  public static String cannotConnect(BrokerSettings settings, Throwable error) {
    String where;
    try {
      BrokerUri uri = BrokerUri.parse(settings.uri());
      where = "broker " + uri.hosts() + ", vhost '" + uri.vhost() + "'";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return where + ": " + reason(settings, error);
  }

  private static String reason(BrokerSettings settings, Throwable error) {
    String trust = settings.sslContext() != null ? "the trust store of the TLS context given"
        : "the JVM's default trust store";
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return t.getMessage();
      }
      if (t instanceof ShutdownSignalException shutdown
          && shutdown.getReason() instanceof AMQP.Connection.Close close) {
        return "the broker closed the connection: " + close.getReplyText();
      }
      if (t instanceof ShutdownSignalException shutdown
          && shutdown.getReason() instanceof AMQP.Channel.Close close) {
        return "the broker refused a declaration: " + close.getReplyText();
      }
      if (t instanceof AuthenticationFailureException
          || t instanceof PossibleAuthenticationFailureException) {
        return "the broker refused the login (" + t.getMessage() + ")";
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return "nothing to connect to (" + t + ")";
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "the broker's TLS certificate is not trusted: no CA in " + trust
            + " signed it (" + t.getMessage() + ")";
      }
      if (t instanceof CertificateException && t.getMessage() != null
          && t.getMessage().startsWith("No ")) { // "No name matching ...", "No subject alternative ..."
        return "the broker's TLS certificate does not name the host dialled (" + t.getMessage()
            + ")";
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return "the TLS handshake failed (" + t.getMessage() + "); is the port a TLS listener, "
            + "and does it accept this client?";
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }
}
