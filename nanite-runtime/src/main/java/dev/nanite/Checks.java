package dev.nanite;

import java.time.Duration;

/** Argument checks shared by the builders and options, each failing with what was wrong. */
final class Checks {
  private Checks() {}

  static String nonBlank(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must be non-blank, got '" + value + "'");
    }
    return value;
  }

  static int inRange(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  static Duration atLeast(String what, Duration value, Duration min) {
    if (value == null || value.compareTo(min) < 0) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  static Duration between(String what, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          what + " must be from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  static Duration positive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }
}
