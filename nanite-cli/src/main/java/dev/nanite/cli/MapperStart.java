package dev.nanite.cli;

import dev.nanite.BrokerUnavailableException;
import dev.nanite.cli.admin.MeteredMapper;
import java.time.Duration;

/** Starts the metered mapper that {@code nanite mapper} and {@code nanite admin} run on. */
final class MapperStart {
  private MapperStart() {}

  /**
   * The mapper on {@code broker}, or null after telling the user on stderr why the broker could
   * not be reached; the command then exits {@link ExitCodes#UNAVAILABLE}.
   */
  static MeteredMapper orReport(String command, String broker, Duration timeout, Io io) {
    try {
      return MeteredMapper.start(broker, timeout);
    } catch (BrokerUnavailableException e) {
      io.err().println("nanite " + command + ": " + e.getMessage());
      return null;
    }
  }
}
