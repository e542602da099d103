package dev.nanite.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories the fixtures make, and delete again when they close. */
final class Dirs {
  private Dirs() {}

  /** Deletes {@code dir} and everything in it; a directory already gone is fine. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      // Deepest first, so that each directory is empty by the time it is deleted.
      for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        try {
          Files.delete(path);
        } catch (NoSuchFileException e) {
          // gone meanwhile
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
