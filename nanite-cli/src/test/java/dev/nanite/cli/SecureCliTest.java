package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure mode and signing from the command line, end to end: keys made with {@code nanite
 * keygen}, a trusted-keys file of the lines it printed, an agent daemon and mappers started with
 * {@code --secure} and signing, on the embedded broker. A signed call succeeds; a mapper whose
 * key the agent does not trust times out, told that the agent refused its request as
 * {@code nanite.BadSignature}, which the agent counts.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecureCliTest {
  private static Cluster cluster;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    cluster = new Cluster();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private String keygen(String id, String identities) {
    Cli.Result result = Cli.run("", "keygen", "--key-id", id, "--identities", identities, "--out",
        dir.resolve("keys").toString());
    assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
    return result.out();
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("", lines));
  }

  private List<String> signing(String key, Path trusted) {
    return List.of("--secure", "--signing-key", dir.resolve("keys/" + key + ".key").toString(),
        "--trusted-keys", trusted.toString());
  }

  private Cli.Result mapper(List<String> signing, String... command) {
    List<String> args = new ArrayList<>(List.of("mapper", "--wait", "10s"));
    args.addAll(signing);
    args.addAll(List.of(command));
    return Cli.run(Map.of(BrokerUri.ENV, cluster.uri()), "", args.toArray(String[]::new));
  }

  @Test
  void signedCallsSucceed_andAMapperTheAgentDoesNotTrustIsToldOfBadSignature() throws Exception {
    // Two keys, for two sets of identities; the embedded broker's one account is guest, so
    // secure mode names every process guest-...
    Path trusted = file("trusted-keys", keygen("agents-1", "guest-myagent-*"),
        keygen("mappers-1", "guest-*"));
    Path strangers = file("stranger-trusts", Files.readString(dir.resolve("keys/agents-1.pub")),
        keygen("stranger", "guest-*"));
    Map<String, String> env = Map.of(BrokerUri.ENV, cluster.uri());

    // The stranger listens before the agent starts, so it hears the agent register: it trusts
    // the agent's key, though the agent does not trust its own.
    try (CliProcess stranger = CliProcess.nanite(env, concat(List.of("mapper", "-i"),
            signing("stranger", strangers)));
        CliProcess agent = startAgent(stranger, env, trusted)) {
      String ready = agent.awaitLine(" (pid ", Duration.ofSeconds(60));
      Matcher m = Pattern.compile("^agent (guest-myagent-\\S+) serving .*, secure, signing with"
          + " key agents-1 \\(pid \\d+\\)$").matcher(ready);
      assertTrue(m.matches(), ready);
      String identity = m.group(1);

      Cli.Result call = mapper(signing("mappers-1", trusted), "request", "/mock/list",
          "{\"filter\": \"2\"}");
      assertEquals(ExitCodes.OK, call.exitCode(), call.toString());
      assertEquals(identity + ": [2]\n", call.out());

      stranger.type("wait /mock/list 1");
      // The agent cannot trust the request's sender, so its refusal cannot fail the call (a
      // forger could send it with a real call's token): the call times out saying why.
      stranger.type("request -t 3s /mock/list '{\"filter\": \"1\"}'");
      String refused = stranger.awaitLine("timed out", Duration.ofSeconds(30));
      assertTrue(refused.startsWith(identity + ": timed out ("), refused);
      assertTrue(refused.contains("refused a request with this call's token:"
          + " nanite.BadSignature: "), refused);
      assertTrue(refused.contains("key 'stranger'"), refused);

      // The agent counted the refusal, and its pings carry the count to every mapper.
      Await.until("the agent's pings count a bad signature", Duration.ofSeconds(30),
          () -> badSignatures(mapper(signing("mappers-1", trusted), "agents", "--counters"),
              identity) >= 1);
    }
  }

  private CliProcess startAgent(CliProcess stranger, Map<String, String> env, Path trusted)
      throws IOException {
    stranger.awaitLine("type help for the commands", Duration.ofSeconds(60));
    return CliProcess.nanite(env, concat(List.of("agent", "examples/myagent", "--ping", "300ms",
        "--log-level", "warn"), signing("agents-1", trusted)));
  }

  /** The agent's BAD_SIGNATURE column in {@code agents --counters}, or -1 if not listed. */
  private static long badSignatures(Cli.Result counters, String identity) {
    List<String> lines = counters.out().lines().toList();
    if (lines.isEmpty()) {
      return -1;
    }
    int column = Arrays.asList(lines.get(0).split(" +")).indexOf("BAD_SIGNATURE");
    assertTrue(column > 0, counters.toString());
    return lines.stream().filter(l -> l.startsWith(identity + " "))
        .mapToLong(l -> Long.parseLong(l.split(" +")[column])).findFirst().orElse(-1);
  }

  private static String[] concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all.toArray(String[]::new);
  }
}
