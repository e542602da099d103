package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.fixtures.roundtrip.NestingProtocol.*;
import static dev.nanite.processor.roundtrip.Case.echo;
import static dev.nanite.processor.roundtrip.Gens.list;
import static dev.nanite.processor.roundtrip.Gens.listField;
import static dev.nanite.processor.roundtrip.Gens.map;
import static dev.nanite.processor.roundtrip.Gens.mapField;
import static dev.nanite.processor.roundtrip.Gens.optional;
import static dev.nanite.processor.roundtrip.Gens.optionalField;
import static dev.nanite.processor.roundtrip.Gens.set;
import static dev.nanite.processor.roundtrip.Gens.setField;

import java.util.List;
import java.util.Map;

/**
 * A case per endpoint of the {@code Nesting} interface actor: nested collections, optionals,
 * recursive records, many parameters, and methods without a value.
 */
final class NestingCases {
  private NestingCases() {}

  /** What {@link NestingEcho#noArgs()} returns. */
  static final int NO_ARGS_RESULT = 42;

  /** What {@link NestingEcho#oddNames} returns. */
  static long oddNames(Object... args) {
    return (long) (Integer) args[0] + (Integer) args[1] + (Integer) args[2] + (Integer) args[3]
        + ((Map<?, ?>) args[4]).size();
  }

  static final List<Case> ALL = List.of(
      echo(GRID, listField(list(Gens.INT32))),
      echo(FOREST, mapField(Gens.KEY, list(FixtureGens.NODE))),
      echo(MAYBE_NAMES, optionalField(list(Gens.STRING))),
      echo(SPARSE, listField(optional(Gens.STRING))),
      echo(COLORS, setField(Gens.COLOR)),
      echo(TABLE, mapField(Gens.INT64, map(Gens.KEY, Gens.INT32))),
      echo(MAYBE_MAYBE, optionalField(optional(Gens.STRING))),
      echo(DEEP, listField(map(Gens.CHAR16, set(Gens.COLOR)))),
      echo(BLOBS_BY_ID, mapField(Gens.INT32, optional(list(Gens.BYTES)))),
      echo(CUBES, listField(set(list(Gens.INT64)))),

      echo(PRIMITIVES, FixtureGens.PRIMITIVES.nullable()),
      echo(BOXES, FixtureGens.BOXES.nullable()),
      echo(NODE, FixtureGens.NODE.nullable()),
      echo(CHAIN, FixtureGens.CHAIN.nullable()),
      echo(NESTED, FixtureGens.NESTED.nullable(), 3),
      echo(PAIR, FixtureGens.PAIR.nullable()),
      echo(OTHER_NODE, FixtureGens.OTHER_NODE.nullable()),
      echo(NESTED_LIST, listField(FixtureGens.NESTED), 3),
      echo(CHAINS, mapField(Gens.KEY, FixtureGens.CHAIN), 3),

      new Case(MIXED, List.of(FixtureGens.mixedParams()), FixtureGens.MIXED.nullable(),
          FixtureGens::mixed, 4),
      new Case(NO_ARGS, List.of(), Gens.INT32, args -> NO_ARGS_RESULT, 4),
      new Case(ODD_NAMES, List.of(Gens.INT32, Gens.INT32, Gens.INT32, Gens.INT32,
          mapField(Gens.KEY, Gens.INT32)), Gens.INT64, NestingCases::oddNames, 4),
      echo(PERCENT, FixtureGens.PERCENT.nullable()),
      echo(NAMED, mapField(Gens.KEY, FixtureGens.NAMED)),
      echo(LEVELS, mapField(Gens.KEY, FixtureGens.LEVEL)),
      new Case(SHADOWING, List.of(FixtureGens.FIELDS.nullable(),
          FixtureGens.CODECS.nullable(), listField(FixtureGens.FIELDS)),
          FixtureGens.FIELDS.nullable(), args -> args[0], 4),
      new Case(CLASH, List.of(FixtureGens.LIST_OF_INT32.nullable(), listField(list(Gens.INT32))),
          FixtureGens.LIST_OF_INT32.nullable(), args -> args[0], 4),

      echo(ASYNC_NODE, FixtureGens.NODE.nullable()),
      echo(ASYNC_BOXES, listField(FixtureGens.BOXES)),
      echo(ASYNC_TIMESTAMP, Gens.TIMESTAMP.nullable()),

      new Case(SINK, List.of(Gens.STRING.nullable(), Gens.INT32,
          mapField(Gens.KEY, FixtureGens.NESTED)), null, args -> null, 3),
      new Case(VOID_BOX, List.of(FixtureGens.NODE.nullable()), null, args -> null, 4),
      new Case(ASYNC_VOID, List.of(listField(Gens.INT32)), null, args -> null, 4));
}
