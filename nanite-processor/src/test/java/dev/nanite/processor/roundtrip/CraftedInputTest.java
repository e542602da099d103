package dev.nanite.processor.roundtrip;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nanite.Endpoint;
import dev.nanite.Marshaller;
import dev.nanite.internal.codec.WireMessage;
import dev.nanite.processor.fixtures.roundtrip.EchoProtocol;
import dev.nanite.processor.fixtures.roundtrip.NestingProtocol;
import dev.nanite.processor.fixtures.roundtrip.Node;
import dev.nanite.stub.Args;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hand-made hostile requests: nesting past the depth limit, huge and negative lengths, invalid
 * UTF-8, numbers outside the Java type's range, stray end-group tags and deep unknown groups.
 * Each must fail with {@link InvalidProtocolBufferException}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, not waits
class CraftedInputTest {
  /** {@code n} Nodes, each the only child of the one before: a request of /nesting/node. */
  private static ByteString nodeChain(int n) {
    ByteString node = ByteString.EMPTY;
    for (int i = 1; i < n; i++) {
      node = Wire.of().field(2, node).bytes();
    }
    return Wire.of().field(1, node).bytes();
  }

  @Test
  void nestingIsLimitedLikeProtobufs() throws Exception {
    Marshaller<Args> node = NestingProtocol.NODE.requestMarshaller();
    ByteString deepest = nodeChain(WireMessage.MAX_DEPTH);
    Node decoded = node.decode(deepest).get(0);
    int depth = 1;
    for (; !decoded.children().isEmpty(); depth++) {
      decoded = decoded.children().get(0);
    }
    assertEquals(WireMessage.MAX_DEPTH, depth);
    assertDoesNotThrow(() -> DynamicMessage.parseFrom(Schemas.messageType(node), deepest));

    ByteString tooDeep = nodeChain(WireMessage.MAX_DEPTH + 1);
    assertThrows(InvalidProtocolBufferException.class, () -> node.decode(tooDeep));
    assertThrows(InvalidProtocolBufferException.class,
        () -> DynamicMessage.parseFrom(Schemas.messageType(node), tooDeep));
    assertRejected(NestingProtocol.NODE, nodeChain(10 * WireMessage.MAX_DEPTH));
  }

  @Test
  void deepUnknownGroupsAreRejectedWithoutOverflowingTheStack() {
    Wire groups = Wire.of();
    for (int i = 0; i < 100_000; i++) {
      groups.tag(99, Wire.START_GROUP);
    }
    for (int i = 0; i < 100_000; i++) {
      groups.tag(99, Wire.END_GROUP);
    }
    ByteString deep = groups.bytes();
    assertRejected(EchoProtocol.STRING, deep);
    assertRejected(NestingProtocol.NODE, Wire.of().field(1, deep).bytes());
    assertRejected(EchoProtocol.BY_STRING, Wire.of().field(1, deep).bytes());
  }

  @Test
  void strayEndGroupTagsAreRejected() {
    ByteString endGroup = Wire.of().tag(7, Wire.END_GROUP).bytes();
    assertRejected(EchoProtocol.STRING, endGroup);
    assertRejected(NestingProtocol.NODE, Wire.of().field(1, endGroup).bytes());
    assertRejected(EchoProtocol.BY_STRING, Wire.of().field(1, endGroup).bytes());
    assertRejected(EchoProtocol.INT32, Wire.of().field(1, 5).raw(endGroup).field(1, 6).bytes());
  }

  @Test
  void hugeAndNegativeLengthsAreRejected() {
    for (long length : new long[] {Integer.MAX_VALUE, 1L << 28, 64, -1L, Long.MIN_VALUE}) {
      for (Endpoint<Args, ?> e : List.of(EchoProtocol.STRING, EchoProtocol.BYTES,
          EchoProtocol.INT32S, EchoProtocol.BY_STRING, EchoProtocol.TIMESTAMP,
          NestingProtocol.NODE, NestingProtocol.GRID, NestingProtocol.MAYBE_MAYBE)) {
        assertRejected(e, Wire.of().tag(1, Wire.LEN).varint(length).raw(1, 2, 3).bytes());
      }
    }
    ByteString elevenByteVarint = Wire.of().tag(1, Wire.LEN)
        .raw(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).bytes();
    assertRejected(EchoProtocol.STRING, elevenByteVarint);
  }

  @Test
  void hugeDeclaredLengthsAreNotAllocated() {
    Assumptions.assumeTrue(ManagementFactory.getThreadMXBean()
        instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (Endpoint<Args, ?> e : List.of(EchoProtocol.BYTES, EchoProtocol.STRING,
        EchoProtocol.BYTE_STRING, EchoProtocol.INT64S, EchoProtocol.BY_INT32,
        NestingProtocol.NESTED)) {
      for (int i = 0; i < 20; i++) { // 2 GB claimed each time
        assertRejected(e, Wire.of().tag(1, Wire.LEN).varint(Integer.MAX_VALUE - i).raw(1, 2)
            .bytes());
      }
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 16 << 20, allocated + " bytes allocated to reject 120 inputs");
  }

  @Test
  void invalidUtf8IsRejectedWhereverAStringIs() {
    int[][] invalid = {
      {0xc0, 0x80}, // overlong NUL
      {0xed, 0xa0, 0x80}, // an encoded surrogate
      {0xf4, 0x90, 0x80, 0x80}, // above U+10FFFF
      {0xe2, 0x82}, // truncated
      {0x80}, {0xff}
    };
    for (int[] bytes : invalid) {
      ByteString text = Wire.of().raw(bytes).bytes();
      assertRejected(EchoProtocol.STRING, Wire.of().field(1, text).bytes());
      assertRejected(EchoProtocol.STRINGS, Wire.of().field(1, ByteString.EMPTY)
          .field(1, text).bytes());
      assertRejected(EchoProtocol.MAYBE_STRING, Wire.of().field(1, text).bytes());
      assertRejected(EchoProtocol.BY_STRING,
          Wire.of().field(1, Wire.of().field(1, text).bytes()).bytes());
      assertRejected(NestingProtocol.BOXES,
          Wire.of().field(1, Wire.of().field(9, text).bytes()).bytes());
    }
  }

  @Test
  void numbersOutsideTheJavaTypeAreRejected() {
    assertRejected(EchoProtocol.INT8, Wire.of().field(1, 128).bytes());
    assertRejected(EchoProtocol.INT8, Wire.of().field(1, -129).bytes());
    assertRejected(EchoProtocol.BOXED_INT16, Wire.of().field(1, 32_768).bytes());
    assertRejected(EchoProtocol.INT16, Wire.of().field(1, -32_769).bytes());
    assertRejected(EchoProtocol.CHAR16, Wire.of().field(1, 65_536).bytes());
    assertRejected(EchoProtocol.CHAR16, Wire.of().field(1, -1).bytes());
    assertRejected(EchoProtocol.COLOR, Wire.of().field(1, 4).bytes());
    assertRejected(EchoProtocol.COLOR, Wire.of().field(1, -1).bytes());
    assertRejected(EchoProtocol.INT8S, Wire.of().field(1, Wire.of().varint(1).varint(200)
        .bytes()).bytes()); // packed
    assertRejected(EchoProtocol.INT8S, Wire.of().field(1, 1).field(1, 300).bytes()); // unpacked
    assertRejected(EchoProtocol.COLOR_SET, Wire.of().field(1, 7).bytes());
    assertRejected(EchoProtocol.BY_INT8,
        Wire.of().field(1, Wire.of().field(1, 200).bytes()).bytes()); // map key
    assertRejected(EchoProtocol.BY_CHAR16,
        Wire.of().field(1, Wire.of().field(1, 70_000).bytes()).bytes());
    assertRejected(EchoProtocol.COLORS_BY_NAME,
        Wire.of().field(1, Wire.of().field(2, 9).bytes()).bytes()); // map value
    assertRejected(NestingProtocol.PRIMITIVES,
        Wire.of().field(1, Wire.of().field(6, 70_000).bytes()).bytes()); // in a record
  }

  @Test
  void valuesARecordConstructorRefusesAreRejected() {
    for (long value : new long[] {101, -1}) {
      ByteString percent = Wire.of().field(1, Wire.of().field(1, value).bytes()).bytes();
      InvalidProtocolBufferException e = assertThrows(InvalidProtocolBufferException.class,
          () -> NestingProtocol.PERCENT.requestMarshaller().decode(percent));
      assertTrue(e.getMessage().contains("not a percentage: " + value), e.getMessage());
    }
  }

  @Test
  void aMapEntryWithoutAValueTheRecordRequiresIsRejected() {
    ByteString entry = Wire.of().field(1, ByteString.copyFromUtf8("key")).bytes();
    InvalidProtocolBufferException e = assertThrows(InvalidProtocolBufferException.class,
        () -> NestingProtocol.NAMED.requestMarshaller().decode(Wire.of().field(1, entry).bytes()));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }

  private static void assertRejected(Endpoint<Args, ?> endpoint, ByteString input) {
    assertThrows(InvalidProtocolBufferException.class,
        () -> endpoint.requestMarshaller().decode(input),
        () -> endpoint.path() + " accepted " + HostileInputTest.hex(input));
  }
}
