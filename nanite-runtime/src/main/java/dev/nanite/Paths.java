package dev.nanite;

import java.util.regex.Pattern;

/** Checks on advertised paths ({@code /prefix/name}); shared by the runtime and the tools. */
final class Paths {
  private static final Pattern PATH = Pattern.compile("/[a-z][a-z0-9_]*/[a-z][a-z0-9_]*");

  private Paths() {}

  static String requireValid(String path) {
    if (path == null || !PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "not a Nanite path: "
              + path
              + " (expected /prefix/name, each lowercase letters, digits and underscores,"
              + " starting with a letter)");
    }
    return path;
  }
}
