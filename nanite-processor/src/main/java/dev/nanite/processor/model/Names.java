package dev.nanite.processor.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** Spelling conversions between Java names, paths and protobuf names. */
public final class Names {
  /** What a prefix or a path name may look like. */
  public static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9_]*");

  private Names() {}

  /**
   * {@code ImageResizer} → {@code image_resizer}, {@code listAll} → {@code list_all},
   * {@code HTTPServer} → {@code http_server}, {@code getV2Data} → {@code get_v2_data}.
   */
  public static String snakeCase(String javaName) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLowerOrDigit =
            i > 0 && (Character.isLowerCase(javaName.charAt(i - 1))
                || Character.isDigit(javaName.charAt(i - 1)));
        boolean endsAcronym =
            i > 0
                && Character.isUpperCase(javaName.charAt(i - 1))
                && i + 1 < javaName.length()
                && Character.isLowerCase(javaName.charAt(i + 1));
        if ((afterLowerOrDigit || endsAcronym) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else if (c == '$') {
        out.append('_');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code list_all} → {@code ListAll}. */
  public static String upperCamel(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** {@code list_all} or {@code ListAll} → {@code LIST_ALL}. */
  public static String upperSnake(String name) {
    return snakeCase(name).toUpperCase(Locale.ROOT);
  }
}
