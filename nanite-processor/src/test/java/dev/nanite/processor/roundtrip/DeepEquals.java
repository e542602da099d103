package dev.nanite.processor.roundtrip;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.nanite.stub.Args;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asserts that a decoded value equals the expected one all the way down: byte arrays by content
 * (also inside collections and records), floats and doubles bit for bit (NaN payloads, -0.0),
 * sets and maps in iteration order (the wire keeps it), records component by component, and
 * every decoded collection unmodifiable. Failures name the path to the difference.
 */
final class DeepEquals {
  private DeepEquals() {}

  /** Where in the value a comparison is, spelled out only when it fails. */
  private record Path(Path parent, String before, Object segment, String after) {
    static final Path ROOT = new Path(null, "value", "", "");

    Path then(String before, Object segment, String after) {
      return new Path(this, before, segment, after);
    }

    @Override
    public String toString() {
      return (parent == null ? "" : parent.toString()) + before + segment + after;
    }
  }

  static void assertDeepEquals(Object expected, Object actual) {
    check(Path.ROOT, expected, actual);
  }

  private static void check(Path path, Object expected, Object actual) {
    if (expected == null || actual == null) {
      if (expected != actual) {
        fail(path, expected, actual);
      }
    } else if (expected instanceof byte[] e) {
      if (!(actual instanceof byte[] a) || !Arrays.equals(e, a)) {
        fail(path, expected, actual);
      }
    } else if (expected instanceof Float e) {
      if (!(actual instanceof Float a)
          || Float.floatToRawIntBits(e) != Float.floatToRawIntBits(a)) {
        fail(path, hexFloat(e), actual instanceof Float a ? hexFloat(a) : actual);
      }
    } else if (expected instanceof Double e) {
      if (!(actual instanceof Double a)
          || Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(a)) {
        fail(path, hexDouble(e), actual instanceof Double a ? hexDouble(a) : actual);
      }
    } else if (expected instanceof Optional<?> e) {
      if (!(actual instanceof Optional<?> a) || e.isPresent() != a.isPresent()) {
        fail(path, expected, actual);
      } else if (e.isPresent()) {
        check(path.then(".get()", "", ""), e.get(), a.get());
      }
    } else if (expected instanceof List<?> e) {
      elements(path, e, actual, List.class);
    } else if (expected instanceof Set<?> e) {
      elements(path, e, actual, Set.class);
    } else if (expected instanceof Map<?, ?> e) {
      map(path, e, actual);
    } else if (expected instanceof Record e) {
      record(path, e, actual);
    } else if (expected instanceof Args e) {
      if (!(actual instanceof Args a) || e.size() != a.size()) {
        fail(path, expected, actual);
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        check(path.then("[arg ", i, "]"), e.get(i), a.get(i));
      }
    } else if (expected instanceof ByteString e) {
      if (!(actual instanceof ByteString) || !e.equals(actual)) { // any subclass: rope, slice
        fail(path, expected, actual);
      }
    } else if (expected instanceof MessageLite e) {
      if (!e.equals(actual) || !e.toByteString().equals(((MessageLite) actual).toByteString())) {
        fail(path, expected, actual);
      }
    } else if (!expected.getClass().equals(actual.getClass()) || !expected.equals(actual)) {
      fail(path, expected, actual);
    }
  }

  private static void elements(Path path, Collection<?> expected, Object actual, Class<?> kind) {
    if (!kind.isInstance(actual) || ((Collection<?>) actual).size() != expected.size()) {
      fail(path, expected, actual);
      return;
    }
    Collection<?> a = (Collection<?>) actual;
    requireUnmodifiable(path, a);
    Iterator<?> ai = a.iterator();
    int i = 0;
    for (Object e : expected) {
      check(path.then("[", i++, "]"), e, ai.next());
    }
  }

  private static void map(Path path, Map<?, ?> expected, Object actual) {
    if (!(actual instanceof Map<?, ?> a) || a.size() != expected.size()) {
      fail(path, expected, actual);
      return;
    }
    requireUnmodifiable(path, a.keySet());
    Iterator<? extends Map.Entry<?, ?>> ai = a.entrySet().iterator();
    for (Map.Entry<?, ?> e : expected.entrySet()) {
      Map.Entry<?, ?> next = ai.next();
      check(path.then(".key(", e.getKey(), ")"), e.getKey(), next.getKey());
      check(path.then("[", e.getKey(), "]"), e.getValue(), next.getValue());
    }
  }

  private static void record(Path path, Record expected, Object actual) {
    if (!expected.getClass().equals(actual.getClass())) {
      fail(path, expected, actual);
      return;
    }
    for (RecordComponent c : COMPONENTS.get(expected.getClass())) {
      try {
        check(path.then(".", c.getName(), ""), c.getAccessor().invoke(expected),
            c.getAccessor().invoke(actual));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(path + "." + c.getName() + ": " + e, e);
      }
    }
  }

  /**
   * Decoded collections are unmodifiable: clearing one (even empty) must fail. Checked once per
   * class, as a thrown exception costs more than the rest of the comparison.
   */
  private static void requireUnmodifiable(Path path, Collection<?> actual) {
    if (UNMODIFIABLE.get(actual.getClass()).get()) {
      return;
    }
    try {
      actual.clear();
    } catch (UnsupportedOperationException expected) {
      UNMODIFIABLE.get(actual.getClass()).set(true);
      return;
    }
    throw new AssertionError(path + ": the decoded " + actual.getClass().getName()
        + " is modifiable");
  }

  private static final ClassValue<AtomicBoolean> UNMODIFIABLE = new ClassValue<>() {
    @Override
    protected AtomicBoolean computeValue(Class<?> type) {
      return new AtomicBoolean();
    }
  };

  private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
    @Override
    protected RecordComponent[] computeValue(Class<?> type) {
      return type.getRecordComponents();
    }
  };

  private static void fail(Path path, Object expected, Object actual) {
    throw new AssertionError(path + ": expected <" + describe(expected) + "> but was <"
        + describe(actual) + ">");
  }

  private static String describe(Object value) {
    return value instanceof byte[] b ? "byte[" + b.length + "] " + Arrays.toString(b)
        : String.valueOf(value);
  }

  private static String hexFloat(float f) {
    return f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
  }

  private static String hexDouble(double d) {
    return d + " (0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
  }
}
