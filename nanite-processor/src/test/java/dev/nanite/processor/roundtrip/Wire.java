package dev.nanite.processor.roundtrip;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;

/** Builds protobuf wire bytes by hand, valid or not, for crafted hostile inputs. */
final class Wire {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Wire of() {
    return new Wire();
  }

  Wire tag(int field, int wireType) {
    return varint((long) field << 3 | wireType);
  }

  Wire varint(long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    return this;
  }

  Wire raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  Wire raw(ByteString bytes) {
    out.writeBytes(bytes.toByteArray());
    return this;
  }

  /** A length-delimited field: tag, length, then {@code content}. */
  Wire field(int field, ByteString content) {
    return tag(field, LEN).varint(content.size()).raw(content);
  }

  /** A varint field. */
  Wire field(int field, long value) {
    return tag(field, VARINT).varint(value);
  }

  ByteString bytes() {
    return ByteString.copyFrom(out.toByteArray());
  }
}
