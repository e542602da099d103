package dev.nanite.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Lines read from a stream, for scripts piped into the shell: no prompt, no editing. */
public final class PlainLineSource implements LineSource {
  private final BufferedReader reader;

  /** Reads {@code in} as UTF-8. */
  public PlainLineSource(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  @Override
  public String readLine() throws IOException {
    return reader.readLine();
  }
}
