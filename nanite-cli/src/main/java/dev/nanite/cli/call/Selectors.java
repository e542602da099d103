package dev.nanite.cli.call;

import dev.nanite.Selector;
import java.util.Locale;

/** Selectors by name, as the shell and the control tower take them. */
public final class Selectors {
  /** The names, for help texts and errors. */
  public static final String NAMES =
      "least_loaded (the default), random, round_robin, all, target:<identity>";

  private Selectors() {}

  /**
   * The selector called {@code name}; null or blank means least loaded.
   *
   * @throws IllegalArgumentException listing the names if it is none of them
   */
  public static Selector parse(String name) {
    if (name == null || name.isBlank()) {
      return Selector.LEAST_LOADED;
    }
    String trimmed = name.trim();
    String key = trimmed.toLowerCase(Locale.ROOT).replace('-', '_');
    switch (key) {
      case "least_loaded":
        return Selector.LEAST_LOADED;
      case "random":
        return Selector.RANDOM;
      case "round_robin":
        return Selector.ROUND_ROBIN;
      case "all":
        return Selector.ALL;
      default:
        break;
    }
    if (key.startsWith("target:") || key.startsWith("target=")) {
      String identity = trimmed.substring("target:".length()).trim();
      if (!identity.isEmpty()) {
        return Selector.target(identity);
      }
      throw new IllegalArgumentException("the target selector needs an agent identity:"
          + " target:<identity>");
    }
    throw new IllegalArgumentException("unknown selector '" + name + "'; the selectors are "
        + NAMES);
  }
}
