package dev.nanite.internal.amqp;

import com.rabbitmq.client.Address;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker URI as agents and mappers take it: RabbitMQ's URI form, extended to name every node
 * of a cluster.
 *
 * <pre>
 * amqp[s]://[user[:password]@]host[:port][,host[:port]...][/vhost][?option=value&amp;...]
 * </pre>
 *
 * <p>Options: {@code auth_mechanism} ({@code plain}, or {@code external} to log in with a TLS
 * client certificate), {@code heartbeat} (seconds) and {@code connection_timeout}
 * (milliseconds), as in RabbitMQ's URI query parameters. A path of {@code /} or none is the
 * default vhost {@code /}; a vhost named otherwise is percent-encoded ({@code %2F} for a slash).
 * Parsed here rather than by {@code ConnectionFactory.setUri}, which takes one host only and,
 * for {@code amqps}, installs a trust manager that trusts every certificate.
 *
 * @param tls whether the scheme is {@code amqps}
 * @param addresses the nodes, in the order given (amqp-client shuffles them per attempt)
 * @param username the user, or null when the URI names none
 * @param password the password, or null when the URI holds none
 * @param vhost the virtual host
 * @param authMechanism {@code plain} or {@code external}; null for the default (plain)
 * @param heartbeatSeconds the requested heartbeat, or null for the default
 * @param connectionTimeoutMillis the TCP and handshake timeout, or null for the default
 */
public record BrokerUri(
    boolean tls,
    List<Address> addresses,
    String username,
    String password,
    String vhost,
    String authMechanism,
    Integer heartbeatSeconds,
    Integer connectionTimeoutMillis) {

  /** The port of a node that names none. */
  public static final int AMQP_PORT = 5672;
  /** The port of a TLS node that names none. */
  public static final int AMQPS_PORT = 5671;

  private static final Pattern SHAPE = Pattern.compile(
      "(?i)(amqps?)://(?:([^@/?#]*)@)?([^/?#]*)(/[^?#]*)?(?:\\?([^#]*))?");
  private static final String EXPECTED =
      "expected amqp[s]://user:password@host:port[,host:port...]/vhost";

  /**
   * Parses {@code uri}.
   *
   * @throws IllegalArgumentException naming the URI (without its password) and what is wrong
   */
  public static BrokerUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("no broker URI given; " + EXPECTED);
    }
    Matcher m = SHAPE.matcher(uri.strip());
    if (!m.matches()) {
      throw bad(uri, "not an AMQP URI");
    }
    String rest = uri.strip().substring(m.group(1).length() + 3);
    int at = rest.indexOf('@');
    int end = firstOf(rest, "/?#");
    if (at >= 0 && (rest.indexOf('@', at + 1) >= 0 || (end >= 0 && at > end))) {
      // Most likely a password holding '@', '/', '?' or '#' as they are: it would be read as
      // part of the host or the vhost (and shown in messages), so refuse it.
      throw bad(uri, "an '@' where none belongs: percent-encode '@', '/', '?' and '#' in a user"
          + " name, password or vhost (%40, %2F, %3F, %23)");
    }
    boolean tls = m.group(1).equalsIgnoreCase("amqps");
    String username = null;
    String password = null;
    if (m.group(2) != null) {
      String userInfo = m.group(2);
      int colon = userInfo.indexOf(':');
      username = decode(uri, "the user name", colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(uri, "the password", userInfo.substring(colon + 1));
    }
    List<Address> addresses = addresses(uri, m.group(3), tls ? AMQPS_PORT : AMQP_PORT);
    String vhost = vhost(uri, m.group(4));
    String mechanism = null;
    Integer heartbeat = null;
    Integer timeout = null;
    if (m.group(5) != null && !m.group(5).isEmpty()) {
      for (String pair : m.group(5).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : decode(uri, "option " + key, pair.substring(eq + 1));
        switch (key) {
          case "auth_mechanism" -> mechanism = mechanism(uri, value);
          case "heartbeat" -> heartbeat = number(uri, key, value, 0, 65_535);
          case "connection_timeout" -> timeout = number(uri, key, value, 1, Integer.MAX_VALUE);
          default -> throw bad(uri, "unknown option '" + key
              + "' (known: auth_mechanism, heartbeat, connection_timeout)");
        }
      }
    }
    return new BrokerUri(tls, List.copyOf(addresses), username, password, vhost, mechanism,
        heartbeat, timeout);
  }

  /**
   * {@code uri} with its password replaced by {@code ***}, for messages and logs: everything
   * from the first {@code :} after {@code //} to the last {@code @}, so that a password holding
   * {@code @} or {@code /} unencoded is hidden too (and at worst more than the password).
   */
  public static String redact(String uri) {
    if (uri == null) {
      return "null";
    }
    int start = uri.indexOf("//");
    int at = uri.lastIndexOf('@');
    if (start < 0 || at < start) {
      return uri;
    }
    int colon = uri.indexOf(':', start + 2);
    return colon < 0 || colon > at ? uri : uri.substring(0, colon + 1) + "***" + uri.substring(at);
  }

  private static int firstOf(String text, String chars) {
    int first = -1;
    for (char c : chars.toCharArray()) {
      int i = text.indexOf(c);
      if (i >= 0 && (first < 0 || i < first)) {
        first = i;
      }
    }
    return first;
  }

  /** The nodes as {@code host:port,host:port}, for messages. */
  public String hosts() {
    return String.join(",", addresses.stream().map(BrokerUri::format).toList());
  }

  /** One address as {@code host:port}, with brackets around an IPv6 literal. */
  public static String format(Address address) {
    String host = address.getHost();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static List<Address> addresses(String uri, String hosts, int defaultPort) {
    if (hosts.isEmpty()) {
      throw bad(uri, "no host");
    }
    List<Address> addresses = new ArrayList<>();
    for (String hostPort : hosts.split(",", -1)) {
      String host;
      String port = null;
      if (hostPort.startsWith("[")) { // an IPv6 literal
        int close = hostPort.indexOf(']');
        if (close < 0) {
          throw bad(uri, "unclosed '[' in host '" + hostPort + "'");
        }
        host = hostPort.substring(1, close);
        String rest = hostPort.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw bad(uri, "expected ':port' after '" + hostPort.substring(0, close + 1) + "'");
          }
          port = rest.substring(1);
        }
      } else {
        int colon = hostPort.indexOf(':');
        host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        port = colon < 0 ? null : hostPort.substring(colon + 1);
      }
      if (host.isEmpty()) {
        throw bad(uri, "an empty host in '" + hosts + "'");
      }
      int number = port == null ? defaultPort : number(uri, "port of " + host, port, 1, 65_535);
      addresses.add(new Address(host, number));
    }
    return addresses;
  }

  private static String vhost(String uri, String path) {
    if (path == null || path.equals("/")) {
      return "/";
    }
    String raw = path.substring(1);
    if (raw.contains("/")) {
      throw bad(uri, "the vhost '" + raw + "' holds a '/': write it as %2F");
    }
    return decode(uri, "the vhost", raw);
  }

  private static String mechanism(String uri, String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (!List.of("plain", "external").contains(lower)) {
      throw bad(uri, "unknown auth_mechanism '" + value + "' (known: plain, external)");
    }
    return lower;
  }

  private static int number(String uri, String what, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(uri, what + " must be a number from " + min + " to " + max + ", got '" + value + "'");
  }

  private static String decode(String uri, String what, String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad(uri, "bad percent-encoding in " + what);
    }
  }

  private static IllegalArgumentException bad(String uri, String what) {
    return new IllegalArgumentException("not a usable broker URI: " + redact(uri) + ": " + what
        + "; " + EXPECTED);
  }
}
