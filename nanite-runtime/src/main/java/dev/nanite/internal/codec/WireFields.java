package dev.nanite.internal.codec;

import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Field factories, one per kind of Java type (see the package documentation for what null means
 * in each).
 */
public final class WireFields {
  private WireFields() {}

  /** A primitive: proto3 implicit presence, the zero value is left out and read back. */
  public static <T> WireField<T> scalar(int number, String name, WireCodec<T> codec) {
    return new WireField<>(number, name) {
      private final int tagSize = CodedOutputStream.computeTagSize(number);

      @Override
      int size(T value) {
        return codec.isDefault(value) ? 0 : tagSize + codec.sizeNoTag(value);
      }

      @Override
      void write(CodedOutputStream out, T value) throws IOException {
        if (!codec.isDefault(value)) {
          out.writeTag(number, codec.wireType());
          codec.writeNoTag(out, value);
        }
      }

      @Override
      Object initial() {
        return codec.defaultValue();
      }

      @Override
      Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
        if (wireType != codec.wireType()) {
          throw wrongWireType(wireType, codec.wireType());
        }
        return codec.read(in, depth);
      }

      @Override
      @SuppressWarnings("unchecked")
      T finish(Object acc) {
        return (T) acc;
      }

      @Override
      Object accumulator(T value) {
        return value;
      }
    };
  }

  /** A nullable reference: explicit presence, null is an absent field. */
  public static <T> WireField<T> optional(int number, String name, WireCodec<T> codec) {
    return new WireField<>(number, name) {
      private final int tagSize = CodedOutputStream.computeTagSize(number);

      @Override
      int size(T value) {
        return value == null ? 0 : tagSize + codec.sizeNoTag(value);
      }

      @Override
      void write(CodedOutputStream out, T value) throws IOException {
        if (value != null) {
          out.writeTag(number, codec.wireType());
          codec.writeNoTag(out, value);
        }
      }

      @Override
      Object initial() {
        return null;
      }

      @Override
      @SuppressWarnings("unchecked")
      Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
        if (wireType != codec.wireType()) {
          throw wrongWireType(wireType, codec.wireType());
        }
        return acc == null ? codec.read(in, depth) : codec.readMerging((T) acc, in, depth);
      }

      @Override
      @SuppressWarnings("unchecked")
      T finish(Object acc) {
        return (T) acc;
      }

      @Override
      Object accumulator(T value) {
        return value;
      }
    };
  }

  /** A {@code java.util.Optional}: empty (or null) is an absent field. */
  public static <T> WireField<Optional<T>> optionalOf(int number, String name, WireCodec<T> codec) {
    WireField<T> present = optional(number, name, codec);
    return new WireField<>(number, name) {
      @Override
      int size(Optional<T> value) {
        return value == null ? 0 : present.size(value.orElse(null));
      }

      @Override
      void write(CodedOutputStream out, Optional<T> value) throws IOException {
        if (value != null) {
          present.write(out, value.orElse(null));
        }
      }

      @Override
      Object initial() {
        return null;
      }

      @Override
      Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
        return present.read(in, wireType, acc, depth);
      }

      @Override
      @SuppressWarnings("unchecked")
      Optional<T> finish(Object acc) {
        return Optional.ofNullable((T) acc);
      }

      @Override
      Object accumulator(Optional<T> value) {
        return value.orElse(null);
      }
    };
  }

  /** A {@code List}: a repeated field, packed for numeric and enum elements. */
  public static <T> WireField<List<T>> list(int number, String name, WireCodec<T> codec) {
    return new Repeated<T, List<T>>(number, name, codec) {
      @Override
      @SuppressWarnings("unchecked")
      List<T> finish(Object acc) {
        return acc == null ? List.of() : Collections.unmodifiableList((List<T>) acc);
      }
    };
  }

  /** A {@code Set}: a repeated field; iteration order is the order on the wire. */
  public static <T> WireField<Set<T>> set(int number, String name, WireCodec<T> codec) {
    return new Repeated<T, Set<T>>(number, name, codec) {
      @Override
      @SuppressWarnings("unchecked")
      Set<T> finish(Object acc) {
        return acc == null
            ? Set.of()
            : Collections.unmodifiableSet(new LinkedHashSet<>((List<T>) acc));
      }
    };
  }

  /** A {@code Map}: a protobuf map, entries with the key as field 1 and the value as field 2. */
  public static <K, V> WireField<Map<K, V>> map(
      int number, String name, WireCodec<K> keyCodec, WireCodec<V> valueCodec) {
    return new MapField<>(number, name, keyCodec, valueCodec);
  }

  private abstract static class Repeated<T, C extends Collection<T>> extends WireField<C> {
    private final WireCodec<T> codec;
    private final int tagSize;

    Repeated(int number, String name, WireCodec<T> codec) {
      super(number, name);
      this.codec = codec;
      this.tagSize = CodedOutputStream.computeTagSize(number);
    }

    private int dataSize(C values) {
      int size = 0;
      int index = 0;
      for (T value : values) {
        if (value == null) {
          throw cannotEncode("null element at index " + index + "; lists and sets cannot hold null");
        }
        size += codec.sizeNoTag(value);
        index++;
      }
      return size;
    }

    @Override
    int size(C values) {
      if (values == null || values.isEmpty()) {
        return 0;
      }
      int data = dataSize(values);
      return codec.packable()
          ? tagSize + CodedOutputStream.computeUInt32SizeNoTag(data) + data
          : tagSize * values.size() + data;
    }

    @Override
    void write(CodedOutputStream out, C values) throws IOException {
      if (values == null || values.isEmpty()) {
        return;
      }
      if (codec.packable()) {
        out.writeTag(number(), WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(dataSize(values));
        for (T value : values) {
          codec.writeNoTag(out, value);
        }
      } else {
        // No null check here: size(values) ran first (encode and writeNoTag size a message
        // before writing it) and threw before anything was written. Checking again would size
        // every nested message once more per level.
        for (T value : values) {
          out.writeTag(number(), codec.wireType());
          codec.writeNoTag(out, value);
        }
      }
    }

    @Override
    Object initial() {
      return null;
    }

    @Override
    Object accumulator(C values) {
      return values.isEmpty() ? null : new ArrayList<>(values);
    }

    @Override
    @SuppressWarnings("unchecked")
    Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
      List<T> list = acc == null ? new ArrayList<>() : (List<T>) acc;
      if (wireType == codec.wireType()) {
        list.add(codec.read(in, depth));
      } else if (wireType == WIRETYPE_LENGTH_DELIMITED && codec.packable()) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          list.add(codec.read(in, depth));
        }
        in.popLimit(limit);
      } else {
        throw wrongWireType(wireType, codec.wireType());
      }
      return list;
    }
  }

  private static final class MapField<K, V> extends WireField<Map<K, V>> {
    private final WireCodec<K> keyCodec;
    private final WireCodec<V> valueCodec;
    private final int tagSize;
    private static final int KEY_TAG_SIZE = 1;
    private static final int VALUE_TAG_SIZE = 1;

    MapField(int number, String name, WireCodec<K> keyCodec, WireCodec<V> valueCodec) {
      super(number, name);
      this.keyCodec = keyCodec;
      this.valueCodec = valueCodec;
      this.tagSize = CodedOutputStream.computeTagSize(number);
    }

    private int entrySize(K key, V value) {
      if (key == null) {
        throw cannotEncode("null key; maps cannot hold null keys");
      }
      if (value == null) {
        throw cannotEncode("null value for key " + key + "; maps cannot hold null values");
      }
      return KEY_TAG_SIZE
          + keyCodec.sizeNoTag(key)
          + VALUE_TAG_SIZE
          + valueCodec.sizeNoTag(value);
    }

    @Override
    int size(Map<K, V> map) {
      if (map == null) {
        return 0;
      }
      int size = 0;
      for (Map.Entry<K, V> entry : map.entrySet()) {
        int entrySize = entrySize(entry.getKey(), entry.getValue());
        size += tagSize + CodedOutputStream.computeUInt32SizeNoTag(entrySize) + entrySize;
      }
      return size;
    }

    @Override
    void write(CodedOutputStream out, Map<K, V> map) throws IOException {
      if (map == null) {
        return;
      }
      for (Map.Entry<K, V> entry : map.entrySet()) {
        K key = entry.getKey();
        V value = entry.getValue();
        out.writeTag(number(), WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(entrySize(key, value));
        out.writeTag(1, keyCodec.wireType());
        keyCodec.writeNoTag(out, key);
        out.writeTag(2, valueCodec.wireType());
        valueCodec.writeNoTag(out, value);
      }
    }

    @Override
    Object initial() {
      return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    Object read(CodedInputStream in, int wireType, Object acc, int depth) throws IOException {
      if (wireType != WIRETYPE_LENGTH_DELIMITED) {
        throw wrongWireType(wireType, WIRETYPE_LENGTH_DELIMITED);
      }
      Map<K, V> map = acc == null ? new LinkedHashMap<>() : (Map<K, V>) acc;
      int limit = in.pushLimit(in.readRawVarint32());
      K key = null;
      V value = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = tag >>> 3;
        int type = tag & 7;
        if (field == 1 && type == keyCodec.wireType()) {
          key = keyCodec.read(in, depth);
        } else if (field == 2 && type == valueCodec.wireType()) {
          value = value == null ? valueCodec.read(in, depth)
              : valueCodec.readMerging(value, in, depth);
        } else if (field == 1 || field == 2) {
          throw wrongWireType(type, field == 1 ? keyCodec.wireType() : valueCodec.wireType());
        } else {
          in.skipField(tag);
        }
      }
      in.popLimit(limit);
      map.put(key == null ? keyCodec.defaultValue() : key,
          value == null ? valueCodec.readDefault() : value);
      return map;
    }

    @Override
    @SuppressWarnings("unchecked")
    Map<K, V> finish(Object acc) {
      return acc == null ? Map.of() : Collections.unmodifiableMap((Map<K, V>) acc);
    }

    @Override
    Object accumulator(Map<K, V> map) {
      return map.isEmpty() ? null : new LinkedHashMap<>(map);
    }
  }
}
