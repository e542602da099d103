package dev.nanite.cli.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * Lines from a terminal through JLine: a prompt, line editing, history kept in a file across
 * sessions, and completion of commands and known paths. Ctrl-C clears the line; Ctrl-D ends.
 */
public final class JLineSource implements LineSource {
  /** The shell's prompt. */
  public static final String PROMPT = "nanite> ";

  private final Terminal terminal;
  private final LineReader reader;

  private JLineSource(Terminal terminal, Path history, Supplier<Collection<String>> paths) {
    this.terminal = terminal;
    this.reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("nanite")
        .variable(LineReader.HISTORY_FILE, history)
        .completer((lineReader, line, candidates) -> {
          Collection<String> words = line.wordIndex() == 0 ? ShellCommands.NAMES
              : line.wordIndex() == 1 ? paths.get() : List.of();
          words.forEach(word -> candidates.add(new Candidate(word)));
        })
        .build();
  }

  /** The process's terminal; history in {@code history}. */
  public static JLineSource system(Path history, Supplier<Collection<String>> paths)
      throws IOException {
    return new JLineSource(TerminalBuilder.builder().system(true).build(), history, paths);
  }

  /** A terminal over given streams (a "dumb" one, as for a pipe), for tests. */
  public static JLineSource over(InputStream in, OutputStream out, Path history,
      Supplier<Collection<String>> paths) throws IOException {
    // TerminalBuilder would open a pseudo-terminal for streams on Unix; a pipe is dumb.
    Terminal terminal = new DumbTerminal("nanite", Terminal.TYPE_DUMB, in, out,
        StandardCharsets.UTF_8);
    return new JLineSource(terminal, history, paths);
  }

  @Override
  public String readLine() {
    while (true) {
      try {
        return reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        // Ctrl-C: drop the line and prompt again
      } catch (EndOfFileException e) {
        return null;
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      reader.getHistory().save();
    } finally {
      terminal.close();
    }
  }
}
