package dev.nanite.broker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of the user-information part of an {@code amqp://} URI. */
final class Uris {
  private Uris() {}

  /** Returns {@code value} percent-encoded, with a space as {@code %20} rather than {@code +}. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
