package dev.nanite.broker;

import java.util.Map;
import java.util.StringJoiner;

/**
 * The Qpid initial configuration of an embedded broker, as the JSON text Qpid reads at start-up:
 * one {@code Plain} authentication provider with the broker's users, one AMQP 0-9-1 port on the
 * loopback address, and one in-memory virtual host that is the default one.
 *
 * <p>The virtual host is reachable by its name and, through Qpid's {@code defaultAlias}, by any
 * name that matches no other host, such as {@code "/"}, amqp-client's default.
 *
 * <p>The broker's context sets {@value #MESSAGE_AUTHORIZATION} as asked. When it is {@code true},
 * Qpid compares the AMQP 0-9-1 {@code user-id} of each published message, unless absent or
 * blank, with the name the connection logged in as, and closes the connection with 403
 * ACCESS_REFUSED on a mismatch, dropping the message. Each connection reads the variable from
 * its virtual host, which inherits it from the broker, when it opens.
 */
final class BrokerConfig {
  /** Name of the AMQP port in the configuration, to find it in the broker model after start-up. */
  static final String PORT_NAME = "AMQP";

  /**
   * Qpid's context variable ({@code Broker.BROKER_MSG_AUTH}, {@code false} by default) that makes
   * it check the {@code user-id} of published messages against the connection's login.
   */
  static final String MESSAGE_AUTHORIZATION = "qpid.broker_msg_auth";

  private BrokerConfig() {}

  /**
   * Returns the JSON configuration; {@code port} 0 lets the system choose a free port.
   *
   * @param users user names and their passwords, in the order given
   * @param checkUserId whether Qpid checks the {@code user-id} of published messages
   */
  static String json(String host, int port, Map<String, String> users, String virtualHost,
      boolean checkUserId) {
    StringJoiner accounts = new StringJoiner(",\n      ");
    users.forEach((user, password) -> accounts.add(
        "{ \"name\": %s, \"type\": \"managed\", \"password\": %s }"
            .formatted(quote(user), quote(password))));
    return """
        {
          "name": "nanite-embedded-broker",
          "modelVersion": "9.1",
          "context": { %s: %s },
          "authenticationproviders": [ {
            "name": "plain",
            "type": "Plain",
            "secureOnlyMechanisms": [],
            "users": [
              %s
            ]
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
            quote(MESSAGE_AUTHORIZATION),
            quote(Boolean.toString(checkUserId)),
            accounts,
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
