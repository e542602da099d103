package dev.nanite.internal.amqp;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.CredentialsProvider;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How an agent or a mapper reaches its broker: the URI, and what does not belong in one.
 *
 * @param uri the broker URI, parsed by {@link BrokerUri}
 * @param sslContext the TLS context of an {@code amqps} URI, or null for the JVM's default
 * @param credentials the user and password, or null for those of the URI
 * @param customizers applied last to the connection factory, in order
 */
public record BrokerSettings(
    String uri,
    SSLContext sslContext,
    CredentialsProvider credentials,
    List<Consumer<ConnectionFactory>> customizers) {

  /** The local broker every builder starts with. */
  public static final String LOCAL = "amqp://guest:guest@localhost:5672";

  /** The URI without its password, for messages and logs. */
  public String redactedUri() {
    return BrokerUri.redact(uri);
  }
}
