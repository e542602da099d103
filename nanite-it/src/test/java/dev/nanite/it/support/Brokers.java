package dev.nanite.it.support;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.broker.EmbeddedBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;

/**
 * The broker the suite runs against, one per test JVM:
 *
 * <ul>
 *   <li>the RabbitMQ named by {@code NANITE_AMQP_URI}, if it is set;
 *   <li>a Testcontainers RabbitMQ container if {@code NANITE_BROKER=testcontainers} (which needs
 *       a Docker engine);
 *   <li>else an embedded broker.
 * </ul>
 */
public final class Brokers {
  private static String uri;

  private Brokers() {}

  /** The URI of the suite's broker, started on first use. */
  public static synchronized String uri() {
    if (uri == null) {
      uri = start();
    }
    return uri;
  }

  /** A plain amqp-client connection to the suite's broker, for a test to look behind Nanite. */
  public static Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri());
    return factory.newConnection("nanite-it-spy");
  }

  /** Whether the suite's broker is RabbitMQ (rather than the embedded one). */
  public static boolean isRabbitMq() throws Exception {
    try (Connection connection = connect()) {
      return String.valueOf(connection.getServerProperties().get("product")).contains("RabbitMQ");
    }
  }

  private static String start() {
    String external = System.getenv("NANITE_AMQP_URI");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if ("testcontainers".equals(System.getenv("NANITE_BROKER"))) {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        throw new IllegalStateException(
            "NANITE_BROKER=testcontainers, but no Docker engine is available");
      }
      RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-management");
      rabbit.start();
      Runtime.getRuntime().addShutdownHook(new Thread(rabbit::stop, "rabbitmq-container-stop"));
      return rabbit.getAmqpUrl().replace("amqp://", "amqp://" + rabbit.getAdminUsername() + ":"
          + rabbit.getAdminPassword() + "@");
    }
    EmbeddedBroker embedded = EmbeddedBroker.start();
    Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-broker-stop"));
    return embedded.uri();
  }
}
