package dev.nanite.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges an agent's flags, config file, environment and defaults into an {@link AgentSpec}. The
 * source decides the rest:
 *
 * <ul>
 *   <li>a folder with a {@code nanite.properties}: an agent directory, configured by that file;
 *   <li>a jar: its actors, with settings from flags (or {@code --config});
 *   <li>any other folder: a folder of compiled actor classes.
 * </ul>
 */
final class AgentSpecs {
  static final Duration DEFAULT_PING = Duration.ofSeconds(15);
  static final int DEFAULT_PREFETCH = 64;
  static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);

  private AgentSpecs() {}

  /**
   * The agent to run.
   *
   * @throws IllegalArgumentException saying which setting, file or class path entry is wrong
   */
  static AgentSpec resolve(AgentFlags flags, Map<String, String> env) throws IOException {
    Path source = (flags.source() == null ? Path.of(".") : flags.source()).toAbsolutePath()
        .normalize();
    if (!Files.exists(source)) {
      throw new IllegalArgumentException(source + " does not exist: give an agent directory, a"
          + " jar of actors or a folder of actor classes");
    }
    boolean jar = Files.isRegularFile(source);
    if (jar && !source.getFileName().toString().endsWith(".jar")) {
      throw new IllegalArgumentException(source + " is a file but not a jar: give an agent"
          + " directory, a jar of actors or a folder of actor classes");
    }
    Path home = jar ? source.getParent() : source;
    Path configFile = flags.config() != null ? flags.config().toAbsolutePath()
        : jar ? null : home.resolve(AgentConfig.FILE);
    AgentConfig config;
    if (configFile != null && Files.isRegularFile(configFile)) {
      config = AgentConfig.read(configFile);
    } else if (flags.config() != null) {
      throw new IllegalArgumentException("the config file " + configFile + " does not exist");
    } else {
      config = AgentConfig.empty(home);
    }
    boolean agentDirectory = !jar && Files.isRegularFile(home.resolve(AgentConfig.FILE));

    String name = jar ? source.getFileName().toString().replaceFirst("\\.jar$", "")
        : source.getFileName() == null ? "agent" : source.getFileName().toString();
    List<Path> classpath = new ArrayList<>();
    if (jar) {
      classpath.add(source);
    } else if (!agentDirectory && flags.config() == null) {
      classpath.add(source); // a folder of classes
    }
    Path cwd = Path.of("").toAbsolutePath();
    if (!flags.classpath().isEmpty()) {
      for (String entry : flags.classpath()) {
        classpath.addAll(expand(cwd, entry, "--classpath"));
      }
    } else if (config.get("classpath") != null) {
      for (String entry : config.list("classpath")) {
        classpath.addAll(expand(config.home(), entry, config.file() + ": classpath"));
      }
    } else if (agentDirectory) {
      classpath.addAll(defaultClasspath(home));
    }

    BrokerAccess broker = BrokerAccess.resolve(flags.broker(), BrokerOptions.of(config), env);
    SecuritySetup security = SecuritySetup.resolve(flags.security(), SecurityOptions.of(config));
    return new AgentSpec(
        name,
        broker,
        identity(flags, config, name, broker, security),
        flags.ping() != null ? flags.ping()
            : setting(config, "ping", Durations::positive, DEFAULT_PING),
        !flags.tags().isEmpty() ? flags.tags() : config.list("tags"),
        flags.prefetch() != null ? flags.prefetch()
            : setting(config, "prefetch", AgentSpecs::prefetch, DEFAULT_PREFETCH),
        !flags.actors().isEmpty() ? flags.actors() : config.list("actors"),
        classpath,
        flags.drain() != null ? flags.drain()
            : setting(config, "drain", Durations::positive, DEFAULT_DRAIN),
        flags.logLevel() != null ? flags.logLevel()
            : setting(config, "log_level", AgentSpecs::level, LogLevel.INFO),
        flags.logFile() != null ? flags.logFile().toAbsolutePath()
            : path(config, "log_file"),
        flags.pidFile() != null ? flags.pidFile().toAbsolutePath()
            : path(config, "pid_file"),
        flags.quorumQueue() != null ? flags.quorumQueue()
            : setting(config, "quorum-queue", AgentSpecs::bool, false),
        security);
  }

  /**
   * The identity given, else {@code <name>-<host>-<pid>}; in secure mode, named after the
   * broker account ({@code <account>-<name>-<host>-<pid>}), and one the account may claim.
   */
  private static String identity(AgentFlags flags, AgentConfig config, String name,
      BrokerAccess broker, SecuritySetup security) {
    String given = first(flags.identity(), config.get("identity"));
    String setting = flags.identity() != null ? "--identity" : config.file() + ": identity";
    if (!security.secure()) {
      String identity = given != null ? given : defaultIdentity(name);
      security.checkIdentity("", identity, given != null ? setting : "the agent's identity");
      return identity;
    }
    String account = broker.account();
    if (account.isEmpty()) {
      throw new IllegalArgumentException("secure mode names agents after their broker account,"
          + " which a client certificate login leaves to the certificate: name the account in"
          + " the URI of " + broker.uriSource() + " (amqps://ACCOUNT@host...)");
    }
    String identity = given != null ? given : account + "-" + defaultIdentity(name);
    security.checkIdentity(account, identity, given != null ? setting : "the agent's identity");
    return identity;
  }

  private static <T> T setting(AgentConfig config, String key, Function<String, T> parse,
      T fallback) {
    String value = config.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config.file() + ": " + key + ": " + e.getMessage());
    }
  }

  private static Path path(AgentConfig config, String key) {
    String value = config.get(key);
    return value == null ? null : config.home().resolve(value).normalize();
  }

  private static int prefetch(String value) {
    try {
      int prefetch = Integer.parseInt(value);
      if (prefetch >= 1 && prefetch <= 65_535) {
        return prefetch;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be a number from 1 to 65535, not '" + value + "'");
  }

  private static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false, not '" + value + "'");
    };
  }

  private static LogLevel level(String value) {
    try {
      return LogLevel.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be one of trace, debug, info, warn, error, off,"
          + " not '" + value + "'");
    }
  }

  /** {@code classes} and {@code lib/*.jar} in an agent directory, those that exist. */
  private static List<Path> defaultClasspath(Path home) throws IOException {
    List<Path> entries = new ArrayList<>();
    if (Files.isDirectory(home.resolve("classes"))) {
      entries.add(home.resolve("classes"));
    }
    if (Files.isDirectory(home.resolve("lib"))) {
      entries.addAll(expand(home, "lib/*.jar", "classpath"));
    }
    return entries;
  }

  /**
   * One class path entry: a folder, a jar, or jars matching a wildcard in the file name
   * ({@code lib/*.jar}).
   */
  static List<Path> expand(Path base, String entry, String where) throws IOException {
    Path path = base.resolve(entry).normalize();
    String file = path.getFileName() == null ? "" : path.getFileName().toString();
    if (file.contains("*") || file.contains("?")) {
      Path dir = path.getParent();
      List<Path> matches = new ArrayList<>();
      if (dir != null && Files.isDirectory(dir)) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, file)) {
          stream.forEach(matches::add);
        }
      }
      matches.sort(null);
      return matches;
    }
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(where + ": the class path entry '" + entry + "' ("
          + path + ") does not exist; if it is a build output, build first (mvn -B -DskipTests"
          + " package)");
    }
    return List.of(path);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  /** {@code <name>-<host>-<pid>}: readable, and unique on a vhost. */
  static String defaultIdentity(String name) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      host = "host";
    }
    String safeName = name.replaceAll("[^A-Za-z0-9_-]", "-");
    return safeName + "-" + host.replaceAll("[^a-z0-9_-]", "-") + "-" + ProcessHandle.current().pid();
  }
}
