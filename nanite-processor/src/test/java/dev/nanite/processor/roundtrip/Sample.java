package dev.nanite.processor.roundtrip;

/**
 * A value to send and the value that must come back: they differ only where the codec's null
 * semantics give a null a decoded form (a null list comes back empty, a null Optional empty).
 */
record Sample<T>(T sent, T expected) {
  static <T> Sample<T> same(T value) {
    return new Sample<>(value, value);
  }
}
