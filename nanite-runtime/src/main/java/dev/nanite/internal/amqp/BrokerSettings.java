package dev.nanite.internal.amqp;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.CredentialsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

  /**
   * The mutable half of both builders: {@code Agent.Builder} and {@code Mapper.Builder} hold
   * one each and hand its settings to their runtime.
   */
  public static final class Builder {
    private String uri = LOCAL;
    private SSLContext sslContext;
    private CredentialsProvider credentials;
    private final List<Consumer<ConnectionFactory>> customizers = new ArrayList<>();

    /** Sets the URI, failing at once if it cannot be parsed. */
    public void uri(String uri) {
      BrokerUri.parse(Objects.requireNonNull(uri, "uri"));
      this.uri = uri;
    }

    /** Sets the TLS context. */
    public void sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
    }

    /** Sets the credentials provider. */
    public void credentials(CredentialsProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "credentials");
    }

    /** Adds a connection factory customizer. */
    public void customizer(Consumer<ConnectionFactory> customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * What was set.
     *
     * @throws IllegalArgumentException if the settings do not go together, saying why
     */
    public BrokerSettings build() {
      BrokerSettings settings = new BrokerSettings(uri, sslContext, credentials,
          List.copyOf(customizers));
      Connections.check(settings);
      return settings;
    }
  }
}
