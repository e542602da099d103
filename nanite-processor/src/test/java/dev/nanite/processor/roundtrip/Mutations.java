package dev.nanite.processor.roundtrip;

import com.google.protobuf.ByteString;
import java.util.Random;

/** Ways to damage a valid encoding, or to make bytes from nothing, for fuzzing decoders. */
final class Mutations {
  private static final byte[] NASTY = {
    0, (byte) 0x80, (byte) 0xff, 0x7f, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x12, 0x1a,
    (byte) 0xc0, (byte) 0xed, (byte) 0xf8
  };

  private Mutations() {}

  /** Random bytes, short and biased towards tags, varint continuations and group markers. */
  static ByteString randomBytes(Random r) {
    byte[] bytes = new byte[r.nextInt(48)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = r.nextBoolean() ? NASTY[r.nextInt(NASTY.length)] : (byte) r.nextInt();
    }
    return ByteString.copyFrom(bytes);
  }

  /** A few random edits of {@code valid}: truncation, bit flips, insertions, deletions, copies. */
  static ByteString mutate(Random r, ByteString valid) {
    byte[] bytes = valid.toByteArray();
    for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
      bytes = edit(r, bytes);
    }
    return ByteString.copyFrom(bytes);
  }

  private static byte[] edit(Random r, byte[] b) {
    int at = b.length == 0 ? 0 : r.nextInt(b.length);
    switch (r.nextInt(6)) {
      case 0: // truncate
        return java.util.Arrays.copyOf(b, at);
      case 1: // flip a bit
        if (b.length > 0) {
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      case 2: // overwrite with a nasty byte
        if (b.length > 0) {
          b[at] = NASTY[r.nextInt(NASTY.length)];
        }
        return b;
      case 3: // insert a nasty byte
        return splice(b, at, 0, new byte[] {NASTY[r.nextInt(NASTY.length)]});
      case 4: // delete a run
        return splice(b, at, Math.min(b.length - at, 1 + r.nextInt(4)), new byte[0]);
      default: // repeat a chunk
        int length = Math.min(b.length - at, 1 + r.nextInt(16));
        return splice(b, at, 0, java.util.Arrays.copyOfRange(b, at, at + length));
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }
}
