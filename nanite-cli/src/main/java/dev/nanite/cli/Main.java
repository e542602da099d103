package dev.nanite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code nanite} command: agents, the mapper shell, the embedded broker, RabbitMQ set-up and
 * the control tower. {@code bin/nanite} runs it from {@code nanite-cli/target/nanite.jar}.
 */
@Command(name = "nanite",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "A self-assembling fabric of worker daemons over AMQP.",
    description = {
        "",
        "Start a broker (nanite broker, or a RabbitMQ set up with nanite rabbitconf), run"
            + " agents (nanite agent DIR), then talk to them (nanite mapper -i) or watch them"
            + " (nanite admin). Every command reads the broker from --uri, else"
            + " $NANITE_AMQP_URI, else amqp://guest:guest@localhost:5672; the password of its"
            + " user from the URI, else --password-file, $NANITE_AMQP_PASSWORD_FILE or"
            + " $NANITE_AMQP_PASSWORD; for amqps://, the CAs to trust and a client"
            + " certificate from --trust-store and --key-store, else the JVM's.",
        "Agents and mappers bind identities to broker accounts with --secure, and sign"
            + " packets with a key from nanite keygen (docs/security.md).",
        ""},
    subcommands = {
        AgentCommand.class,
        MapperCommand.class,
        BrokerCommand.class,
        RabbitconfCommand.class,
        AdminCommand.class,
        KeygenCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @Spec
  CommandSpec spec;

  /** Runs {@code nanite} with the process's streams and exits with the command's exit code. */
  public static void main(String[] args) {
    System.exit(run(args, Io.system()));
  }

  /** Runs {@code nanite} with {@code args} on {@code io}; returns the exit code. */
  public static int run(String[] args, Io io) {
    return commandLine(io).execute(args);
  }

  /** The command line, wired to {@code io}. */
  static CommandLine commandLine(Io io) {
    CommandLine line = new CommandLine(new Main(), new Factory(io));
    line.setOut(new PrintWriter(io.out(), true));
    line.setErr(new PrintWriter(io.err(), true));
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExitCodeExceptionMapper(e -> ExitCodes.ERROR);
    line.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println("nanite: " + e.getMessage());
      failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
      return ExitCodes.USAGE;
    });
    // "nanite mapper request /foo/bar '{}' --selector all": what follows the first positional
    // parameter is a shell command, options included.
    line.getSubcommands().get("mapper").setStopAtPositional(true);
    RabbitconfCommand.describePermissions(line.getSubcommands().get("rabbitconf").getCommandSpec());
    return line;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Creates commands, handing {@link Io} to those whose constructor takes it. */
  private record Factory(Io io) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> withIo = type.getDeclaredConstructor(Io.class);
        return withIo.newInstance(io);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The version from the jar's {@code version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"nanite " + properties.getProperty("version", "(unknown version)"),
          "Java " + System.getProperty("java.version")};
    }
  }
}
