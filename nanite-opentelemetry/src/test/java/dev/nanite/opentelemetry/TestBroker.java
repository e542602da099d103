package dev.nanite.opentelemetry;

import dev.nanite.broker.EmbeddedBroker;

/**
 * The broker of this module's tests, one per test JVM: the RabbitMQ {@code NANITE_AMQP_URI}
 * names, else an embedded one, closed when the JVM exits.
 */
final class TestBroker {
  private static String uri;

  private TestBroker() {}

  static synchronized String uri() {
    if (uri == null) {
      String external = System.getenv("NANITE_AMQP_URI");
      if (external != null && !external.isBlank()) {
        uri = external;
      } else {
        EmbeddedBroker embedded = EmbeddedBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "broker-stop"));
        uri = embedded.uri();
      }
    }
    return uri;
  }
}
