package dev.nanite.it.security;

import dev.nanite.AccountPolicy;
import dev.nanite.Agent;
import dev.nanite.CallerPolicy;
import dev.nanite.Signing;
import dev.nanite.TrustedKeys;
import dev.nanite.it.support.AgentMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An honest agent of the hostile suite, in a JVM of its own, serving {@link Safe}:
 * {@code --uri U --identity I [--ping MILLIS] [--secure byName] [--serving-only
 * account=/a/*,/b;account2=...] [--callers account,account] [--key-id K --key-file PEM
 * --trusted FILE [--window MILLIS]]}. The URI names the agent's own broker account. Prints {@code READY
 * <identity>} once serving; stops gracefully on SIGTERM.
 */
public final class SecureAgentMain {
  private SecureAgentMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = AgentMain.options(args);
    String identity = options.get("identity");
    Agent.Builder builder = Agent.builder()
        .uri(options.get("uri"))
        .identity(identity)
        .pingInterval(Duration.ofMillis(Long.parseLong(options.getOrDefault("ping", "1000"))))
        .status(() -> 0)
        .actor(new SafeActor(identity));
    if (options.containsKey("secure")) {
      builder.secure(policy(options.get("secure"), options.get("serving-only")));
    }
    if (options.containsKey("callers")) {
      builder.callers(CallerPolicy.accounts(List.of(options.get("callers").split(","))));
    }
    if (options.containsKey("key-id")) {
      Signing.Builder signing = Signing.builder()
          .key(options.get("key-id"), Path.of(options.get("key-file")))
          .trust(TrustedKeys.load(Path.of(options.get("trusted"))));
      if (options.containsKey("window")) {
        signing.window(Duration.ofMillis(Long.parseLong(options.get("window"))));
      }
      builder.signing(signing.build());
    }
    AgentMain.serve(builder.start(), identity);
  }

  /**
   * The account policy named {@code name} ({@code byName}, or {@code anyone}: every account
   * may claim every identity, for a broker where all share one account), restricted by
   * {@code servingOnly} ({@code account=/a/*,/b;...}) if given.
   */
  static AccountPolicy policy(String name, String servingOnly) {
    AccountPolicy policy = switch (name) {
      case "byName" -> AccountPolicy.byName();
      case "anyone" -> (account, identity) -> true;
      default -> throw new IllegalArgumentException("no account policy named " + name);
    };
    if (servingOnly == null || servingOnly.isEmpty()) {
      return policy;
    }
    Map<String, List<String>> paths = new HashMap<>();
    for (String entry : servingOnly.split(";")) {
      String[] parts = entry.split("=", 2);
      paths.put(parts[0], Arrays.asList(parts[1].split(",")));
    }
    return policy.servingOnly(paths);
  }

  /** {@code paths} as the {@code --serving-only} option reads them. */
  static String servingOnly(Map<String, List<String>> paths) {
    StringBuilder out = new StringBuilder();
    paths.forEach((account, patterns) -> out.append(out.length() == 0 ? "" : ";")
        .append(account).append('=').append(String.join(",", patterns)));
    return out.toString();
  }
}
