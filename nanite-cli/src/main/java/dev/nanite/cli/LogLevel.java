package dev.nanite.cli;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The log levels of {@code --log-level}, and the set-up of slf4j-simple, the jar's logger. The
 * set-up must run before anything logs: slf4j-simple reads its settings once.
 */
public enum LogLevel {
  /** Everything. */
  TRACE,
  /** Protocol detail. */
  DEBUG,
  /** Starts, stops, agents joining and leaving. */
  INFO,
  /** Only what may need attention. */
  WARN,
  /** Only failures. */
  ERROR,
  /** Nothing. */
  OFF;

  /** Sends logs at this level and above to {@code file} (standard error if null). */
  public void apply(Path file) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", name().toLowerCase(Locale.ROOT));
    if (file != null) {
      System.setProperty("org.slf4j.simpleLogger.logFile", file.toAbsolutePath().toString());
    }
  }
}
