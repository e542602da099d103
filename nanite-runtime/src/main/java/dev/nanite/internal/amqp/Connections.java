package dev.nanite.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;

/** Connection factories for agents and mappers: recovering, with heartbeats, named. */
public final class Connections {
  private Connections() {}

  /**
   * A factory for {@code uri} ({@code amqp://user:password@host:port/vhost}) whose connections
   * reconnect on their own after a broker restart or a network failure (their channels reopen;
   * {@link ResilientConsumer}s declare their queues and subscribe again).
   *
   * @throws IllegalArgumentException naming the URI if it is malformed
   */
  public static ConnectionFactory factory(String uri, Duration recoveryInterval,
      ConnectionState state) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an AMQP URI: " + redact(uri) + " (" + e.getMessage()
          + "); expected amqp://user:password@host:port/vhost", e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    // Queues, bindings and consumers are declared again by their ResilientConsumer once the
    // connection is back, in the order each needs; amqp-client's own replay of them did not
    // bring back every binding after a broker restart.
    factory.setTopologyRecoveryEnabled(false);
    factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    factory.setRequestedHeartbeat(10);
    factory.setConnectionTimeout(10_000);
    factory.setExceptionHandler(state);
    return factory;
  }

  /**
   * Why a connection to {@code uri} could not be made, for the message a user reads first: the
   * broker's address, the vhost, and the reason, taken from deep in the cause chain where
   * amqp-client leaves it (a vhost that does not exist surfaces as a bare {@code IOException}
   * whose cause's cause says so).
   */
  public static String cannotConnect(String uri, Throwable error) {
    String where;
    try {
      URI parsed = new URI(uri);
      String path = parsed.getPath() == null || parsed.getPath().isEmpty() ? "/"
          : URLDecoder.decode(parsed.getRawPath().substring(1), StandardCharsets.UTF_8);
      where = "broker " + parsed.getHost() + ":" + (parsed.getPort() < 0 ? 5672 : parsed.getPort())
          + ", vhost '" + (path.isEmpty() ? "/" : path) + "'";
    } catch (URISyntaxException | RuntimeException e) {
      where = "broker " + redact(uri);
    }
    return where + ": " + reason(error);
  }

  private static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException shutdown
          && shutdown.getReason() instanceof AMQP.Connection.Close close) {
        return "the broker closed the connection: " + close.getReplyText();
      }
      if (t instanceof AuthenticationFailureException
          || t instanceof PossibleAuthenticationFailureException) {
        return "the broker refused the user name or password (" + t.getMessage() + ")";
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return "nothing to connect to (" + t + ")";
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }

  /** The URI without its password, for messages and logs. */
  public static String redact(String uri) {
    if (uri == null) {
      return "null";
    }
    return uri.replaceFirst("(//[^:/@]*:)[^@]*@", "$1***@");
  }
}
