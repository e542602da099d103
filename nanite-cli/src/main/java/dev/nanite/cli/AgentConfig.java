package dev.nanite.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * An agent's config file, {@code nanite.properties} in an agent directory: Java properties, one
 * setting a line. Relative paths in it are relative to the file's folder.
 *
 * <pre>
 * actors    = com.example.Mock, com.example.FooImpl   # default: every @Actor class found
 * classpath = ../target/classes, lib/*.jar            # default: classes, lib/*.jar
 * uri       = amqp://nanite1:testing@localhost:5672/nanite
 * identity  = myagent-1          # default: &lt;directory&gt;-&lt;host&gt;-&lt;pid&gt;
 * ping      = 15s
 * tags      = eu, gpu
 * prefetch  = 64
 * drain     = 10s
 * log_level = info
 * log_file  = agent.log
 * pid_file  = agent.pid
 * quorum-queue  = true           # a RabbitMQ quorum queue, replicated over a cluster
 * password-file = secrets/amqp-password   # the password of the URI's user
 * tls.trust-store               = tls/ca.p12    # for amqps://; .jks for JKS
 * tls.trust-store-password-file = tls/ca.password
 * tls.key-store                 = tls/client.p12
 * tls.key-store-password-file   = tls/client.password
 * secure        = true                    # identities bound to broker accounts
 * callers       = mapper, ops             # the accounts served (default: any)
 * signing-key   = keys/nanite1-a.key      # sign packets with this key
 * key-id        = nanite1-a               # default: the key file's name without .key
 * trusted-keys  = keys/trusted-keys       # the keys whose signatures are taken
 * signing-optional = false                # true: take unsigned packets too
 * signing-window   = 2m
 * </pre>
 */
final class AgentConfig {
  /** The config file's name in an agent directory. */
  static final String FILE = "nanite.properties";

  /** Every setting a config file may hold. */
  static final Set<String> KEYS = keys();

  private static Set<String> keys() {
    Set<String> keys = new TreeSet<>(List.of("actors", "classpath", "uri", "identity", "ping",
        "tags", "prefetch", "drain", "log_level", "log_file", "pid_file", "quorum-queue",
        BrokerOptions.PASSWORD_FILE, BrokerOptions.TRUST_STORE,
        BrokerOptions.TRUST_STORE_PASSWORD_FILE, BrokerOptions.KEY_STORE,
        BrokerOptions.KEY_STORE_PASSWORD_FILE));
    keys.addAll(SecurityOptions.AGENT_KEYS);
    return Set.copyOf(keys);
  }

  private final Path file;
  private final Properties properties;

  private AgentConfig(Path file, Properties properties) {
    this.file = file;
    this.properties = properties;
  }

  /** No settings: every value comes from flags or defaults. */
  static AgentConfig empty(Path home) {
    return new AgentConfig(home.resolve(FILE), new Properties());
  }

  /**
   * Reads a config file.
   *
   * @throws IllegalArgumentException naming the file and the setting if one is unknown
   */
  static AgentConfig read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(file + ": unknown setting(s) " + unknown
          + "; the settings are " + new TreeSet<>(KEYS));
    }
    return new AgentConfig(file, properties);
  }

  /** The folder relative paths are resolved against. */
  Path home() {
    return file.toAbsolutePath().getParent();
  }

  /** Where the settings came from, for messages. */
  Path file() {
    return file;
  }

  /** The setting, trimmed, or null if absent or blank. */
  String get(String key) {
    String value = properties.getProperty(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A comma-separated setting as a list; empty if absent. */
  List<String> list(String key) {
    String value = get(key);
    List<String> items = new ArrayList<>();
    if (value != null) {
      Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .forEach(items::add);
    }
    return items;
  }
}
