package dev.nanite.bench.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Marshaller;
import dev.nanite.stub.Args;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One request of {@code /orders/place} encoded and decoded again: through the marshaller the
 * processor generated for it, and, as the baseline, through Java serialization of the same
 * argument values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private final Marshaller<Args> marshaller = OrdersProtocol.PLACE.requestMarshaller();
  private final Args args = args();
  private final Object[] values = serializableValues();

  @Benchmark
  public Args generated() throws InvalidProtocolBufferException {
    return marshaller.decode(marshaller.encode(args));
  }

  @Benchmark
  public Object[] javaSerialization() throws IOException, ClassNotFoundException {
    return deserialize(serialize(values));
  }

  /** The arguments of a typical order: five lines, their quantities by SKU, and a note. */
  public static Args args() {
    List<Line> lines = List.of(
        new Line("SKU-000123", 3, 19.99), new Line("SKU-004711", 1, 249.00),
        new Line("SKU-010042", 12, 0.85), new Line("SKU-020017", 2, 5.49),
        new Line("SKU-031337", 1, 1299.00));
    Map<String, Integer> quantities = new LinkedHashMap<>();
    for (Line line : lines) {
      quantities.put(line.sku(), line.quantity());
    }
    return Args.of("customer-80412", lines, quantities, 1_700_000_000_000L,
        Optional.of("leave at the back door"));
  }

  /**
   * The same values for Java serialization. Optional is not Serializable, so the note travels
   * as a nullable String, as a hand-written serializable request would carry it.
   */
  public static Object[] serializableValues() {
    Args args = args();
    Optional<String> note = args.get(4);
    return new Object[] {args.get(0), args.get(1), args.get(2), args.get(3), note.orElse(null)};
  }

  /**
   * Java serialization of {@code values}, with a fresh stream per request: each message on the
   * wire has to stand alone, class descriptors included.
   */
  public static byte[] serialize(Object[] values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads back what {@link #serialize} wrote. */
  public static Object[] deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (Object[]) in.readObject();
    }
  }
}
