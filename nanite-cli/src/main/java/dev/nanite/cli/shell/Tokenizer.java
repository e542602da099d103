package dev.nanite.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words, as a Unix shell would for the simple cases: blanks separate
 * words, {@code '...'} quotes literally, {@code "..."} quotes with backslash escapes, and a word
 * that starts with {@code {} or {@code [} runs to its matching bracket, so that JSON needs no
 * quoting: {@code request /mock/list {"filter": "1"}}.
 */
final class Tokenizer {
  private final String line;
  private int at;

  private Tokenizer(String line) {
    this.line = line;
  }

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException if a quote or bracket is not closed
   */
  static List<String> split(String line) {
    return new Tokenizer(line).words();
  }

  private List<String> words() {
    List<String> words = new ArrayList<>();
    while (true) {
      while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
        at++;
      }
      if (at >= line.length()) {
        return words;
      }
      char first = line.charAt(at);
      words.add(first == '{' || first == '[' ? json() : word());
    }
  }

  private String word() {
    StringBuilder word = new StringBuilder();
    while (at < line.length() && !Character.isWhitespace(line.charAt(at))) {
      char c = line.charAt(at++);
      if (c == '\'') {
        int end = line.indexOf('\'', at);
        if (end < 0) {
          throw new IllegalArgumentException("a ' quote is not closed");
        }
        word.append(line, at, end);
        at = end + 1;
      } else if (c == '"') {
        word.append(doubleQuoted());
      } else if (c == '\\' && at < line.length()) {
        word.append(line.charAt(at++));
      } else {
        word.append(c);
      }
    }
    return word.toString();
  }

  private String doubleQuoted() {
    StringBuilder out = new StringBuilder();
    while (at < line.length()) {
      char c = line.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\' && at < line.length()) {
        out.append(line.charAt(at++));
      } else {
        out.append(c);
      }
    }
    throw new IllegalArgumentException("a \" quote is not closed");
  }

  /** A JSON object or array, raw, up to its matching bracket. */
  private String json() {
    int start = at;
    int depth = 0;
    boolean inString = false;
    while (at < line.length()) {
      char c = line.charAt(at++);
      if (inString) {
        if (c == '\\') {
          at++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return line.substring(start, at);
        }
      }
    }
    throw new IllegalArgumentException("the JSON starting at '"
        + line.substring(start, Math.min(line.length(), start + 20)) + "' is not closed");
  }
}
