package dev.nanite.processor.roundtrip;

import com.google.protobuf.Timestamp;
import dev.nanite.processor.fixtures.roundtrip.Boxes;
import dev.nanite.processor.fixtures.roundtrip.Chain;
import dev.nanite.processor.fixtures.roundtrip.Color;
import dev.nanite.processor.fixtures.roundtrip.Mixed;
import dev.nanite.processor.fixtures.roundtrip.Nested;
import dev.nanite.processor.fixtures.roundtrip.Nesting;
import dev.nanite.processor.fixtures.roundtrip.ListOfInt32;
import dev.nanite.processor.fixtures.roundtrip.Named;
import dev.nanite.processor.fixtures.roundtrip.Node;
import dev.nanite.processor.fixtures.roundtrip.Percent;
import dev.nanite.processor.fixtures.roundtrip.Primitives;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The tests' implementation of {@link Nesting}: returns what it is given, and remembers the
 * arguments of the methods without a result so that tests can check what arrived.
 */
final class NestingEcho implements Nesting {
  /** The arguments of the last call of a method without a result. */
  Object[] lastArgs;

  @Override public List<List<Integer>> grid(List<List<Integer>> v) { return v; }
  @Override public Map<String, List<Node>> forest(Map<String, List<Node>> v) { return v; }
  @Override public Optional<List<String>> maybeNames(Optional<List<String>> v) { return v; }
  @Override public List<Optional<String>> sparse(List<Optional<String>> v) { return v; }
  @Override public Set<Color> colors(Set<Color> v) { return v; }
  @Override public Map<Long, Map<String, Integer>> table(Map<Long, Map<String, Integer>> v) {
    return v;
  }
  @Override public Optional<Optional<String>> maybeMaybe(Optional<Optional<String>> v) {
    return v;
  }
  @Override public List<Map<Character, Set<Color>>> deep(List<Map<Character, Set<Color>>> v) {
    return v;
  }
  @Override public Map<Integer, Optional<List<byte[]>>> blobsById(
      Map<Integer, Optional<List<byte[]>>> v) {
    return v;
  }
  @Override public List<Set<List<Long>>> cubes(List<Set<List<Long>>> v) { return v; }

  @Override public Primitives primitives(Primitives v) { return v; }
  @Override public Boxes boxes(Boxes v) { return v; }
  @Override public Node node(Node v) { return v; }
  @Override public Chain chain(Chain v) { return v; }
  @Override public Nested nested(Nested v) { return v; }
  @Override public Pair pair(Pair v) { return v; }
  @Override public dev.nanite.processor.fixtures.roundtrip.other.Node otherNode(
      dev.nanite.processor.fixtures.roundtrip.other.Node v) {
    return v;
  }
  @Override public List<Nested> nestedList(List<Nested> v) { return v; }
  @Override public Map<String, Chain> chains(Map<String, Chain> v) { return v; }

  @Override
  public Mixed mixed(boolean z, byte b, short s, int i, long l, char c, float f, double d,
      Integer boxed, String text, byte[] data, Color color, List<Integer> ints,
      Optional<Node> node, dev.nanite.processor.fixtures.roundtrip.other.Node other) {
    return new Mixed(z, b, s, i, l, c, f, d, boxed, text, data, color, ints, node, other);
  }

  @Override public int noArgs() { return NestingCases.NO_ARGS_RESULT; }

  @Override
  public long oddNames(int _leading, int trailing_, int double__under, int v2Beta,
      Map<String, Integer> _map) {
    return NestingCases.oddNames(_leading, trailing_, double__under, v2Beta, _map);
  }

  @Override public Percent percent(Percent v) { return v; }
  @Override public Map<String, Named> named(Map<String, Named> v) { return v; }
  @Override public Map<String, Level> levels(Map<String, Level> v) { return v; }
  @Override
  public dev.nanite.processor.fixtures.roundtrip.Fields shadowing(
      dev.nanite.processor.fixtures.roundtrip.Fields v,
      dev.nanite.processor.fixtures.roundtrip.Codecs codecs,
      List<dev.nanite.processor.fixtures.roundtrip.Fields> all) {
    return v;
  }
  @Override public ListOfInt32 clash(ListOfInt32 record, List<List<Integer>> wrapped) {
    return record;
  }

  @Override public CompletableFuture<Node> asyncNode(Node v) {
    return CompletableFuture.completedFuture(v);
  }
  @Override public CompletionStage<List<Boxes>> asyncBoxes(List<Boxes> v) {
    return CompletableFuture.completedStage(v);
  }
  @Override public CompletableFuture<Timestamp> asyncTimestamp(Timestamp v) {
    return CompletableFuture.supplyAsync(() -> v);
  }

  @Override public void sink(String text, int count, Map<String, Nested> payload) {
    lastArgs = new Object[] {text, count, payload};
  }
  @Override public Void voidBox(Node v) {
    lastArgs = new Object[] {v};
    return null;
  }
  @Override public CompletableFuture<Void> asyncVoid(List<Integer> v) {
    lastArgs = new Object[] {v};
    return CompletableFuture.completedFuture(null);
  }
}
