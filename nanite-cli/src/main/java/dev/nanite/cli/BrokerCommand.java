package dev.nanite.cli;

import com.rabbitmq.client.impl.CredentialsProvider;
import dev.nanite.broker.EmbeddedBroker;
import dev.nanite.broker.EmbeddedBrokerException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nanite broker}: the embedded AMQP broker, for development. */
@Command(name = "broker",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Starts an embedded AMQP broker for development.",
    description = {
        "",
        "An Apache Qpid Broker-J speaking AMQP 0-9-1, in memory, on 127.0.0.1, until SIGTERM"
            + " or SIGINT.",
        "It serves the broker $NANITE_AMQP_URI names when that is on this machine (its port,"
            + " user and password, or the password of $NANITE_AMQP_PASSWORD_FILE or"
            + " $NANITE_AMQP_PASSWORD), so every other command finds it; else port 5673 and"
            + " guest/guest. Any virtual host name reaches its one virtual host.",
        ""},
    footer = ExitCodes.FOOTER)
final class BrokerCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 5673;
  private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1");

  private final Io io;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT",
      description = "The port (default: $NANITE_AMQP_URI's, else 5673; 0 picks a free one).")
  Integer port;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
      description = "trace, debug, info, warn (default), error or off.")
  LogLevel logLevel;

  BrokerCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    logLevel.apply(null);
    EmbeddedBroker.Builder builder = EmbeddedBroker.builder();
    int chosen = port != null ? port : DEFAULT_PORT;
    URI uri = localUri();
    if (uri != null) {
      if (port == null && uri.getPort() > 0) {
        chosen = uri.getPort();
      }
      String user = uri.getRawUserInfo();
      if (user != null && user.contains(":")) {
        builder.user(decode(user.substring(0, user.indexOf(':'))),
            decode(user.substring(user.indexOf(':') + 1)));
      }
      // The password may be kept out of the URI, as the other commands read it.
      CredentialsProvider credentials;
      try {
        credentials = BrokerAccess.resolve(BrokerOptions.NONE, BrokerOptions.NONE, io.env())
            .credentials();
      } catch (IllegalArgumentException e) {
        io.err().println("nanite broker: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      if (credentials != null) {
        builder.user(credentials.getUsername(), credentials.getPassword());
      }
    }
    EmbeddedBroker broker;
    try {
      broker = builder.port(chosen).start();
    } catch (EmbeddedBrokerException e) {
      io.err().println("nanite broker: cannot start on port " + chosen + ": " + e.getMessage()
          + " (give another with --port)");
      return ExitCodes.ERROR;
    }
    io.out().println("embedded broker ready at " + BrokerUri.redact(broker.uri())
        + " (any virtual host); stop it with Ctrl-C");
    io.out().flush();
    Daemon.runUntilStopped(broker::close);
    return ExitCodes.OK;
  }

  /** The URI of {@value BrokerUri#ENV} if it names this machine, else null. */
  private URI localUri() {
    String fromEnv = io.env().get(BrokerUri.ENV);
    if (fromEnv == null || fromEnv.isBlank()) {
      return null;
    }
    try {
      URI uri = URI.create(fromEnv); // a cluster's URI has no host here: not this broker
      return uri.getHost() != null && LOCAL.contains(uri.getHost()) ? uri : null;
    } catch (IllegalArgumentException e) {
      io.err().println("nanite broker: ignoring $" + BrokerUri.ENV + ", which is not a URI: "
          + e.getMessage());
      return null;
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
