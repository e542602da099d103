package dev.nanite.golden;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The actor whose generated code {@code GoldenFilesTest} pins: a few of each kind of method, so
 * that a change to any writer shows in a reviewed diff of {@code golden/expected/}.
 */
@Actor
public class Mock {
  /** How loudly the mock answers. */
  public enum Mode { QUIET, LOUD }

  /** A labelled point. */
  public record Point(int x, int y, Optional<String> label) {}

  /** {@code /mock/list}: the seed's method. */
  @Expose
  public List<Integer> list(String filter) {
    return List.of(1, 2, 3);
  }

  /** {@code /mock/points}: records in, a map of records out; safe to run twice. */
  @Expose(idempotent = true)
  public Map<String, Point> points(List<Point> points, Mode mode) {
    return Map.of();
  }

  /** {@code /mock/find}: an optional result. */
  @Expose
  public Optional<Point> find(String label) {
    return Optional.empty();
  }

  /** {@code /mock/log}: no result. */
  @Expose
  public void log(String line) {}

  /** {@code /mock/reset}: named explicitly, and asynchronous. */
  @Expose("reset")
  public CompletableFuture<Void> clear() {
    return CompletableFuture.completedFuture(null);
  }
}
