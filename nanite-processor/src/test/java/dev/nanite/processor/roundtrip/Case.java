package dev.nanite.processor.roundtrip;

import dev.nanite.Endpoint;
import dev.nanite.stub.Args;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One endpoint under test: generators of its parameters and of its result, and what an echo
 * actor returns for given arguments.
 *
 * @param endpoint the generated endpoint constant
 * @param params one generator per parameter
 * @param result the generator of results, or null for methods without a value
 * @param echo what the fixture implementation returns for the (decoded) arguments
 * @param depth the nesting depth to generate at
 */
record Case(
    Endpoint<Args, ?> endpoint,
    List<Gen<?>> params,
    Gen<?> result,
    Function<Object[], Object> echo,
    int depth) {

  /** A method taking one value and returning it. */
  static <T> Case echo(Endpoint<Args, T> endpoint, Gen<T> value) {
    return echo(endpoint, value, 4);
  }

  /** A method taking one value and returning it, generated at {@code depth}. */
  static <T> Case echo(Endpoint<Args, T> endpoint, Gen<T> value, int depth) {
    return new Case(endpoint, List.of(value), value, args -> args[0], depth);
  }

  String path() {
    return endpoint.path();
  }

  /** Random arguments: sent as {@code Args}, expected back as {@code Args}. */
  Sample<Args> args(Random random) {
    Object[] sent = new Object[params.size()];
    Object[] expected = new Object[params.size()];
    for (int i = 0; i < sent.length; i++) {
      Sample<?> s = params.get(i).next(random, depth);
      sent[i] = s.sent();
      expected[i] = s.expected();
    }
    return new Sample<>(Args.of(sent), Args.of(expected));
  }

  /** Random results, or null samples for a method without a value. */
  Sample<?> result(Random random) {
    return result == null ? Sample.same(null) : result.next(random, depth);
  }

  /** The response an echo actor gives for decoded arguments {@code args}. */
  Object echoed(Args args) {
    Object[] values = new Object[args.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = args.get(i);
    }
    return echo.apply(values);
  }

  @Override
  public String toString() {
    return path();
  }
}
