package dev.nanite.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m},
 * {@code 1h}, or ISO-8601 ({@code PT2S}); a bare number is seconds.
 */
public final class Durations implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  /** Parses a duration; see the class comment for the forms. */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher m = SIMPLE.matcher(trimmed);
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      double millis = switch (unit) {
        case "ms" -> amount;
        case "m" -> amount * 60_000;
        case "h" -> amount * 3_600_000;
        default -> amount * 1_000;
      };
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    try {
      return Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: '" + text
          + "' (write it like 500ms, 2s, 1.5s, 1m or PT2S)");
    }
  }

  /** Parses a duration that must be positive. */
  public static Duration positive(String text) {
    Duration duration = parse(text);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("the duration must be positive, not '" + text + "'");
    }
    return duration;
  }

  /** Prints a duration the way {@link #parse} reads it: {@code 500ms}, {@code 2s}, {@code 1.5s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000 || millis % 100 != 0) {
      return millis + "ms";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis / 1000.0 + "s";
  }

  @Override
  public Duration convert(String value) {
    try {
      return positive(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
