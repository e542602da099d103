package dev.nanite.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How often encoding sizes nested messages. Every message is sized by its parent's size pass
 * and again before it is written (for its length prefix), so a chain of n nested messages costs
 * about n²/2 sizings; a list must not add another pass per level to look for null elements.
 */
class EncodeCostTest {
  record Node(String name, List<Node> children) {}

  private static int sized;

  /** The Node codec, counting every time a nested Node is sized. */
  private static final WireCodec<Node> COUNTED =
      new WireCodec<>("t.Node", WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        @Override
        public int sizeNoTag(Node value) {
          sized++;
          return EncodeCostTest.NODE.sizeNoTag(value);
        }

        @Override
        public void writeNoTag(CodedOutputStream out, Node value) throws IOException {
          EncodeCostTest.NODE.writeNoTag(out, value);
        }

        @Override
        public Node read(CodedInputStream in, int depth) throws IOException {
          return EncodeCostTest.NODE.read(in, depth);
        }

        @Override
        public Node defaultValue() {
          return EncodeCostTest.NODE.defaultValue();
        }
      };

  static final WireMessage<Node> NODE = WireMessage.<Node>builder("t.Node")
      .field(WireFields.optional(1, "name", WireCodecs.STRING), Node::name)
      .field(WireFields.list(2, "children", COUNTED), Node::children)
      .build(v -> new Node((String) v[0], cast(v[1])));

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }

  @Test
  void aChainOfNestedMessagesIsSizedOncePerEnclosingWrite() throws Exception {
    int n = 50;
    Node node = new Node("leaf", List.of());
    for (int i = 0; i < n; i++) {
      node = new Node("n" + i, List.of(node));
    }
    sized = 0;
    Node decoded = NODE.decode(NODE.encode(node));
    assertEquals(node, decoded);
    // the size pass sizes each of the n nested Nodes once; writing Node k sizes it again
    assertEquals(n + n * (n - 1) / 2, sized);
  }

  @Test
  void aNullElementIsStillRejectedBeforeAnythingIsWritten() {
    Node bad = new Node("root", List.of(new Node("a", Arrays.asList(new Node("b", null), null))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NODE.encode(bad));
    assertTrue(e.getMessage().startsWith("field children (2): null element at index 1"),
        e.getMessage());
  }
}
