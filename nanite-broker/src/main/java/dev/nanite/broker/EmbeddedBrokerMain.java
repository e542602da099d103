package dev.nanite.broker;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link EmbeddedBroker} as a process of its own, until SIGTERM or SIGINT (Ctrl-C):
 *
 * <pre>{@code
 * java -cp ... dev.nanite.broker.EmbeddedBrokerMain [port]
 * }</pre>
 *
 * <p>The port defaults to {@value #DEFAULT_PORT}, next to RabbitMQ's 5672 so both can run on one
 * machine; 0 means any free port. The broker's URI is logged through SLF4J once it accepts
 * connections. Exits with status 2 on a bad argument and 1 if the broker cannot start.
 */
public final class EmbeddedBrokerMain {
  /** The port used when none is given. */
  public static final int DEFAULT_PORT = 5673;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerMain.class);

  private EmbeddedBrokerMain() {}

  /** Starts the broker on the port in {@code args[0]}, or {@value #DEFAULT_PORT}, and waits. */
  public static void main(String[] args) throws InterruptedException {
    int port;
    try {
      port = parsePort(args);
    } catch (IllegalArgumentException e) {
      log.error("{}. Usage: EmbeddedBrokerMain [port]", e.getMessage());
      System.exit(2);
      return;
    }
    EmbeddedBroker broker;
    try {
      broker = EmbeddedBroker.start(port);
    } catch (EmbeddedBrokerException e) {
      log.error("{}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping the embedded broker on port {}", broker.port());
      broker.close();
      stopped.countDown();
    }, "nanite-broker-shutdown"));
    log.info("Embedded AMQP 0-9-1 broker ready at {} (virtual host '{}' or '/')",
        broker.uri(), broker.virtualHost());
    stopped.await();
  }

  /** Returns the port in {@code args}, or {@value #DEFAULT_PORT} if there is none. */
  static int parsePort(String[] args) {
    if (args.length == 0) {
      return DEFAULT_PORT;
    }
    if (args.length > 1) {
      throw new IllegalArgumentException("Expected at most one argument, the port, not "
          + args.length);
    }
    try {
      int port = Integer.parseInt(args[0].trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "The port must be a number from 0 (any free port) to 65535, not '" + args[0] + "'");
    }
  }
}
