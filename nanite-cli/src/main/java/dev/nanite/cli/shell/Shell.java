package dev.nanite.cli.shell;

import dev.nanite.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The mapper shell: runs commands ({@code agents}, {@code request}, ...; see {@code help}) read
 * a line at a time, until {@code quit} or the end of input. An error in one command is printed
 * and the shell goes on. Used by one thread.
 */
public final class Shell {
  private final Session session;
  private final Map<String, CommandLine> commands = new LinkedHashMap<>();

  /** A shell over {@code session}. */
  public Shell(Session session) {
    this.session = session;
    ShellCommands target = new ShellCommands(session);
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type.isInstance(target) ? type.cast(target)
            : CommandLine.defaultFactory().create(type);
      }
    };
    for (Method method : CommandLine.getCommandMethods(ShellCommands.class, null)) {
      CommandLine command = configure(new CommandLine(method, factory));
      commands.put(command.getCommandName(), command);
      for (String alias : command.getCommandSpec().aliases()) {
        commands.put(alias, command);
      }
    }
  }

  private CommandLine configure(CommandLine command) {
    command.setOut(new PrintWriter(session.out(), true));
    command.setErr(new PrintWriter(session.err(), true));
    command.setParameterExceptionHandler((e, args) -> {
      session.err().println("error: " + e.getMessage() + " (see: "
          + e.getCommandLine().getCommandName() + " --help)");
      return ExitCodes.USAGE;
    });
    command.setExecutionExceptionHandler((e, line, parsed) -> {
      session.err().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.ERROR;
    });
    return command;
  }

  /** Runs every line of {@code lines} until {@code quit}; returns the last command's exit code. */
  public int run(LineSource lines) throws IOException {
    int last = ExitCodes.OK;
    String line;
    while (!session.quit() && (line = lines.readLine()) != null) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      last = execute(trimmed);
      session.out().flush();
    }
    return last;
  }

  /** Runs one command line; returns its exit code. */
  public int execute(String line) {
    List<String> words;
    try {
      words = Tokenizer.split(line);
    } catch (IllegalArgumentException e) {
      session.err().println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    return execute(words);
  }

  /** Runs one command given as words (as a command line passes them); returns its exit code. */
  public int execute(List<String> words) {
    if (words.isEmpty()) {
      return ExitCodes.OK;
    }
    String name = words.get(0);
    if (name.equals("help")) {
      return help(words.size() > 1 ? words.get(1) : null);
    }
    CommandLine command = commands.get(name);
    if (command == null) {
      session.err().println("error: unknown command '" + name + "'; the commands are "
          + String.join(", ", ShellCommands.NAMES));
      return ExitCodes.USAGE;
    }
    return command.execute(words.subList(1, words.size()).toArray(String[]::new));
  }

  private int help(String name) {
    if (name != null) {
      CommandLine command = commands.get(name);
      if (command == null) {
        session.err().println("error: unknown command '" + name + "'; the commands are "
            + String.join(", ", ShellCommands.NAMES));
        return ExitCodes.USAGE;
      }
      command.usage(session.out());
      return ExitCodes.OK;
    }
    session.out().println("Commands (help COMMAND says more):");
    for (String key : ShellCommands.NAMES) {
      CommandLine command = commands.get(key);
      String[] description = command == null ? new String[] {"Shows this list, or a command's help."}
          : command.getCommandSpec().usageMessage().description();
      session.out().printf("  %-8s %s%n", key, description.length == 0 ? "" : description[0]);
    }
    return ExitCodes.OK;
  }
}
