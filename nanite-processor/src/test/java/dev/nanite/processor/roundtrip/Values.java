package dev.nanite.processor.roundtrip;

import java.util.Random;

/**
 * Random scalars biased towards the values codecs get wrong: extremes, varint length
 * boundaries, every float bit pattern (NaN payloads, signed zeros, subnormals), surrogate code
 * units, and strings of every UTF-8 length class.
 */
final class Values {
  private static final int[] INTS = {
    0, 1, -1, 2, -2, 63, 64, 127, 128, 255, 256, 16_383, 16_384, 2_097_151, 2_097_152,
    268_435_455, 268_435_456, Short.MIN_VALUE, Short.MAX_VALUE, Byte.MIN_VALUE, Byte.MAX_VALUE,
    Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1
  };

  private static final long[] LONGS = {
    0L, 1L, -1L, 127L, 128L, 1L << 31, (1L << 31) - 1, -(1L << 31), 1L << 32, (1L << 35) - 1,
    1L << 35, (1L << 56) - 1, 1L << 56, (1L << 63) - 1, Long.MIN_VALUE, Long.MAX_VALUE,
    Long.MIN_VALUE + 1, Integer.MIN_VALUE, Integer.MAX_VALUE
  };

  private static final int[] FLOAT_BITS = {
    0x0000_0000, 0x8000_0000, // +0, -0
    0x7f80_0000, 0xff80_0000, // +inf, -inf
    0x7fc0_0000, 0xffc0_0000, 0x7f80_0001, 0xff80_0001, 0x7fbf_ffff, 0x7fc0_1234, // NaNs
    0x0000_0001, 0x8000_0001, 0x007f_ffff, 0x0080_0000, // subnormals, MIN_NORMAL
    0x7f7f_ffff, 0xff7f_ffff, 0x3f80_0000, 0xbf80_0000 // MAX, -MAX, 1, -1
  };

  private static final long[] DOUBLE_BITS = {
    0L, 0x8000_0000_0000_0000L, // +0, -0
    0x7ff0_0000_0000_0000L, 0xfff0_0000_0000_0000L, // +inf, -inf
    0x7ff8_0000_0000_0000L, 0xfff8_0000_0000_0000L, 0x7ff0_0000_0000_0001L, // NaNs
    0x7ff7_ffff_ffff_ffffL, 0xfff0_dead_beef_0001L, 0x7ff8_0000_cafe_babeL,
    1L, 0x8000_0000_0000_0001L, 0x000f_ffff_ffff_ffffL, 0x0010_0000_0000_0000L, // subnormal
    0x7fef_ffff_ffff_ffffL, 0x3ff0_0000_0000_0000L, 0xbff0_0000_0000_0000L // MAX, 1, -1
  };

  /** Code point ranges, one per kind of text: {first, last}. */
  private static final int[][] CODE_POINTS = {
    {0x20, 0x7e}, // ASCII
    {0x00, 0x1f}, // NUL and other controls
    {0x80, 0x7ff}, // two UTF-8 bytes
    {0x0300, 0x036f}, // combining marks
    {0x05d0, 0x05ea}, // Hebrew (right to left)
    {0x0600, 0x06ff}, // Arabic (right to left)
    {0x200b, 0x200f}, // zero-width space/joiners, LRM, RLM
    {0x202a, 0x202e}, // bidi embeddings and overrides
    {0x0800, 0xd7ff}, // three UTF-8 bytes, below the surrogates
    {0xe000, 0xffff}, // three UTF-8 bytes, above them: BOM, U+FFFE, U+FFFF
    {0x1f300, 0x1faff}, // emoji (supplementary, surrogate pairs in Java)
    {0x10000, 0x10ffff}, // any supplementary code point, up to the last
  };

  private Values() {}

  static boolean bool(Random r) {
    return r.nextBoolean();
  }

  static int int32(Random r) {
    switch (r.nextInt(4)) {
      case 0: return INTS[r.nextInt(INTS.length)];
      case 1: return r.nextInt(256) - 128;
      default: return r.nextInt();
    }
  }

  static long int64(Random r) {
    switch (r.nextInt(4)) {
      case 0: return LONGS[r.nextInt(LONGS.length)];
      case 1: return int32(r);
      default: return r.nextLong() >> r.nextInt(64);
    }
  }

  static byte int8(Random r) {
    return r.nextInt(4) == 0 ? (r.nextBoolean() ? Byte.MIN_VALUE : Byte.MAX_VALUE)
        : (byte) r.nextInt();
  }

  static short int16(Random r) {
    return r.nextInt(4) == 0 ? (r.nextBoolean() ? Short.MIN_VALUE : Short.MAX_VALUE)
        : (short) r.nextInt();
  }

  /** Any UTF-16 code unit, lone surrogates included: a char is a number, not text. */
  static char char16(Random r) {
    switch (r.nextInt(5)) {
      case 0: return (char) (0xd800 + r.nextInt(0x800)); // a surrogate
      case 1: return r.nextBoolean() ? Character.MIN_VALUE : Character.MAX_VALUE;
      default: return (char) r.nextInt(0x10000);
    }
  }

  static float float32(Random r) {
    switch (r.nextInt(4)) {
      case 0: return Float.intBitsToFloat(FLOAT_BITS[r.nextInt(FLOAT_BITS.length)]);
      case 1: return Float.intBitsToFloat(r.nextInt()); // NaN payloads, subnormals
      case 2: return Float.intBitsToFloat(0x7f80_0000 | r.nextInt(0x80_0000) | r.nextInt(2) << 31);
      default: return (r.nextFloat() - 0.5f) * (float) Math.pow(10, r.nextInt(20) - 10);
    }
  }

  static double float64(Random r) {
    switch (r.nextInt(4)) {
      case 0: return Double.longBitsToDouble(DOUBLE_BITS[r.nextInt(DOUBLE_BITS.length)]);
      case 1: return Double.longBitsToDouble(r.nextLong());
      case 2: return Double.longBitsToDouble(
          0x7ff0_0000_0000_0000L | (r.nextLong() & 0x800f_ffff_ffff_ffffL));
      default: return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
    }
  }

  /** Valid Unicode (no unpaired surrogates), from empty to a few hundred code points. */
  static String string(Random r) {
    int length = length(r, 300);
    StringBuilder out = new StringBuilder(length);
    int[] range = CODE_POINTS[r.nextInt(CODE_POINTS.length)];
    for (int i = 0; i < length; i++) {
      if (r.nextInt(4) == 0) {
        range = CODE_POINTS[r.nextInt(CODE_POINTS.length)];
      }
      int cp = range[0] + r.nextInt(range[1] - range[0] + 1);
      if (cp >= 0xd800 && cp <= 0xdfff) {
        cp = 0xfffd;
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /** A short string, as map keys and names are. */
  static String key(Random r) {
    return r.nextInt(3) == 0 ? string(r) : Integer.toString(r.nextInt(64), 36);
  }

  static byte[] bytes(Random r) {
    int length = r.nextInt(200) == 0 ? 16_384 + r.nextInt(16) : length(r, 300);
    byte[] bytes = new byte[length];
    r.nextBytes(bytes);
    return bytes;
  }

  /** Mostly short, sometimes empty, now and then long enough for a two-byte length. */
  private static int length(Random r, int max) {
    int kind = r.nextInt(20);
    if (kind < 2) {
      return 0;
    }
    return kind == 2 ? 120 + r.nextInt(max - 119) : 1 + r.nextInt(12);
  }
}
