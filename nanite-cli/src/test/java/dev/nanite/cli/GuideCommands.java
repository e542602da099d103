package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the shell commands a guide shows, as a reader would type them: through bash, from the
 * repository's root, a command ending in {@code &} as a daemon that runs on.
 */
final class GuideCommands {
  private GuideCommands() {}

  /** What a command printed (stdout and stderr, one line each, ending in a newline) and returned. */
  record Result(int exitCode, String output) {}

  /** Runs {@code command} to its end, within {@code timeout}. */
  static Result run(String command, Map<String, String> env, Duration timeout) {
    try (CliProcess process = CliProcess.start(List.of("bash", "-c", command), env)) {
      int code = process.awaitExit(timeout);
      return new Result(code, String.join("\n", process.output())
          + (process.output().isEmpty() ? "" : "\n"));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    }
  }

  /** Starts {@code command}, a daemon ({@code ... &}), in bash's place; the caller closes it. */
  static CliProcess daemon(String command, Map<String, String> env) throws IOException {
    return CliProcess.start(List.of("bash", "-c", "exec " + command.replaceFirst(" &$", "")),
        env);
  }

  /** The identity of an agent daemon, from the line it prints once serving. */
  static String identity(CliProcess agent, Duration timeout) {
    String line = agent.awaitLine(" (pid ", timeout); // not the log line
    Matcher m = Pattern.compile("^agent (\\S+) serving ").matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }

  /**
   * The lines of {@code markdown}'s code blocks opened by exactly {@code fence} ({@code ```sh},
   * or a plain {@code ```}), in order, blank lines left out; other blocks (Java, say) are
   * skipped.
   */
  static List<String> commands(String markdown, String fence) {
    List<String> commands = new ArrayList<>();
    boolean inShell = false;
    boolean inOther = false;
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("```")) {
        if (inShell || inOther) {
          inShell = false;
          inOther = false;
        } else if (line.equals(fence)) {
          inShell = true;
        } else {
          inOther = true;
        }
      } else if (inShell && !line.isBlank()) {
        commands.add(line);
      }
    }
    return commands;
  }
}
