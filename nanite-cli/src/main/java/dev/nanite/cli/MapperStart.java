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
   * @param security how the mapper guards its fabric, or null if its settings were wrong
   */
  record Outcome(MeteredMapper mapper, BrokerAccess broker, int exitCode,
      SecuritySetup security) {
    /** How start-up lines name the mapper's broker: its URI, and secure mode and signing. */
    String on() {
      return broker.redactedUri() + security.suffix();
    }
  }

  /**
   * The mapper on the broker {@code flags} and the environment give. If there is none, the user
   * has been told why on stderr: {@link ExitCodes#USAGE} for settings that are wrong (a bad URI,
   * a missing password file, a store that does not open), {@link ExitCodes#UNAVAILABLE} for a
   * broker that cannot be reached or refuses.
   */
  static Outcome start(String command, BrokerFlags flags, SecurityOptions securityFlags,
      Duration timeout, Io io) {
    BrokerAccess broker;
    SecuritySetup security;
    try {
      broker = flags.resolve(io.env()).check();
      security = SecuritySetup.resolve(securityFlags, SecurityOptions.NONE);
    } catch (IllegalArgumentException e) {
      io.err().println("nanite " + command + ": " + e.getMessage());
      return new Outcome(null, null, ExitCodes.USAGE, null);
    }
    try {
      Mapper.Builder builder = security.apply(Mapper.builder().broker(broker.broker()));
      return new Outcome(MeteredMapper.start(builder, timeout), broker, ExitCodes.OK, security);
    } catch (BrokerUnavailableException e) {
      io.err().println("nanite " + command + ": " + e.getMessage());
      return new Outcome(null, broker, ExitCodes.UNAVAILABLE, security);
    } catch (IllegalArgumentException e) { // settings the runtime refuses together
      io.err().println("nanite " + command + ": " + e.getMessage());
      return new Outcome(null, broker, ExitCodes.USAGE, security);
    }
  }
}
