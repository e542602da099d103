package dev.nanite.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code nanite agent}'s command line said; null (or empty) means "not given". Paths are
 * relative to the working directory.
 *
 * @param source an agent directory, a jar of actors, or a folder of classes; null for "."
 * @param config a config file to read instead of the agent directory's
 * @param broker the broker flags
 * @param quorumQueue true for {@code --quorum-queue}, null if not given
 * @param security secure mode, signing and the callers served
 */
record AgentFlags(
    Path source,
    Path config,
    BrokerOptions broker,
    String identity,
    Duration ping,
    List<String> tags,
    Integer prefetch,
    List<String> actors,
    List<String> classpath,
    Duration drain,
    LogLevel logLevel,
    Path logFile,
    Path pidFile,
    Boolean quorumQueue,
    SecurityOptions security) {

  /** Flags without security settings. */
  AgentFlags(Path source, Path config, BrokerOptions broker, String identity, Duration ping,
      List<String> tags, Integer prefetch, List<String> actors, List<String> classpath,
      Duration drain, LogLevel logLevel, Path logFile, Path pidFile, Boolean quorumQueue) {
    this(source, config, broker, identity, ping, tags, prefetch, actors, classpath, drain,
        logLevel, logFile, pidFile, quorumQueue, SecurityOptions.NONE);
  }

  /** Nothing given but where the agent comes from. */
  static AgentFlags of(Path source) {
    return new AgentFlags(source, null, BrokerOptions.NONE, null, null, List.of(), null, List.of(),
        List.of(), null, null, null, null, null);
  }
}
