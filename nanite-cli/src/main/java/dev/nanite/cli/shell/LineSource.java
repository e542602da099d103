package dev.nanite.cli.shell;

import java.io.IOException;

/** Where the shell's command lines come from: a terminal with line editing, or a script. */
public interface LineSource extends AutoCloseable {
  /** The next line, or null at the end of input. */
  String readLine() throws IOException;

  @Override
  default void close() throws IOException {}
}
