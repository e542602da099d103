package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How nanite agent merges flags, the agent directory's nanite.properties and the environment. */
class AgentSpecsTest {
  @TempDir
  Path dir;

  private static AgentFlags flags(Path source) {
    return AgentFlags.of(source);
  }

  @Test
  void readsTheSeedsAgentDirectory() throws Exception {
    AgentSpec spec = AgentSpecs.resolve(flags(Repo.example("myagent")),
        Map.of(BrokerUri.ENV, "amqp://from-env"));
    assertEquals("myagent", spec.name());
    assertEquals(List.of("dev.nanite.examples.agent.Mock", "dev.nanite.examples.agent.FooActor"),
        spec.actors());
    assertEquals(List.of(Repo.root().resolve("examples/target/classes")), spec.classpath());
    assertEquals(Duration.ofSeconds(2), spec.ping());
    assertEquals(List.of("mock"), spec.tags());
    assertEquals("amqp://from-env", spec.broker().uri(), "the file names no broker: the environment's");
    assertTrue(spec.identity().startsWith("myagent-"), spec.identity());
    assertTrue(spec.identity().endsWith("-" + ProcessHandle.current().pid()), spec.identity());
  }

  @Test
  void flagsOverrideTheFileWhichOverridesTheEnvironment() throws Exception {
    Files.createDirectories(dir.resolve("lib"));
    Files.createFile(dir.resolve("lib/a.jar"));
    Files.createFile(dir.resolve("lib/b.jar"));
    Files.writeString(dir.resolve("nanite.properties"), String.join("\n",
        "uri = amqp://from-file", "identity = filed", "ping = 3s", "tags = a, b", "prefetch = 7",
        "drain = 1s", "log_level = debug", "log_file = logs/agent.log", "pid_file = agent.pid",
        "classpath = lib/*.jar"));
    AgentSpec fromFile = AgentSpecs.resolve(flags(dir), Map.of(BrokerUri.ENV, "amqp://env"));
    assertEquals("amqp://from-file", fromFile.broker().uri());
    assertEquals("filed", fromFile.identity());
    assertEquals(Duration.ofSeconds(3), fromFile.ping());
    assertEquals(List.of("a", "b"), fromFile.tags());
    assertEquals(7, fromFile.prefetch());
    assertEquals(Duration.ofSeconds(1), fromFile.drain());
    assertEquals(LogLevel.DEBUG, fromFile.logLevel());
    assertEquals(dir.resolve("logs/agent.log"), fromFile.logFile());
    assertEquals(dir.resolve("agent.pid"), fromFile.pidFile());
    assertEquals(List.of(dir.resolve("lib/a.jar"), dir.resolve("lib/b.jar")), fromFile.classpath());
    assertEquals(List.of(), fromFile.actors(), "no actors named: every @Actor class found");

    AgentSpec flagged = AgentSpecs.resolve(new AgentFlags(dir, null,
        BrokerOptions.uri("amqp://flag"), "flagged", Duration.ofSeconds(9), List.of("c"), 3,
        List.of("x.Y"), List.of(), null, LogLevel.WARN, null, null, null), Map.of());
    assertEquals("amqp://flag", flagged.broker().uri());
    assertEquals("flagged", flagged.identity());
    assertEquals(Duration.ofSeconds(9), flagged.ping());
    assertEquals(List.of("c"), flagged.tags());
    assertEquals(3, flagged.prefetch());
    assertEquals(List.of("x.Y"), flagged.actors());
    assertEquals(LogLevel.WARN, flagged.logLevel());
  }

  @Test
  void theQuorumQueueFlagOverridesTheFile() throws Exception {
    assertFalse(AgentSpecs.resolve(flags(dir), Map.of()).quorumQueue(), "off by default");
    Files.writeString(dir.resolve("nanite.properties"), "quorum-queue = TRUE\n");
    assertTrue(AgentSpecs.resolve(flags(dir), Map.of()).quorumQueue());
    Files.writeString(dir.resolve("nanite.properties"), "quorum-queue = false\n");
    AgentFlags quorum = new AgentFlags(dir, null, BrokerOptions.NONE, null, null, List.of(), null,
        List.of(), List.of(), null, null, null, null, true);
    assertTrue(AgentSpecs.resolve(quorum, Map.of()).quorumQueue());
    Files.writeString(dir.resolve("nanite.properties"), "quorum-queue = yes\n");
    assertEquals(dir.resolve("nanite.properties") + ": quorum-queue: must be true or false, not"
        + " 'yes'", assertThrows(IllegalArgumentException.class,
            () -> AgentSpecs.resolve(flags(dir), Map.of())).getMessage());
  }

  @Test
  void aJarOrAFolderOfClassesIsItsOwnClassPath() throws Exception {
    Path jar = Files.createFile(dir.resolve("actors.jar"));
    AgentSpec fromJar = AgentSpecs.resolve(flags(jar), Map.of());
    assertEquals(List.of(jar), fromJar.classpath());
    assertEquals("actors", fromJar.name());
    assertEquals(BrokerUri.LOCAL_RABBITMQ, fromJar.broker().uri());
    assertEquals(AgentSpecs.DEFAULT_PING, fromJar.ping());
    assertNull(fromJar.pidFile());
    AgentSpec fromFolder = AgentSpecs.resolve(flags(dir), Map.of());
    assertEquals(List.of(dir), fromFolder.classpath());
  }

  @Test
  void namesTheSettingAtFault() throws Exception {
    Path file = dir.resolve("nanite.properties");
    Files.writeString(file, "pings = 2s\n");
    assertEquals(file + ": unknown setting(s) [pings]; the settings are [actors, callers,"
            + " classpath, drain, identity, key-id, log_file, log_level, password-file, pid_file,"
            + " ping, prefetch, quorum-queue, secure, signing-key, signing-optional,"
            + " signing-window, tags, tls.key-store, tls.key-store-password-file,"
            + " tls.trust-store, tls.trust-store-password-file, trusted-keys, uri]",
        assertThrows(IllegalArgumentException.class,
            () -> AgentSpecs.resolve(flags(dir), Map.of())).getMessage());
    Files.writeString(file, "prefetch = lots\n");
    assertEquals(file + ": prefetch: must be a number from 1 to 65535, not 'lots'",
        assertThrows(IllegalArgumentException.class,
            () -> AgentSpecs.resolve(flags(dir), Map.of())).getMessage());
    Files.writeString(file, "classpath = ../missing/classes\n");
    String missing = assertThrows(IllegalArgumentException.class,
        () -> AgentSpecs.resolve(flags(dir), Map.of())).getMessage();
    assertTrue(missing.startsWith(file + ": classpath: the class path entry '../missing/classes'"),
        missing);
    assertTrue(missing.endsWith("does not exist; if it is a build output, build first"
        + " (mvn -B -DskipTests package)"), missing);
    Path notJar = Files.createFile(dir.resolve("notes.txt"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AgentSpecs.resolve(flags(notJar), Map.of())).getMessage()
        .endsWith("is a file but not a jar: give an agent directory, a jar of actors or a folder"
            + " of actor classes"));
  }
}
