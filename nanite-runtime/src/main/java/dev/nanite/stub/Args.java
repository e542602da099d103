package dev.nanite.stub;

import dev.nanite.internal.codec.WireField;
import dev.nanite.internal.codec.WireMessage;
import java.util.Arrays;

/**
 * The arguments of one call, in parameter order: the Java side of a request message, whose field
 * n is parameter n, and the request type of every endpoint of a generated {@code *Protocol}.
 * Generated clients build it, generated dispatch tables read it; to call an endpoint directly:
 *
 * <pre>{@code
 * mapper.request(MockProtocol.LIST, Args.of("filter"), Selector.LEAST_LOADED, CallOptions.DEFAULT);
 * }</pre>
 *
 * <p>Immutable as long as no one changes the array given to {@link #of}; thread-safe then.
 */
public final class Args {
  /** The arguments of a method without parameters. */
  public static final Args EMPTY = new Args(new Object[0]);

  private final Object[] values;

  private Args(Object[] values) {
    this.values = values;
  }

  /** The arguments {@code values}, in parameter order (the array is kept, not copied). */
  public static Args of(Object... values) {
    return values.length == 0 ? EMPTY : new Args(values);
  }

  /** Parameter {@code index} (from 0); generated code names the type. */
  @SuppressWarnings("unchecked")
  public <T> T get(int index) {
    return (T) values[index];
  }

  /** How many arguments there are. */
  public int size() {
    return values.length;
  }

  /**
   * The codec of a request message: {@code fields[i]} carries parameter {@code i} and is field
   * {@code i + 1}.
   */
  public static MessageCodec<Args> codec(String protoName, Field<?>... fields) {
    WireMessage.Builder<Args> builder = WireMessage.builder(protoName);
    for (int i = 0; i < fields.length; i++) {
      int index = i;
      builder.field(WireField.of(fields[i]), args -> args.get(index));
    }
    return builder.build(Args::new);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Args && Arrays.deepEquals(values, ((Args) o).values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.deepToString(values);
  }
}
