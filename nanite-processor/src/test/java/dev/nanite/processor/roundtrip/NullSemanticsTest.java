package dev.nanite.processor.roundtrip;

import static dev.nanite.processor.roundtrip.DeepEquals.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nanite.processor.fixtures.roundtrip.Boxes;
import dev.nanite.processor.fixtures.roundtrip.Color;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.Nested;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import dev.nanite.processor.fixtures.roundtrip.Node;
import dev.nanite.stub.Args;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The null semantics documented in {@code dev.nanite.internal.codec}, one rule at a time. */
class NullSemanticsTest {
  @Test
  void absentFieldsDecodeAsDocumented() throws Exception {
    Args mixed = NestingProtocol.MIXED.requestMarshaller().decode(ByteString.EMPTY);
    assertDeepEquals(Args.of(false, (byte) 0, (short) 0, 0, 0L, '\0', 0f, 0d, null, null, null,
        null, List.of(), Optional.empty(), null), mixed);

    Nested nested = NestingProtocol.NESTED.requestMarshaller()
        .decode(Wire.of().field(1, ByteString.EMPTY).bytes()).get(0);
    assertDeepEquals(new Nested(List.of(), Map.of(), Optional.empty(), List.of(), Set.of(),
        Map.of(), null, List.of(), Map.of(), Optional.empty(), List.of(), Optional.empty(),
        Map.of(), Map.of(), Set.of()), nested);

    assertDeepEquals(List.of(), NestingProtocol.GRID.responseMarshaller().decode(ByteString.EMPTY));
    assertDeepEquals(Optional.empty(),
        NestingProtocol.MAYBE_MAYBE.responseMarshaller().decode(ByteString.EMPTY));
    assertEquals(null, NestingProtocol.BOXES.responseMarshaller().decode(ByteString.EMPTY));
  }

  @Test
  void nullCollectionsAndOptionalsTravelAsAbsent() throws Exception {
    assertEquals(ByteString.EMPTY,
        NestingProtocol.MIXED.requestMarshaller().encode(Args.of(false, (byte) 0, (short) 0, 0,
            0L, '\0', 0f, 0d, null, null, null, null, null, null, null)));
    assertEquals(ByteString.EMPTY, NestingProtocol.MAYBE_MAYBE.responseMarshaller().encode(null));
    assertEquals(ByteString.EMPTY,
        NestingProtocol.MAYBE_MAYBE.responseMarshaller().encode(Optional.empty()));
  }

  @Test
  void emptyIsPresentAndDistinctFromNull() throws Exception {
    Boxes empty = new Boxes(null, null, null, null, null, null, null, null, "", new byte[0],
        ByteString.EMPTY, null, null);
    Boxes decoded = NestingProtocol.BOXES.responseMarshaller()
        .decode(NestingProtocol.BOXES.responseMarshaller().encode(empty));
    assertEquals("", decoded.text());
    assertArrayEquals(new byte[0], decoded.bytes());
    assertEquals(ByteString.EMPTY, decoded.byteString());
    assertEquals(null, decoded.color());

    Optional<Optional<String>> presentEmpty = Optional.of(Optional.empty());
    assertDeepEquals(presentEmpty, NestingProtocol.MAYBE_MAYBE.responseMarshaller().decode(
        NestingProtocol.MAYBE_MAYBE.responseMarshaller().encode(presentEmpty)));
  }

  @Test
  void nullElementsKeysAndValuesAreRejectedNamingTheField() {
    assertRejects("ints", () -> NestingProtocol.MIXED.requestMarshaller().encode(Args.of(false,
        (byte) 0, (short) 0, 0, 0L, '\0', 0f, 0d, null, null, null, null,
        Arrays.asList(1, null), null, null)));
    assertRejects("children", () -> NestingProtocol.NODE.requestMarshaller().encode(
        Args.of(new Node("root", Arrays.asList(new Node("a", null), null)))));
    assertRejects("v", () -> NestingProtocol.GRID.requestMarshaller().encode(
        Args.of(Arrays.asList(List.of(1), null))));
    assertRejects("v", () -> NestingProtocol.SPARSE.requestMarshaller().encode(
        Args.of(Arrays.asList(Optional.of("a"), null))));
    Map<String, Integer> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    assertRejects("v", () -> EchoProtocol.BY_STRING.requestMarshaller().encode(Args.of(nullKey)));
    Map<String, Color> nullValue = new HashMap<>();
    nullValue.put("red", null);
    assertRejects("result",
        () -> EchoProtocol.COLORS_BY_NAME.responseMarshaller().encode(nullValue));
  }

  private static void assertRejects(String field, Runnable encode) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, encode::run);
    assertTrue(e.getMessage().startsWith("field " + field + " ("), e.getMessage());
  }
}
