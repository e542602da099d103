package dev.nanite.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A password and where it came from. It prints as its source only, so that whatever holds one
 * (a spec, a message, a log line) can be printed without giving the password away.
 *
 * @param source where the password came from, for messages: a file, or an environment variable
 * @param value the password
 */
record Secret(String source, String value) {

  /**
   * The password in {@code file}: its content, without the trailing newline an editor or
   * {@code echo} leaves.
   *
   * @param setting the setting that named the file, for messages ({@code --password-file})
   * @throws IllegalArgumentException naming the setting and the file if it cannot be read or is
   *     empty
   */
  static Secret read(Path file, String setting) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(setting + ": the password file " + file
          + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(setting + ": cannot read the password file " + file
          + " (permission denied)");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(setting + ": the password file " + file
          + " is not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + ": cannot read the password file " + file
          + " (" + e.getMessage() + ")");
    }
    String password = text.replaceFirst("[\r\n]+$", "");
    if (password.isEmpty()) {
      throw new IllegalArgumentException(setting + ": the password file " + file + " is empty");
    }
    return new Secret(setting + " (" + file + ")", password);
  }

  /** The password in environment variable {@code name}. */
  static Secret env(String name, String value) {
    return new Secret("$" + name, value);
  }

  /** The password as key stores take it. */
  char[] chars() {
    return value.toCharArray();
  }

  /** Where the password came from; never the password. */
  @Override
  public String toString() {
    return source;
  }
}
