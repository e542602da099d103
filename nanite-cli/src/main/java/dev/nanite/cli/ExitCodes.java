package dev.nanite.cli;

/** The exit codes of {@code nanite} commands, for scripts. */
public final class ExitCodes {
  /** Done; every agent asked answered with a value. */
  public static final int OK = 0;
  /** A call failed: an agent answered with an error or was lost before it answered. */
  public static final int CALL_FAILED = 1;
  /** The command line (or a shell command) was wrong: an unknown option, bad JSON, ... */
  public static final int USAGE = 2;
  /** No agent serves the path (with the call's tags). */
  public static final int NO_AGENT = 3;
  /** No answer by the call's deadline. */
  public static final int TIMEOUT = 4;
  /** The broker (or RabbitMQ's administration) could not be reached, or refused. */
  public static final int UNAVAILABLE = 5;
  /** Anything else that went wrong, such as an agent directory that does not load. */
  public static final int ERROR = 6;

  private ExitCodes() {}

  /** The exit codes as the {@code --help} footer of the commands lists them. */
  static final String FOOTER = "%nExit codes: 0 ok; 1 a call failed (an agent answered with an"
      + " error or was lost); 2 bad usage; 3 no agent serves the path; 4 timed out;"
      + " 5 broker unreachable; 6 other errors.";
}
