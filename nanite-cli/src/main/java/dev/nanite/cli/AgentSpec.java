package dev.nanite.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One agent to run, once the config file, the flags, the environment and the defaults are
 * merged (in that order of precedence: flags, file, environment, defaults).
 *
 * @param name the agent directory's or jar's name, for the default identity and messages
 * @param broker the broker, its credentials and TLS context, loaded
 * @param actors class names of the actors to create; empty means every {@code @Actor} class
 * @param classpath folders and jars the actors are loaded from
 * @param logFile where logs go, or null for standard error
 * @param pidFile where the process id is written, or null for nowhere
 * @param quorumQueue whether the agent's queue is a quorum queue
 * @param security secure mode, the callers served and signing
 */
record AgentSpec(
    String name,
    BrokerAccess broker,
    String identity,
    Duration ping,
    List<String> tags,
    int prefetch,
    List<String> actors,
    List<Path> classpath,
    Duration drain,
    LogLevel logLevel,
    Path logFile,
    Path pidFile,
    boolean quorumQueue,
    SecuritySetup security) {
  AgentSpec {
    tags = List.copyOf(tags);
    actors = List.copyOf(actors);
    classpath = List.copyOf(classpath);
  }
}
