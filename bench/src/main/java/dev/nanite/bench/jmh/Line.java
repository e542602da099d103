package dev.nanite.bench.jmh;

import java.io.Serializable;

/**
 * One order line of {@link Orders#place}. Serializable only so that the Java serialization
 * baseline can carry the same values; the generated codec does not need it.
 */
public record Line(String sku, int quantity, double unitPrice) implements Serializable {}
