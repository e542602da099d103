package dev.nanite.it.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The honest agents' side of {@link Safe}. */
public final class SafeActor implements Safe {
  private final String identity;
  private final Map<String, Integer> runs = new ConcurrentHashMap<>();

  public SafeActor(String identity) {
    this.identity = identity;
  }

  @Override
  public String whoami() {
    return identity;
  }

  @Override
  public int deposit(String id) {
    return runs.merge(id, 1, Integer::sum);
  }

  @Override
  public int runs(String id) {
    return runs.getOrDefault(id, 0);
  }

  @Override
  public String hold(String release, int maxMillis) {
    Path file = Path.of(release);
    try {
      Files.createFile(Path.of(release + ".started")); // the test may look for the call here
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not released within " + maxMillis + " ms: " + file);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return identity;
  }
}
