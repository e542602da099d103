package dev.nanite.processor.roundtrip;

import java.util.Random;
import java.util.function.Function;

/**
 * A random {@link Sample} generator. {@code depth} bounds nesting: collections at depth 0 are
 * empty and recursive records stop, so every value is finite and small on average.
 */
@FunctionalInterface
interface Gen<T> {
  Sample<T> next(Random random, int depth);

  /** Generates from a function of the random source whose values come back unchanged. */
  static <T> Gen<T> of(Function<Random, T> values) {
    return (random, depth) -> Sample.same(values.apply(random));
  }

  /**
   * Sometimes sends null, which must decode as {@code decodedNull}; for fields only, as
   * collection elements, keys and values cannot be null.
   */
  default Gen<T> orNull(T decodedNull) {
    return (random, depth) ->
        random.nextInt(8) == 0 ? new Sample<>(null, decodedNull) : next(random, depth);
  }

  /** Sometimes sends null, an absent field that decodes as null. */
  default Gen<T> nullable() {
    return orNull(null);
  }
}
