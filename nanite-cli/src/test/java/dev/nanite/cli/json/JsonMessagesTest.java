package dev.nanite.cli.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON to request messages and response messages to JSON, on the fixture actor's schema. */
class JsonMessagesTest {
  private static FileDescriptor schema;

  @BeforeAll
  static void readSchema() throws Exception {
    try (InputStream in = JsonMessagesTest.class.getResourceAsStream(
        "/META-INF/nanite/proto/dev/nanite/cli/fixtures/fixture.desc")) {
      schema = FileDescriptor.buildFrom(FileDescriptorSet.parseFrom(in).getFile(0),
          new FileDescriptor[0]);
    }
  }

  private static Descriptor type(String name) {
    return schema.findMessageTypeByName(name);
  }

  private static String request(String type, String json) throws JsonArgumentException {
    DynamicMessage message = JsonMessages.request("/fixture/x", type(type), json);
    return message.toString().replaceAll("\\s+", " ").strip();
  }

  @Test
  void takesArgumentsByNameByPositionOrAsOneValue() throws Exception {
    assertEquals("a: 2 b: 40", request("AddRequest", "{\"a\": 2, \"b\": \"40\"}"));
    assertEquals("a: 2 b: 40", request("AddRequest", "[2, 40]"));
    assertEquals("message: \"hi\"", request("FailRequest", "\"hi\""));
    assertEquals("message: \"hi\"", request("FailRequest", "hi"));
    assertEquals("millis: 5", request("SleepRequest", "5"));
    assertEquals("", request("TouchRequest", ""));
    assertEquals("", request("AddRequest", null));
    assertEquals("words: \"a\" words: \"b\"", request("CountRequest", "{\"words\": [\"a\", \"b\"]}"));
    assertEquals("from { x: 1 y: 2 color: FIXTURE_COLOR_GREEN } dx: 3",
        request("MoveRequest", "{\"from\": {\"x\": 1, \"y\": 2, \"color\": \"FIXTURE_COLOR_GREEN\"},"
            + " \"dx\": 3}"));
  }

  @Test
  void namesTheParameterAtFault() {
    assertEquals("/fixture/x has no parameter 'c'; it takes (a: int32, b: int64)",
        assertThrows(JsonArgumentException.class, () -> request("AddRequest", "{\"c\": 1}"))
            .getMessage());
    assertEquals("parameter 'a' of /fixture/x is a int32: Not an int32 value: \"x\" (got \"x\")",
        assertThrows(JsonArgumentException.class, () -> request("AddRequest", "{\"a\": \"x\"}"))
            .getMessage());
    assertEquals("/fixture/x takes 2 arguments (a: int32, b: int64): give an object such as"
            + " {\"a\":0,\"b\":0} or an array",
        assertThrows(JsonArgumentException.class, () -> request("AddRequest", "7")).getMessage());
    assertEquals("/fixture/x takes 2 arguments (a: int32, b: int64), got 3",
        assertThrows(JsonArgumentException.class, () -> request("AddRequest", "[1, 2, 3]"))
            .getMessage());
    String notJson = assertThrows(JsonArgumentException.class,
        () -> request("AddRequest", "{\"a\": 1,")).getMessage();
    assertTrue(notJson.startsWith("the arguments of /fixture/x are not JSON ("), notJson);
    assertTrue(notJson.endsWith("give an object such as {\"a\":0,\"b\":0}, an array, or one value"),
        notJson);
    assertThrows(JsonArgumentException.class, () -> request("SleepRequest", "soon"),
        "a bare word is a string only for a method taking one string");
  }

  @Test
  void printsTheResultOnItsOwn() throws Exception {
    Descriptor add = type("AddResponse");
    assertEquals("\"42\"", JsonMessages.response(DynamicMessage.newBuilder(add)
        .setField(add.findFieldByName("result"), 42L).build()));
    assertEquals("\"0\"", JsonMessages.response(DynamicMessage.getDefaultInstance(add)),
        "a result without presence is printed at its zero value");
    assertEquals("null", JsonMessages.response(DynamicMessage.getDefaultInstance(
        type("FailResponse"))), "an absent optional result is null");
    assertEquals("null", JsonMessages.response(DynamicMessage.getDefaultInstance(
        type("TouchResponse"))), "void is null");
    assertEquals("{}", JsonMessages.response(DynamicMessage.getDefaultInstance(
        type("CountResponse"))));
    Descriptor fail = type("FailResponse");
    assertEquals("\"<a & b>\"", JsonMessages.response(DynamicMessage.newBuilder(fail)
        .setField(fail.findFieldByName("result"), "<a & b>").build()), "no HTML escapes");
  }

  @Test
  void describesSignaturesAndTemplates() {
    assertEquals("(from: Fixture_Point, dx: int32, color: Fixture_Color)",
        JsonMessages.signature(type("MoveRequest")));
    assertEquals("{\"from\":{},\"dx\":0,\"color\":\"FIXTURE_COLOR_RED\"}",
        JsonMessages.template(type("MoveRequest")));
    assertEquals("{\"words\":[]}", JsonMessages.template(type("CountRequest")));
    assertEquals("map<string, int32>",
        JsonMessages.typeName(type("CountResponse").findFieldByName("result")));
  }
}
