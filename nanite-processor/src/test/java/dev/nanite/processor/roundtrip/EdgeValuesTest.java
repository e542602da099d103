package dev.nanite.processor.roundtrip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.stub.Args;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values at the edges of what the wire carries, pinned one by one. */
class EdgeValuesTest {
  /**
   * Strings travel as UTF-8, which cannot encode an unpaired surrogate: each is sent as '?', as
   * documented. A char is a number, not text, so a lone surrogate char survives.
   */
  @Test
  void loneSurrogatesInStringsBecomeQuestionMarksButSurviveAsChars() throws Exception {
    assertEquals("a?b", echoString("a\ud800b"));
    assertEquals("?", echoString("\udc00"));
    assertEquals("??", echoString("\udc00\ud800")); // a pair in the wrong order
    assertEquals("x?", echoString("x\ud83d")); // a high surrogate at the end
    assertEquals("\ud83d\ude00", echoString("\ud83d\ude00")); // a valid pair: U+1F600
    assertEquals(List.of("?", "ok"), EchoProtocol.STRINGS.requestMarshaller().decode(
        EchoProtocol.STRINGS.requestMarshaller().encode(Args.of(List.of("\ud800", "ok"))))
        .get(0));
    for (char c : new char[] {'\ud800', '\udbff', '\udc00', '\udfff'}) {
      assertEquals(c, (char) EchoProtocol.CHAR16.requestMarshaller().decode(
          EchoProtocol.CHAR16.requestMarshaller().encode(Args.of(c))).<Character>get(0));
    }
  }

  @Test
  void negativeZeroIsSentWhilePositiveZeroIsLeftOut() {
    assertEquals(ByteString.EMPTY, EchoProtocol.FLOAT64.requestMarshaller().encode(Args.of(0d)));
    assertNotEquals(ByteString.EMPTY,
        EchoProtocol.FLOAT64.requestMarshaller().encode(Args.of(-0d)));
    assertNotEquals(ByteString.EMPTY,
        EchoProtocol.FLOAT32.requestMarshaller().encode(Args.of(-0f)));
    assertNotEquals(ByteString.EMPTY,
        EchoProtocol.BOXED_FLOAT64.requestMarshaller().encode(Args.of(0d)),
        "a box is an optional field: zero is present");
  }

  @Test
  void signalingNanPayloadsSurviveBitForBit() throws Exception {
    for (int bits : new int[] {0x7f80_0001, 0xff80_0001, 0x7fbf_ffff, 0x7fc0_0001}) {
      float f = EchoProtocol.FLOAT32.responseMarshaller().decode(
          EchoProtocol.FLOAT32.responseMarshaller().encode(Float.intBitsToFloat(bits)));
      assertEquals(bits, Float.floatToRawIntBits(f), Integer.toHexString(bits));
    }
    long bits = 0x7ff0_0000_0000_0001L;
    double d = EchoProtocol.FLOAT64.responseMarshaller().decode(
        EchoProtocol.FLOAT64.responseMarshaller().encode(Double.longBitsToDouble(bits)));
    assertEquals(bits, Double.doubleToRawLongBits(d));
  }

  private static String echoString(String s) throws Exception {
    return EchoProtocol.STRING.requestMarshaller().decode(
        EchoProtocol.STRING.requestMarshaller().encode(Args.of(s))).get(0);
  }
}
