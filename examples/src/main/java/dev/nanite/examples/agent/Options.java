package dev.nanite.examples.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/** The examples' command lines: {@code --name value} pairs. */
public final class Options {
  /** The broker when neither {@code --uri} nor {@code NANITE_AMQP_URI} names one. */
  public static final String LOCAL_RABBITMQ = "amqp://guest:guest@localhost:5672";

  private Options() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  /** {@code --uri}, else {@code $NANITE_AMQP_URI}, else a local RabbitMQ. */
  public static String uri(Map<String, String> options) {
    String env = System.getenv("NANITE_AMQP_URI");
    return options.getOrDefault("uri", env != null && !env.isBlank() ? env : LOCAL_RABBITMQ);
  }
}
