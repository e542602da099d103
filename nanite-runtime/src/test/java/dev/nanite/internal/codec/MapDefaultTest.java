package dev.nanite.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A map entry without a value reads the value type's default, as protobuf does. */
class MapDefaultTest {
  record Named(String name) {
    Named {
      Objects.requireNonNull(name, "name");
    }
  }

  record Point(int x, List<String> tags) {}

  static final WireMessage<Named> NAMED = WireMessage.<Named>builder("t.Named")
      .field(WireFields.optional(1, "name", WireCodecs.STRING), Named::name)
      .build(v -> new Named((String) v[0]));

  static final WireMessage<Point> POINT = WireMessage.<Point>builder("t.Point")
      .field(WireFields.scalar(1, "x", WireCodecs.INT32), Point::x)
      .field(WireFields.list(2, "tags", WireCodecs.STRING), Point::tags)
      .build(v -> new Point((Integer) v[0], cast(v[1])));

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }

  /** An entry of field 1 with key "k" and no value. */
  private static final ByteString KEY_ONLY = ByteString.copyFrom(new byte[] {0x0a, 3, 0x0a, 1, 'k'});

  @Test
  void aMissingValueIsTheMessageWithEveryFieldAbsent() throws Exception {
    WireMessage<Map<String, Point>> map =
        WireMessage.wrapping("t.Points", WireFields.map(1, "entries", WireCodecs.STRING, POINT));
    assertEquals(Map.of("k", new Point(0, List.of())), map.decode(KEY_ONLY));
  }

  @Test
  void aMissingValueTheConstructorRefusesIsADecodingError() {
    WireMessage<Map<String, Named>> map =
        WireMessage.wrapping("t.Names", WireFields.map(1, "entries", WireCodecs.STRING, NAMED));
    InvalidProtocolBufferException e =
        assertThrows(InvalidProtocolBufferException.class, () -> map.decode(KEY_ONLY));
    assertTrue(e.getMessage().startsWith("t.Names.entries (1): t.Named: the decoded fields were"
        + " refused"), e.getMessage());
    WireMessage<Map<String, Named>> viaRef = WireMessage.wrapping("t.Names",
        WireFields.map(1, "entries", WireCodecs.STRING, WireCodecs.ref("t.Named", () -> NAMED)));
    assertThrows(InvalidProtocolBufferException.class, () -> viaRef.decode(KEY_ONLY));
  }

  @Test
  void defaultValueStillReportsARefusalAsAnIllegalState() {
    assertThrows(IllegalStateException.class, NAMED::defaultValue);
  }
}
