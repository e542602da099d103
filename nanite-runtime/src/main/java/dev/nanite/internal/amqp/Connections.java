package dev.nanite.internal.amqp;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URISyntaxException;
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

  /** The URI without its password, for messages and logs. */
  public static String redact(String uri) {
    if (uri == null) {
      return "null";
    }
    return uri.replaceFirst("(//[^:/@]*:)[^@]*@", "$1***@");
  }
}
