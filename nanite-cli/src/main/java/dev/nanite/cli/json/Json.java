package dev.nanite.cli.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/** Strict JSON reading and compact writing, shared by the shell and the control tower. */
public final class Json {
  /** Writes compact JSON, leaving {@code <}, {@code =} and friends unescaped. */
  public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Json() {}

  /**
   * Parses one JSON value, strictly: no unquoted strings, no trailing text.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static JsonElement parse(String text) {
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setLenient(false);
      JsonElement element = GSON.getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new IllegalArgumentException("text after the JSON value at " + position(reader));
      }
      return element;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException i && i.getMessage().startsWith("text after")) {
        throw i;
      }
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      message = message.replaceFirst("^[\\w.]+Exception: ", "")
          .replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON")
          .replaceFirst(" path \\$.*$", "");
      throw new IllegalArgumentException(message, e);
    }
  }

  private static String position(JsonReader reader) {
    String where = reader.toString();
    int at = where.indexOf(" at ");
    return at < 0 ? where : where.substring(at + 4);
  }

  /** {@code value} as a JSON string literal. */
  public static String quote(String value) {
    return GSON.toJson(value);
  }
}
