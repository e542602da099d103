package dev.nanite.cli;

import java.net.URI;
import java.util.Map;

/** Which broker commands connect to when {@code --uri} does not say. */
public final class BrokerUri {
  /** The environment variable that names the broker for every command. */
  public static final String ENV = "NANITE_AMQP_URI";
  /** The broker when neither {@code --uri}, a config file nor {@value #ENV} names one. */
  public static final String LOCAL_RABBITMQ = "amqp://guest:guest@localhost:5672";

  private BrokerUri() {}

  /** {@code explicit} if given, else {@value #ENV}, else a local RabbitMQ. */
  public static String resolve(String explicit, Map<String, String> env) {
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String fromEnv = env.get(ENV);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv : LOCAL_RABBITMQ;
  }

  /** The URI without its password, for messages. */
  public static String redact(String uri) {
    try {
      URI parsed = URI.create(uri);
      String user = parsed.getRawUserInfo();
      if (user == null || !user.contains(":")) {
        return uri;
      }
      return uri.replace(user, user.substring(0, user.indexOf(':')) + ":***");
    } catch (IllegalArgumentException e) {
      return "(a malformed URI)";
    }
  }
}
