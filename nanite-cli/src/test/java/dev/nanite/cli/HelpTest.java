package dev.nanite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every command explains itself with --help, and a wrong command line says what is wrong. */
class HelpTest {
  @ParameterizedTest
  @ValueSource(strings = {"agent", "mapper", "broker", "rabbitconf", "admin", "keygen"})
  void everySubcommandHasHelp(String command) {
    Cli.Result result = Cli.run("", command, "--help");
    assertEquals(ExitCodes.OK, result.exitCode(), result.toString());
    assertTrue(result.out().contains("Usage: nanite " + command + " [-h"), result.toString());
    assertTrue(result.out().contains("Exit codes: 0 ok;"), result.toString());
    assertEquals("", result.err());
    for (String line : result.out().lines().toList()) {
      assertTrue(line.length() <= 80, "fits a terminal: " + line);
    }
    assertEquals(result.out(), Cli.run("", "help", command).out(), "nanite help " + command);
  }

  @Test
  void theTopLevelListsTheCommands() {
    Cli.Result result = Cli.run("", "--help");
    assertEquals(ExitCodes.OK, result.exitCode());
    for (String command : new String[] {"agent", "mapper", "broker", "rabbitconf", "admin",
        "keygen"}) {
      assertTrue(result.out().contains("\n  " + command + " "), command + " in " + result);
    }
    assertEquals(result.out(), Cli.run("").out(), "nanite alone prints the same help");
    assertTrue(Cli.run("", "--version").out().startsWith("nanite 0.1.0"));
  }

  @Test
  void theHelpDocumentsTheAgentDirectoryAndThePermissions() {
    assertTrue(Cli.run("", "agent", "--help").out().contains("classpath = ../target/classes"));
    assertTrue(Cli.run("", "rabbitconf", "--help").out()
        .contains("Agent permissions:  configure '^(?!nanite\\.).+$'"));
  }

  @Test
  void theHelpDocumentsSecureModeAndSigning() {
    for (String command : new String[] {"agent", "mapper", "admin"}) {
      String help = Cli.run("", command, "--help").out();
      for (String flag : new String[] {"--secure", "--signing-key=FILE", "--key-id=ID",
          "--trusted-keys=FILE", "--signing-optional", "--signing-window=DURATION"}) {
        assertTrue(help.contains("  " + flag), command + " documents " + flag + ": " + help);
      }
      assertEquals(!command.equals("agent"), help.contains("--account-paths=FILE"), command);
      assertEquals(command.equals("agent"), help.contains("--callers=ACCOUNT"), command);
    }
    String agent = Cli.run("", "agent", "--help").out();
    assertTrue(agent.contains("  trusted-keys  = keys/trusted-keys"), agent);
    String rabbitconf = Cli.run("", "rabbitconf", "--help").out();
    assertTrue(rabbitconf.contains("--secure"), rabbitconf);
    assertTrue(rabbitconf.replaceAll("\\s+", "").contains( // the help wraps the expressions
        "configure'^(heartbeat|registration|advertise|nanite3(-.*)?)$'"), rabbitconf);
  }

  @Test
  void keygenSaysWhatItNeeds() {
    Cli.Result missing = Cli.run("", "keygen", "--key-id", "k1");
    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing.toString());
    assertTrue(missing.err().startsWith("nanite: Missing required option: '--identities"),
        missing.err());
    assertTrue(missing.err().contains("Try 'nanite keygen --help'."), missing.err());
    Cli.Result badId = Cli.run("", "keygen", "--key-id", "../k1", "--identities", "a-*");
    assertEquals(ExitCodes.USAGE, badId.exitCode(), badId.toString());
    assertTrue(badId.err().startsWith("nanite keygen: a key id names its file"), badId.err());
    Cli.Result badPattern = Cli.run("", "keygen", "--key-id", "k1", "--identities", "a*b");
    assertEquals(ExitCodes.USAGE, badPattern.exitCode(), badPattern.toString());
    assertTrue(badPattern.err().startsWith("nanite keygen: identities must be one identity, or a"
        + " prefix ending in '*'"), badPattern.err());
  }

  @Test
  void aWrongCommandLineSaysWhatIsWrong() {
    Cli.Result unknown = Cli.run("", "agent", "--frobnicate");
    assertEquals(ExitCodes.USAGE, unknown.exitCode());
    assertTrue(unknown.err().startsWith("nanite: Unknown option: '--frobnicate'"), unknown.err());
    assertTrue(unknown.err().contains("Try 'nanite agent --help'."), unknown.err());
    Cli.Result duration = Cli.run("", "agent", "--ping", "soon");
    assertEquals(ExitCodes.USAGE, duration.exitCode());
    assertTrue(duration.err().contains("not a duration: 'soon' (write it like 500ms, 2s"),
        duration.err());
    Cli.Result missing = Cli.run(Map.of(), "", "agent", "/no/such/dir");
    assertEquals(ExitCodes.USAGE, missing.exitCode());
    assertTrue(missing.err().contains("/no/such/dir does not exist"), missing.err());
  }
}
