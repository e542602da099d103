package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.TrustedKeys;
import dev.nanite.internal.security.Keys;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nanite keygen}, and the security flags and config keys of agents and mappers: what
 * they set up, and a usage error naming the flag (or key) and the file for each bad one. No
 * broker: every error here is found before anything connects.
 */
class SecurityFlagsTest {
  /** A broker nothing listens on: reached only if a check were missing. */
  private static final String NOWHERE = "amqp://nanite1:pw@127.0.0.1:1/%2Fnanite";

  @TempDir
  Path dir;

  private String keygen(String id, String identities) {
    Cli.Result result = Cli.run("", "keygen", "--key-id", id, "--identities", identities, "--out",
        dir.resolve("keys").toString());
    assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
    return result.out().strip();
  }

  private Path trusted(String... lines) throws IOException {
    Path file = dir.resolve("trusted-keys");
    Files.writeString(file, "# key id  identities  public key\n" + String.join("\n", lines)
        + "\n");
    return file;
  }

  private static Cli.Result mapper(String... flags) {
    List<String> args = new ArrayList<>(List.of("mapper", "--uri", NOWHERE));
    args.addAll(List.of(flags));
    args.add("agents");
    return Cli.run(Map.of(), "", args.toArray(String[]::new));
  }

  private static Cli.Result agent(String... flags) {
    List<String> args = new ArrayList<>(List.of("agent", Repo.example("foo").toString(),
        "--uri", NOWHERE));
    args.addAll(List.of(flags));
    return Cli.run(Map.of(), "", args.toArray(String[]::new));
  }

  private static void assertUsage(Cli.Result result, String command, String message) {
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.toString());
    assertEquals("nanite " + command + ": " + message + "\n", result.err());
  }

  @Test
  void keygenWritesAKeyOnlyItsOwnerReadsAndPrintsTheLineThatTrustsIt() throws Exception {
    String line = keygen("nanite1-a", "nanite1-*");
    Path key = dir.resolve("keys/nanite1-a.key");
    Path pub = dir.resolve("keys/nanite1-a.pub");
    assertEquals(line + "\n", Files.readString(pub));
    TrustedKeys.Key parsed = TrustedKeys.parse(line, "stdout").get("nanite1-a").orElseThrow();
    assertEquals("nanite1-*", parsed.identities());
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertNotNull(Keys.readPrivate(key));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    String before = Files.readString(key);
    Cli.Result again = Cli.run("", "keygen", "--key-id", "nanite1-a", "--identities", "x",
        "--out", dir.resolve("keys").toString());
    assertEquals(ExitCodes.ERROR, again.exitCode(), again.toString());
    assertEquals("nanite keygen: " + key + " exists: keygen never overwrites a key; choose"
        + " another --key-id, or remove the file first\n", again.err());
    assertEquals(before, Files.readString(key), "the key is left as it was");
    assertEquals("", again.out());
  }

  @Test
  void signingFlagsNameTheFileAtFault() throws Exception {
    String line = keygen("m1", "mapper-*");
    String other = keygen("m2", "mapper-*");
    Path key = dir.resolve("keys/m1.key");
    Path trusted = trusted(line);

    assertUsage(mapper("--trusted-keys", trusted.toString()), "mapper", "--trusted-keys"
        + " configures signing, which needs the key this process signs with: give --signing-key"
        + " (nanite keygen makes one)");
    assertUsage(mapper("--signing-key", key.toString()), "mapper", "--signing-key signs this"
        + " process's packets, which needs the keys it trusts to check those it takes: give"
        + " --trusted-keys (lines of nanite keygen's output)");
    Path missing = dir.resolve("nope.key");
    assertUsage(mapper("--signing-key", missing.toString(), "--trusted-keys", trusted.toString()),
        "mapper", "--signing-key: the signing key " + missing + " does not exist");

    Path garbled = dir.resolve("garbled");
    Files.writeString(garbled, line + "\nm3 mapper-* not_base64!\n");
    assertUsage(mapper("--signing-key", key.toString(), "--trusted-keys", garbled.toString()),
        "mapper", "--trusted-keys: " + garbled + " line 2: the public key is not base64:"
            + " Illegal base64 character 5f");

    Path notAKey = dir.resolve("keys/m9.key");
    Files.writeString(notAKey, line);
    Cli.Result noPem = mapper("--signing-key", notAKey.toString(), "--trusted-keys",
        trusted.toString());
    assertEquals(ExitCodes.USAGE, noPem.exitCode(), noPem.toString());
    assertTrue(noPem.err().startsWith("nanite mapper: --signing-key: " + notAKey + " holds no"
        + " '-----BEGIN PRIVATE KEY-----' block"), noPem.err());

    // m1's key under m2's id: the trusted public key is not its own.
    Path mixed = trusted(line, other);
    assertUsage(mapper("--signing-key", key.toString(), "--key-id", "m2", "--trusted-keys",
        mixed.toString()), "mapper", "--signing-key: " + key + " is not the key --trusted-keys ("
            + mixed + ") trusts as 'm2': give the key that matches, or its own id with"
            + " --key-id");

    assertUsage(mapper("--signing-key", key.toString(), "--trusted-keys", trusted.toString(),
        "--signing-window", "2h"), "mapper", "--signing-window: signing window must be from"
            + " PT1S to PT1H, got PT2H");
    assertUsage(mapper("--signing-optional"), "mapper", "--signing-optional configures"
        + " signing, which needs the key this process signs with: give --signing-key (nanite"
        + " keygen makes one)");
  }

  @Test
  void secureModeNamesTheAgentAfterItsAccountAndRefusesAnIdentityItMayNotClaim()
      throws Exception {
    AgentSpec spec = AgentSpecs.resolve(new AgentFlags(Repo.example("foo"), null,
        BrokerOptions.uri(NOWHERE), null, null, List.of(), null, List.of(), List.of(), null,
        null, null, null, null, SecurityOptions.flags(true, null, null, null, null, null, null,
            List.of("mapper", "ops"))), Map.of());
    assertTrue(spec.identity().startsWith("nanite1-foo-"), spec.identity());
    assertTrue(spec.security().secure());
    assertEquals(", secure, callers mapper,ops", spec.security().suffix());
    assertNull(spec.security().signing());

    assertUsage(agent("--secure", "--identity", "nanite2-x"), "agent", "--identity: in secure"
        + " mode, account 'nanite1' may not act as 'nanite2-x': its identities are 'nanite1'"
        + " and 'nanite1-...' (or leave the identity out for nanite1-<name>-<host>-<pid>)");
    Cli.Result external = Cli.run(Map.of(), "", "agent", Repo.example("foo").toString(),
        "--secure", "--uri", "amqps://127.0.0.1:1/%2Fnanite?auth_mechanism=external");
    assertUsage(external, "agent", "secure mode names agents after their broker account, which"
        + " a client certificate login leaves to the certificate: name the account in the URI"
        + " of --uri (amqps://ACCOUNT@host...)");

    String line = keygen("nanite1-a", "nanite1-*");
    Path trusted = trusted(line);
    Path key = dir.resolve("keys/nanite1-a.key");
    assertUsage(agent("--identity", "nanite1", "--signing-key", key.toString(), "--trusted-keys",
        trusted.toString()), "agent", "--identity: key 'nanite1-a' signs for 'nanite1-*' only,"
            + " not for 'nanite1': every packet would be refused");
  }

  @Test
  void anAgentsConfigFileHoldsTheSameSettings() throws Exception {
    String line = keygen("nanite1-a", "nanite1-*");
    Files.writeString(dir.resolve("keys/trusted-keys"), line + "\n");
    Path agentDir = Files.createDirectories(dir.resolve("agent"));
    Path config = agentDir.resolve(AgentConfig.FILE);
    String settings = "actors = dev.nanite.examples.agent.FooActor\n"
        + "uri = " + NOWHERE + "\n"
        + "secure = true\n"
        + "callers = mapper\n"
        + "signing-key = ../keys/nanite1-a.key\n"
        + "trusted-keys = ../keys/trusted-keys\n"
        + "signing-window = 30s\n"
        + "signing-optional = true\n";
    Files.writeString(config, settings);
    AgentSpec spec = AgentSpecs.resolve(AgentFlags.of(agentDir), Map.of());
    assertEquals("nanite1-a", spec.security().signing().keyId(), "the key file's name");
    assertEquals(Duration.ofSeconds(30), spec.security().signing().window());
    assertFalse(spec.security().signing().requireSigned());
    assertTrue(spec.identity().startsWith("nanite1-agent-"), spec.identity());
    assertEquals(", secure, callers mapper, signing with key nanite1-a (unsigned packets"
        + " taken)", spec.security().suffix());

    Files.writeString(config, settings.replace("secure = true", "secure = yes"));
    assertUsage(Cli.run(Map.of(), "", "agent", agentDir.toString()), "agent", config
        + ": secure: must be true or false, not 'yes'");
    Files.writeString(config, settings.replace("trusted-keys = ../keys/trusted-keys\n", ""));
    assertUsage(Cli.run(Map.of(), "", "agent", agentDir.toString()), "agent", config
        + ": signing-key signs this process's packets, which needs the keys it trusts to check"
        + " those it takes: give " + config + ": trusted-keys (lines of nanite keygen's output)");
    Files.writeString(config, settings.replace("../keys/trusted-keys", "nowhere"));
    assertUsage(Cli.run(Map.of(), "", "agent", agentDir.toString()), "agent", config
        + ": trusted-keys: the trusted keys file " + agentDir.resolve("nowhere")
        + " does not exist");
    // A flag overrides the file, setting by setting.
    Files.writeString(config, settings);
    AgentSpec flagged = AgentSpecs.resolve(new AgentFlags(agentDir, null, BrokerOptions.NONE,
        null, null, List.of(), null, List.of(), List.of(), null, null, null, null, null,
        SecurityOptions.flags(null, null, null, null, null, false, Duration.ofSeconds(5),
            List.of())), Map.of());
    assertEquals(Duration.ofSeconds(5), flagged.security().signing().window());
    assertTrue(flagged.security().signing().requireSigned());
    assertTrue(flagged.security().secure(), "from the file");
  }

  @Test
  void accountPathsAreForSecureMappers() throws Exception {
    Path paths = dir.resolve("account-paths");
    Files.writeString(paths, "# account  paths\nnanite1 /mock/*  /foo/bar\nnanite2 /foo/bar\n");
    assertUsage(mapper("--account-paths", paths.toString()), "mapper", "--account-paths gives"
        + " the paths each account may serve, which only secure mode checks: add --secure");
    assertEquals(Map.of("nanite1", List.of("/mock/*", "/foo/bar"), "nanite2", List.of("/foo/bar")),
        SecuritySetup.accountPaths(paths, "--account-paths"));
    SecuritySetup setup = SecuritySetup.resolve(SecurityOptions.flags(true, paths, null, null,
        null, null, null, List.of()), SecurityOptions.NONE);
    assertTrue(setup.policy().mayServe("nanite1", "/mock/list"));
    assertFalse(setup.policy().mayServe("nanite2", "/mock/list"));
    assertTrue(setup.policy().mayServe("nanite3", "/anything"), "an account not listed");
    assertTrue(setup.policy().mayClaim("nanite1", "nanite1-x"));
    assertFalse(setup.policy().mayClaim("nanite1", "nanite2-x"));

    Files.writeString(paths, "nanite1 /mock/*\nnanite2 /foo*\n");
    assertUsage(mapper("--secure", "--account-paths", paths.toString()), "mapper",
        "--account-paths: " + paths + " line 2: '/foo*' is neither a path (/billing/charge) nor"
            + " a prefix ending in /* (/billing/*)");
    Files.writeString(paths, "nanite1\n");
    assertUsage(mapper("--secure", "--account-paths", paths.toString()), "mapper",
        "--account-paths: " + paths + " line 1: expected '<account> <path or /prefix/*> ...',"
            + " got only 'nanite1'");
  }
}
