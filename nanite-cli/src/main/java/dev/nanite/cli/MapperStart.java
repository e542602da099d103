package dev.nanite.cli;

import dev.nanite.BrokerUnavailableException;
import dev.nanite.Mapper;
import dev.nanite.cli.admin.MeteredMapper;
import java.time.Duration;

/** Starts the metered mapper that {@code nanite mapper} and {@code nanite admin} run on. */
final class MapperStart {
  private MapperStart() {}

  /**
   * A started mapper, or why there is none.
   *
   * @param mapper the mapper, or null if it could not start
   * @param broker the broker it is on, or null if its settings were wrong
   * @param exitCode the exit code the command returns when there is no mapper
   */
  record Outcome(MeteredMapper mapper, BrokerAccess broker, int exitCode) {}

  /**
   * The mapper on the broker {@code flags} and the environment give. If there is none, the user
   * has been told why on stderr: {@link ExitCodes#USAGE} for settings that are wrong (a bad URI,
   * a missing password file, a store that does not open), {@link ExitCodes#UNAVAILABLE} for a
   * broker that cannot be reached or refuses.
   */
  static Outcome start(String command, BrokerFlags flags, Duration timeout, Io io) {
    BrokerAccess broker;
    try {
      broker = flags.resolve(io.env()).check();
    } catch (IllegalArgumentException e) {
      io.err().println("nanite " + command + ": " + e.getMessage());
      return new Outcome(null, null, ExitCodes.USAGE);
    }
    try {
      return new Outcome(MeteredMapper.start(Mapper.builder().broker(broker.broker()), timeout), broker,
          ExitCodes.OK);
    } catch (BrokerUnavailableException e) {
      io.err().println("nanite " + command + ": " + e.getMessage());
      return new Outcome(null, broker, ExitCodes.UNAVAILABLE);
    } catch (IllegalArgumentException e) { // settings the runtime refuses together
      io.err().println("nanite " + command + ": " + e.getMessage());
      return new Outcome(null, broker, ExitCodes.USAGE);
    }
  }
}
