package dev.nanite;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.CredentialsProvider;
import dev.nanite.internal.amqp.BrokerSettings;
import dev.nanite.internal.amqp.BrokerUri;
import dev.nanite.internal.amqp.Connections;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * How agents and mappers reach their broker: its URI, and what does not belong in one (a TLS
 * context, credentials, amqp-client settings). Immutable: one instance can serve every agent
 * and mapper of an application.
 *
 * <pre>{@code
 * Broker broker = Broker.builder("amqps://app@rabbit1:5671,rabbit2:5671/prod")
 *     .credentials(new DefaultCredentialsProvider("app", password))
 *     .sslContext(tls)                 // default: the JVM's trust store
 *     .build();
 * Agent agent = Agent.builder().broker(broker).actor(new Mock()).start();
 * Mapper mapper = Mapper.builder().broker(broker).start();
 * }</pre>
 *
 * <p>The URI is {@code amqp://user:password@host:port/vhost}. Name every node of a cluster,
 * {@code amqp://user@host1:5672,host2:5672/vhost}: a connection goes to one of them, chosen at
 * random, and moves to another when its node goes. {@code amqps://} connects over TLS and
 * verifies the broker's certificate and host name. {@code ?auth_mechanism=external} logs in with
 * the TLS client certificate instead of a password; {@code heartbeat} (seconds) and {@code
 * connection_timeout} (milliseconds) are RabbitMQ's URI options. See docs/production.md.
 */
public final class Broker {
  /** A guest on the local broker, which every builder starts with. */
  static final Broker LOCAL = Broker.of(BrokerSettings.LOCAL);

  private final BrokerSettings settings;

  private Broker(BrokerSettings settings) {
    this.settings = settings;
  }

  /**
   * The broker at {@code uri}, with nothing else set.
   *
   * @throws IllegalArgumentException naming what is wrong with the URI (never its password)
   */
  public static Broker of(String uri) {
    return builder(uri).build();
  }

  /**
   * A builder for the broker at {@code uri}, which must parse; whether it goes with the other
   * settings (a user without a password needs credentials) is checked by {@link Builder#build()}.
   *
   * @throws IllegalArgumentException naming what is wrong with the URI (never its password)
   */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  BrokerSettings settings() {
    return settings;
  }

  /**
   * The broker account connections log in as, which every packet names as its AMQP
   * {@code user-id} (see {@link AccountPolicy}): the credentials' user, the URI's, or
   * {@code guest}. Empty for a client-certificate login ({@code auth_mechanism=external}) whose
   * URI does not name the account.
   */
  public String account() {
    return dev.nanite.internal.amqp.Connections.account(settings);
  }

  /** The URI, without its password. */
  @Override
  public String toString() {
    return settings.redactedUri();
  }

  /** Settings for a {@link Broker}. Not thread-safe. */
  public static final class Builder {
    private final String uri;
    private SSLContext sslContext;
    private CredentialsProvider credentials;
    private final List<Consumer<ConnectionFactory>> customizers = new ArrayList<>();

    private Builder(String uri) {
      BrokerUri.parse(Objects.requireNonNull(uri, "uri")); // the rest is checked by build()
      this.uri = uri;
    }

    /**
     * The TLS context of an {@code amqps://} broker: its trust managers say which CAs sign the
     * broker's certificate, its key managers hold a client certificate if the broker asks for
     * one. Default: the JVM's own ({@code javax.net.ssl.trustStore} and {@code keyStore}). The
     * host name in the broker's certificate is checked either way.
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "sslContext");
      return this;
    }

    /**
     * The user name and password, from a provider rather than the URI, so that the password
     * stays out of process lists, logs and configuration: amqp-client's {@code
     * DefaultCredentialsProvider} holds fixed ones, a refreshing provider (OAuth 2) works too.
     * The URI must then hold no password.
     */
    public Builder credentials(CredentialsProvider provider) {
      this.credentials = Objects.requireNonNull(provider, "credentials");
      return this;
    }

    /**
     * Changes amqp-client's {@link ConnectionFactory} once Nanite has set it up, for what
     * Nanite does not expose (socket options, channel limits, metrics collectors). Nanite relies
     * on automatic recovery being on and topology recovery off: leave those as they are.
     */
    public Builder connectionFactory(Consumer<ConnectionFactory> customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * The broker.
     *
     * @throws IllegalArgumentException if the settings do not go together, saying why (a TLS
     *     context for an {@code amqp://} URI, credentials and a password in the URI, ...)
     */
    public Broker build() {
      BrokerSettings settings = new BrokerSettings(uri, sslContext, credentials,
          List.copyOf(customizers));
      Connections.check(settings);
      return new Broker(settings);
    }
  }
}
