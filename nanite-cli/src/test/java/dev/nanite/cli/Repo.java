package dev.nanite.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are, from the module folder the tests run in. */
final class Repo {
  private Repo() {}

  /** The repository's root: the folder holding bin/nanite. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("bin/nanite"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/nanite above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** An agent directory under examples/, such as myagent. */
  static Path example(String name) {
    return root().resolve("examples").resolve(name);
  }
}
