package dev.nanite.broker;

/**
 * The Qpid initial configuration of an embedded broker, as the JSON text Qpid reads at start-up:
 * one {@code Plain} authentication provider with one user, one AMQP 0-9-1 port on the loopback
 * address, and one in-memory virtual host that is the default one.
 *
 * <p>The virtual host is reachable by its name and, through Qpid's {@code defaultAlias}, by any
 * name that matches no other host, such as {@code "/"}, amqp-client's default.
 */
final class BrokerConfig {
  /** Name of the AMQP port in the configuration, to find it in the broker model after start-up. */
  static final String PORT_NAME = "AMQP";

  private BrokerConfig() {}

  /** Returns the JSON configuration; {@code port} 0 lets the system choose a free port. */
  static String json(String host, int port, String user, String password, String virtualHost) {
    return """
        {
          "name": "nanite-embedded-broker",
          "modelVersion": "9.1",
          "authenticationproviders": [ {
            "name": "plain",
            "type": "Plain",
            "secureOnlyMechanisms": [],
            "users": [ { "name": %s, "type": "managed", "password": %s } ]
          } ],
          "ports": [ {
            "name": %s,
            "type": "AMQP",
            "port": %d,
            "bindingAddress": %s,
            "protocols": [ "AMQP_0_9_1" ],
            "authenticationProvider": "plain",
            "virtualhostaliases": [
              { "name": "nameAlias", "type": "nameAlias" },
              { "name": "defaultAlias", "type": "defaultAlias" }
            ]
          } ],
          "virtualhostnodes": [ {
            "name": %s,
            "type": "Memory",
            "defaultVirtualHostNode": "true",
            "virtualHostInitialConfiguration": "{ \\"type\\": \\"Memory\\" }"
          } ]
        }
        """
        .formatted(
            quote(user),
            quote(password),
            quote(PORT_NAME),
            port,
            quote(host),
            quote(virtualHost));
  }

  /** Returns {@code value} as a JSON string literal. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
