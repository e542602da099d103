package dev.nanite.cli;

import dev.nanite.cli.rabbit.ManagementApi;
import dev.nanite.cli.rabbit.Permissions;
import dev.nanite.cli.rabbit.RabbitAdmin;
import dev.nanite.cli.rabbit.RabbitAdminException;
import dev.nanite.cli.rabbit.Rabbitconf;
import dev.nanite.cli.rabbit.Rabbitmqctl;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code nanite rabbitconf}: sets up a RabbitMQ vhost and accounts for a Nanite fabric. */
@Command(name = "rabbitconf",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Sets up a RabbitMQ vhost, a mapper account and agent accounts.",
    description = {
        "",
        "Sets up a RabbitMQ for Nanite, as the seed's rabbitconf did: a vhost (one fabric), a"
            + " mapper account and agent accounts nanite1..nanite15, each with the permissions"
            + " it needs and no more. Idempotent: what exists is reported and left alone"
            + " (passwords included); permissions that differ are set again. Prints each"
            + " action.",
        "It uses RabbitMQ's management API when it answers, else rabbitmqctl (which must be"
            + " allowed to reach the node: run it as root or as the rabbitmq user).",
        "--secure sets the accounts up for secure mode (docs/security.md): each account may"
            + " declare, bind and consume only the queues of the identities it may claim"
            + " (nanite3: nanite3 and nanite3-*), and it prints the flags agents and mappers"
            + " then need. No account keeps the impersonator tag, which would let it publish"
            + " under another's name.",
        ""},
    footer = ExitCodes.FOOTER)
final class RabbitconfCommand implements Callable<Integer> {
  /** How to reach RabbitMQ's administration. */
  enum Via {
    /** The management API if it answers, else rabbitmqctl. */
    AUTO,
    /** The management API only. */
    MANAGEMENT,
    /** rabbitmqctl only. */
    RABBITMQCTL
  }

  private final Io io;

  @Option(names = "--vhost", defaultValue = "/nanite",
      description = "The vhost (default ${DEFAULT-VALUE}).")
  String vhost;

  @Option(names = "--mapper-user", defaultValue = "mapper",
      description = "The mapper account (default ${DEFAULT-VALUE}).")
  String mapperUser;

  @Option(names = "--agent-prefix", defaultValue = "nanite",
      description = "Agent accounts are this and a number (default ${DEFAULT-VALUE}).")
  String agentPrefix;

  @Option(names = "--agents", defaultValue = "15",
      description = "How many agent accounts (default ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--password", defaultValue = "testing",
      description = "The password of the accounts it creates (default '${DEFAULT-VALUE}', the"
          + " seed's: fine on a development machine, nowhere else).")
  String password;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the accounts' password from this file instead, so that it is in no"
          + " command line.")
  Path passwordFile;

  @Option(names = "--node", paramLabel = "NODE",
      description = "The node rabbitmqctl administers, such as rabbit@rabbit1 (default: its"
          + " own default). Users and permissions are cluster-wide: any node will do.")
  String node;

  @Option(names = "--via", defaultValue = "auto",
      description = "auto (default), management or rabbitmqctl.")
  Via via;

  @Option(names = "--management-url", defaultValue = "http://localhost:15672",
      description = "The management API (default ${DEFAULT-VALUE}).")
  URI managementUrl;

  @Option(names = "--admin-user", defaultValue = "guest",
      description = "An administrator of the management API (default ${DEFAULT-VALUE}).")
  String adminUser;

  @Option(names = "--admin-password", defaultValue = "guest",
      description = "Its password (default ${DEFAULT-VALUE}).")
  String adminPassword;

  @Option(names = "--rabbitmqctl", defaultValue = "rabbitmqctl",
      description = "The rabbitmqctl to run (default ${DEFAULT-VALUE}, on the PATH).")
  String rabbitmqctl;

  @Option(names = "--secure",
      description = "Permissions for secure mode: an account's queues are named after it.")
  boolean secure;

  @Option(names = "--delete",
      description = "Delete the accounts and the vhost instead (with everything in it).")
  boolean delete;

  RabbitconfCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Rabbitconf plan;
    try {
      plan = new Rabbitconf(vhost, mapperUser, agentPrefix, agents, password(), secure);
    } catch (IllegalArgumentException e) {
      io.err().println("nanite rabbitconf: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    RabbitAdmin admin = admin();
    if (admin == null) {
      return ExitCodes.UNAVAILABLE;
    }
    io.out().println("using " + admin.describe());
    try {
      if (delete) {
        plan.delete(admin, io.out()::println);
      } else {
        plan.apply(admin, io.out()::println);
        io.out().println("done: vhost " + vhost + ", mapper account " + mapperUser + ", "
            + agents + " agent account(s) " + (agents == 0 ? ""
                : agentPrefix + "1.." + agentPrefix + agents));
        if (secure) {
          secureFlags().forEach(io.out()::println);
        } else {
          io.out().println("(for secure mode, which binds each agent's identity and queue to"
              + " its account, run again with --secure)");
        }
      }
      return ExitCodes.OK;
    } catch (RabbitAdminException e) {
      io.err().println("nanite rabbitconf: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
  }

  private RabbitAdmin admin() {
    ManagementApi api = new ManagementApi(managementUrl, adminUser, adminPassword);
    if (via != Via.RABBITMQCTL && api.available()) {
      return api;
    }
    if (via == Via.MANAGEMENT) {
      io.err().println("nanite rabbitconf: the management API at " + managementUrl
          + " does not answer (is the rabbitmq_management plugin enabled?)");
      return null;
    }
    Rabbitmqctl ctl = new Rabbitmqctl(rabbitmqctl, node);
    if (ctl.available()) {
      return ctl;
    }
    io.err().println("nanite rabbitconf: neither the management API at " + managementUrl
        + (via == Via.RABBITMQCTL ? " (not tried)" : "") + " nor '" + rabbitmqctl
        + " status' answers: is RabbitMQ running, and may this user run rabbitmqctl?");
    return null;
  }

  /** What agents and mappers on these accounts need for secure mode, to print at the end. */
  private List<String> secureFlags() {
    String host = node != null && node.contains("@") ? node.substring(node.indexOf('@') + 1)
        : managementUrl.getHost() == null ? "localhost" : managementUrl.getHost();
    String path = "/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8);
    String agent = agents == 0 ? "AGENT" : agentPrefix + "1";
    List<String> lines = new ArrayList<>();
    lines.add("secure mode: start every agent and mapper with --secure, each agent on an"
        + " account of its own (add --password-file FILE, and amqps:// with TLS):");
    lines.add("  nanite agent DIR --secure --uri 'amqp://" + agent + "@" + host + ":5672" + path
        + "'");
    lines.add("  nanite mapper -i --secure --uri 'amqp://" + mapperUser + "@" + host + ":5672"
        + path + "'");
    lines.add("agent " + agent + " is then named " + agent + "-<directory>-<host>-<pid> (any"
        + " identity " + agent + " or " + agent + "-...), mappers " + mapperUser + "-<random>");
    return lines;
  }

  /** The password: that of {@code --password-file} if given, else {@code --password}. */
  private String password() {
    return passwordFile == null ? password : Secret.read(passwordFile, "--password-file").value();
  }

  /** Adds the permissions it sets to the command's help, so that the help shows what applies. */
  static void describePermissions(CommandSpec spec) {
    List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
    lines.add(lines.size() - 1, "");
    lines.add(lines.size() - 1, "Mapper permissions: " + Permissions.MAPPER);
    lines.add(lines.size() - 1, "Agent permissions:  " + Permissions.AGENT);
    lines.add(lines.size() - 1,
        "Agents' identities (their queue names) must not start with 'nanite.'.");
    lines.add(lines.size() - 1, "With --secure, agent nanite3's permissions are: "
        + Permissions.secureAgent("nanite3") + "; the mapper's own queues are"
        + " nanite.mapper.<mapper>[-...].(inbox|replies).");
    spec.usageMessage().description(lines.toArray(String[]::new));
  }
}
