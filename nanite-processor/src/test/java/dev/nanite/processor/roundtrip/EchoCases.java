package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.fixtures.roundtrip.EchoProtocol.*;
import static dev.nanite.processor.roundtrip.Case.echo;
import static dev.nanite.processor.roundtrip.Gens.listField;
import static dev.nanite.processor.roundtrip.Gens.mapField;
import static dev.nanite.processor.roundtrip.Gens.optionalField;
import static dev.nanite.processor.roundtrip.Gens.setField;

import java.util.List;

/**
 * A case per endpoint of the {@code Echo} class actor: every type alone. (The endpoint constants
 * are imported; the generators are qualified, as their names are the same.)
 */
final class EchoCases {
  private EchoCases() {}

  static final List<Case> ALL = List.of(
      echo(BOOL, Gens.BOOL), echo(INT8, Gens.INT8), echo(INT16, Gens.INT16),
      echo(INT32, Gens.INT32), echo(INT64, Gens.INT64), echo(CHAR16, Gens.CHAR16),
      echo(FLOAT32, Gens.FLOAT32), echo(FLOAT64, Gens.FLOAT64),

      echo(BOXED_BOOL, Gens.BOOL.nullable()), echo(BOXED_INT8, Gens.INT8.nullable()),
      echo(BOXED_INT16, Gens.INT16.nullable()), echo(BOXED_INT32, Gens.INT32.nullable()),
      echo(BOXED_INT64, Gens.INT64.nullable()), echo(BOXED_CHAR16, Gens.CHAR16.nullable()),
      echo(BOXED_FLOAT32, Gens.FLOAT32.nullable()),
      echo(BOXED_FLOAT64, Gens.FLOAT64.nullable()),

      echo(STRING, Gens.STRING.nullable()), echo(BYTES, Gens.BYTES.nullable()),
      echo(BYTE_STRING, Gens.BYTE_STRING.nullable()), echo(COLOR, Gens.COLOR.nullable()),
      echo(TIMESTAMP, Gens.TIMESTAMP.nullable()), echo(DURATION, Gens.DURATION.nullable()),
      echo(STRUCT, Gens.STRUCT.nullable()), echo(DESCRIPTOR, Gens.DESCRIPTOR.nullable()),

      echo(BOOLS, listField(Gens.BOOL)), echo(INT8S, listField(Gens.INT8)),
      echo(INT16S, listField(Gens.INT16)), echo(INT32S, listField(Gens.INT32)),
      echo(INT64S, listField(Gens.INT64)), echo(CHAR16S, listField(Gens.CHAR16)),
      echo(FLOAT32S, listField(Gens.FLOAT32)), echo(FLOAT64S, listField(Gens.FLOAT64)),
      echo(STRINGS, listField(Gens.STRING)), echo(BYTE_ARRAYS, listField(Gens.BYTES)),
      echo(BYTE_STRINGS, listField(Gens.BYTE_STRING)), echo(COLORS, listField(Gens.COLOR)),
      echo(TIMESTAMPS, listField(Gens.TIMESTAMP)),
      echo(STRING_SET, setField(Gens.STRING)), echo(COLOR_SET, setField(Gens.COLOR)),
      echo(INT64_SET, setField(Gens.INT64)),

      echo(BY_STRING, mapField(Gens.KEY, Gens.INT32)),
      echo(BY_INT32, mapField(Gens.INT32, Gens.STRING)),
      echo(BY_INT64, mapField(Gens.INT64, Gens.FLOAT64)),
      echo(BY_INT16, mapField(Gens.INT16, Gens.BOOL)),
      echo(BY_INT8, mapField(Gens.INT8, Gens.FLOAT32)),
      echo(BY_CHAR16, mapField(Gens.CHAR16, Gens.BYTES)),
      echo(COLORS_BY_NAME, mapField(Gens.KEY, Gens.COLOR)),
      echo(TIMESTAMPS_BY_NAME, mapField(Gens.KEY, Gens.TIMESTAMP)),

      echo(MAYBE_INT32, optionalField(Gens.INT32)),
      echo(MAYBE_STRING, optionalField(Gens.STRING)),
      echo(MAYBE_BYTES, optionalField(Gens.BYTES)),
      echo(MAYBE_COLOR, optionalField(Gens.COLOR)),
      echo(MAYBE_DURATION, optionalField(Gens.DURATION)),
      echo(MAYBE_PRIMITIVES, optionalField(FixtureGens.PRIMITIVES)));
}
