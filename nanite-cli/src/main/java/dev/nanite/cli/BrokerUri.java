package dev.nanite.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The broker commands connect to when nothing says which, and the little the CLI reads
 * from a broker URI itself: its user, whether it holds a password, and its redacted form. The
 * runtime parses the URI fully when it connects; its parser is internal, so the CLI keeps this
 * small one rather than depend on it.
 */
public final class BrokerUri {
  /** The environment variable that names the broker for every command. */
  public static final String ENV = "NANITE_AMQP_URI";
  /** The broker when neither {@code --uri}, a config file nor {@value #ENV} names one. */
  public static final String LOCAL_RABBITMQ = "amqp://guest:guest@localhost:5672";

  private BrokerUri() {}

  /**
   * The URI without its password, for messages: {@code amqp://user:***@h1:5672,h2:5672/vhost}.
   * Works on the multi-host form and on URIs that do not parse, and errs towards hiding too
   * much: the password runs to the last {@code @}, so that one holding an unescaped {@code @},
   * {@code /}, {@code ?} or {@code #} is hidden whole.
   */
  public static String redact(String uri) {
    int at = uri.lastIndexOf('@');
    int colon = uri.indexOf(':', start(uri));
    return at < 0 || colon < 0 || colon > at ? uri
        : uri.substring(0, colon + 1) + "***" + uri.substring(at);
  }

  /**
   * Whether what looks like the password (up to the last {@code @}) holds a character that ends
   * the user info unless percent-encoded ({@code / ? # @}): the URI's parser then takes part of
   * it for a host, a port, a vhost or an option, and may quote it in its message.
   */
  static boolean passwordNeedsEscaping(String uri) {
    int at = uri.lastIndexOf('@');
    int colon = uri.indexOf(':', start(uri));
    return at >= 0 && colon >= 0 && colon < at
        && uri.substring(colon + 1, at).chars().anyMatch(c -> "/?#@".indexOf(c) >= 0);
  }

  /**
   * Whether the hosts, as the runtime's parser reads them, hold an {@code @}: no host name
   * does, so the user info held an unescaped one, and the rest of the password would be
   * dialled as a host name and shown in messages.
   */
  static boolean hostsHoldAt(String uri) {
    int from = start(uri);
    int end = authorityEnd(uri, from);
    int at = uri.indexOf('@', from);
    return at >= 0 && at < end && uri.substring(at + 1, end).contains("@");
  }

  /** Whether the scheme is {@code amqps}, which connects over TLS. */
  static boolean tls(String uri) {
    return uri.regionMatches(true, 0, "amqps://", 0, 8);
  }

  /** Whether the URI logs in with a client certificate ({@code auth_mechanism=external}). */
  static boolean external(String uri) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return false;
    }
    int fragment = uri.indexOf('#', query);
    String options = uri.substring(query + 1, fragment < 0 ? uri.length() : fragment);
    for (String pair : options.split("&")) {
      if (pair.equalsIgnoreCase("auth_mechanism=external")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the URI holds a password (after {@code user:}). */
  static boolean hasPassword(String uri) {
    String info = userInfo(uri);
    return info != null && info.contains(":");
  }

  /** The user the URI names, percent-decoded, or null if it names none. */
  static String user(String uri) {
    String info = userInfo(uri);
    if (info == null) {
      return null;
    }
    String raw = info.contains(":") ? info.substring(0, info.indexOf(':')) : info;
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // the runtime says what is wrong with it when it parses the URI
    }
  }

  /** Where the authority starts: after {@code scheme://}, or 0 without one. */
  private static int start(String uri) {
    int scheme = uri.indexOf("://");
    return scheme < 0 ? 0 : scheme + 3;
  }

  /**
   * {@code user[:password]} as the runtime's parser reads it (up to the first {@code @} of the
   * authority, which ends at the first {@code /}, {@code ?} or {@code #}), or null if none.
   */
  private static String userInfo(String uri) {
    int from = start(uri);
    int at = uri.indexOf('@', from);
    return at >= 0 && at < authorityEnd(uri, from) ? uri.substring(from, at) : null;
  }

  /** Where the authority ends: at the first {@code /}, {@code ?} or {@code #}, or the end. */
  private static int authorityEnd(String uri, int from) {
    int end = uri.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = uri.indexOf(c, from);
      end = i >= 0 ? Math.min(end, i) : end;
    }
    return end;
  }
}
