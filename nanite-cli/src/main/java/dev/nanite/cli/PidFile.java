package dev.nanite.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A file holding the process id of a running daemon. Claiming one that names another live
 * process fails, so two daemons never share a pid file; a stale one is replaced.
 */
final class PidFile {
  private final Path file;
  private final long pid = ProcessHandle.current().pid();

  private PidFile(Path file) {
    this.file = file;
  }

  /**
   * Writes this process's id to {@code file}.
   *
   * @throws IllegalStateException if the file names another process that is alive
   */
  static PidFile claim(Path file) throws IOException {
    Optional<Long> other = read(file);
    if (other.isPresent() && other.get() != ProcessHandle.current().pid()
        && ProcessHandle.of(other.get()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new IllegalStateException("the pid file " + file + " says process " + other.get()
          + " is running: stop it, or give another pid file");
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    PidFile claimed = new PidFile(file);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, claimed.pid + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return claimed;
  }

  /** Deletes the file if it still holds this process's id. */
  void release() {
    try {
      if (read(file).filter(p -> p == pid).isPresent()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // left behind: the next claim replaces it as stale
    }
  }

  private static Optional<Long> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
