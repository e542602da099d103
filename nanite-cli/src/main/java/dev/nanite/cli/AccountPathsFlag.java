package dev.nanite.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The option of commands that run a mapper: which paths each agent account may serve. */
final class AccountPathsFlag {
  @Option(names = "--account-paths", paramLabel = "FILE",
      description = "With --secure: the paths each account may serve, lines of '<account>"
          + " <path or /prefix/*> ...'; a registration's other paths are refused. Accounts"
          + " not listed may serve any path.")
  Path accountPaths;
}
