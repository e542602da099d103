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
   * recover on their own after a broker restart or a network failure, re-declaring their queues,
   * bindings and consumers.
   *
   * @throws IllegalArgumentException naming the URI if it is malformed
   */
  public static ConnectionFactory factory(String uri, Duration recoveryInterval) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an AMQP URI: " + redact(uri) + " (" + e.getMessage()
          + "); expected amqp://user:password@host:port/vhost", e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(recoveryInterval.toMillis());
    factory.setRequestedHeartbeat(10);
    factory.setConnectionTimeout(10_000);
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
