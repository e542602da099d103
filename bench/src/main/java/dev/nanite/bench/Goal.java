package dev.nanite.bench;

import java.io.Serializable;

/**
 * A row's target, as the issue states it: a bound on the ratio to the baseline or on the value
 * itself. {@link #NONE} marks a row reported for context only.
 */
public record Goal(String text, Kind kind, double bound) implements Serializable {
  /** What the bound applies to. */
  public enum Kind {
    NONE, RATIO_AT_LEAST, RATIO_AT_MOST, VALUE_AT_LEAST, VALUE_AT_MOST
  }

  public static final Goal NONE = new Goal("", Kind.NONE, Double.NaN);

  public static Goal ratioAtLeast(double bound) {
    return new Goal("≥ " + bound + " ×", Kind.RATIO_AT_LEAST, bound);
  }

  public static Goal ratioAtMost(double bound) {
    return new Goal("≤ " + bound + " ×", Kind.RATIO_AT_MOST, bound);
  }

  public static Goal valueAtLeast(double bound, String text) {
    return new Goal(text, Kind.VALUE_AT_LEAST, bound);
  }

  public static Goal valueAtMost(double bound, String text) {
    return new Goal(text, Kind.VALUE_AT_MOST, bound);
  }

  /** "met", "missed", or "" when there is no target. */
  String verdict(double measured, double ratio) {
    boolean met = switch (kind) {
      case NONE -> true;
      case RATIO_AT_LEAST -> ratio >= bound;
      case RATIO_AT_MOST -> ratio <= bound;
      case VALUE_AT_LEAST -> measured >= bound;
      case VALUE_AT_MOST -> measured <= bound;
    };
    return kind == Kind.NONE ? "" : met ? "met" : "missed";
  }
}
