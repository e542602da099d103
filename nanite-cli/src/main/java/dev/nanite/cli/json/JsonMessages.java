package dev.nanite.cli.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns JSON into a path's request message and its response message into JSON, using the
 * schema the agents advertise (field <i>n</i> of a request is parameter <i>n</i>; field 1 of a
 * response is the result). Arguments may be given three ways:
 *
 * <ul>
 *   <li>an object, by parameter name: {@code {"filter": "1"}};
 *   <li>an array, by position: {@code ["1"]};
 *   <li>a single value, for a method with one parameter: {@code "1"}.
 * </ul>
 *
 * <p>Errors name the parameter at fault. Stateless and thread-safe.
 */
public final class JsonMessages {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence();

  private JsonMessages() {}

  /**
   * The request message of {@code path} built from {@code json}; no JSON (null or blank) means
   * no arguments.
   *
   * @throws JsonArgumentException saying which parameter is wrong, or that the text is not JSON
   */
  public static DynamicMessage request(String path, Descriptor type, String json)
      throws JsonArgumentException {
    if (json == null || json.isBlank()) {
      return DynamicMessage.getDefaultInstance(type);
    }
    JsonElement arguments;
    try {
      arguments = Json.parse(json);
    } catch (IllegalArgumentException e) {
      if (bareWord(json) && type.getFields().size() == 1
          && type.getFields().get(0).getJavaType() == FieldDescriptor.JavaType.STRING) {
        return DynamicMessage.newBuilder(type).setField(type.getFields().get(0), json).build();
      }
      throw new JsonArgumentException("the arguments of " + path + " are not JSON (" + e.getMessage()
          + "); give an object such as " + template(type) + ", an array, or one value");
    }
    List<FieldDescriptor> fields = type.getFields();
    if (arguments.isJsonObject()) {
      return fromObject(path, type, arguments.getAsJsonObject());
    }
    if (arguments.isJsonArray()) {
      JsonArray array = arguments.getAsJsonArray();
      if (array.size() > fields.size()) {
        throw new JsonArgumentException(path + " takes " + count(fields) + " " + signature(type)
            + ", got " + array.size());
      }
      JsonObject named = new JsonObject();
      for (int i = 0; i < array.size(); i++) {
        named.add(fields.get(i).getJsonName(), array.get(i));
      }
      return fromObject(path, type, named);
    }
    if (fields.size() != 1) {
      throw new JsonArgumentException(path + " takes " + count(fields) + " " + signature(type)
          + ": give an object such as " + template(type) + " or an array");
    }
    JsonObject named = new JsonObject();
    named.add(fields.get(0).getJsonName(), arguments);
    return fromObject(path, type, named);
  }

  /** Text that cannot be meant as JSON, which a one-string method takes as its string. */
  private static boolean bareWord(String text) {
    char first = text.strip().charAt(0);
    return first != '{' && first != '[' && first != '"';
  }

  private static DynamicMessage fromObject(String path, Descriptor type, JsonObject object)
      throws JsonArgumentException {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      FieldDescriptor field = field(type, entry.getKey());
      if (field == null) {
        throw new JsonArgumentException(path + " has no parameter '" + entry.getKey() + "'; it"
            + " takes " + signature(type));
      }
      JsonObject single = new JsonObject();
      single.add(entry.getKey(), entry.getValue());
      try {
        PARSER.merge(Json.GSON.toJson(single), builder);
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        throw new JsonArgumentException("parameter '" + field.getJsonName() + "' of " + path
            + " is a " + typeName(field) + ": " + e.getMessage() + " (got "
            + Json.GSON.toJson(entry.getValue()) + ")");
      }
    }
    return builder.build();
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor field = type.findFieldByName(name);
    if (field != null) {
      return field;
    }
    return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst()
        .orElse(null);
  }

  /**
   * A response message as JSON: the result (field 1) on its own, {@code null} for a method
   * that returns nothing, or the whole message if it has another shape.
   */
  public static String response(DynamicMessage message) {
    List<FieldDescriptor> fields = message.getDescriptorForType().getFields();
    String whole;
    try {
      whole = PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot print the response as JSON: " + e.getMessage(), e);
    }
    if (fields.isEmpty()) {
      return "null";
    }
    if (fields.size() == 1 && fields.get(0).getNumber() == 1) {
      JsonElement result = Json.parse(whole).getAsJsonObject().get(fields.get(0).getJsonName());
      return result == null ? "null" : Json.GSON.toJson(result);
    }
    return whole;
  }

  /** The parameters of a request message, such as {@code (filter: string, limit: int32)}. */
  public static String signature(Descriptor type) {
    return type.getFields().stream()
        .map(field -> field.getJsonName() + ": " + typeName(field))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** A JSON object with every parameter at its zero value, as an example to edit. */
  public static String template(Descriptor type) {
    JsonObject example = new JsonObject();
    for (FieldDescriptor field : type.getFields()) {
      example.add(field.getJsonName(), Json.parse(zero(field)));
    }
    return Json.GSON.toJson(example);
  }

  /** The protobuf type of a field as the shell shows it: {@code string}, {@code repeated int32}. */
  public static String typeName(FieldDescriptor field) {
    if (field.isMapField()) {
      Descriptor entry = field.getMessageType();
      return "map<" + typeName(entry.findFieldByNumber(1)) + ", "
          + typeName(entry.findFieldByNumber(2)) + ">";
    }
    String base = switch (field.getJavaType()) {
      case MESSAGE -> field.getMessageType().getName();
      case ENUM -> field.getEnumType().getName();
      default -> field.getType().name().toLowerCase(java.util.Locale.ROOT);
    };
    return field.isRepeated() ? "repeated " + base : base;
  }

  private static String zero(FieldDescriptor field) {
    if (field.isMapField() || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && !field.isRepeated()) {
      return "{}";
    }
    if (field.isRepeated()) {
      return "[]";
    }
    return switch (field.getJavaType()) {
      case BOOLEAN -> "false";
      case STRING -> "\"\"";
      case BYTE_STRING -> "\"\"";
      case ENUM -> Json.quote(field.getEnumType().getValues().get(0).getName());
      default -> "0";
    };
  }

  private static String count(List<FieldDescriptor> fields) {
    return fields.size() == 1 ? "1 argument" : fields.size() + " arguments";
  }
}
