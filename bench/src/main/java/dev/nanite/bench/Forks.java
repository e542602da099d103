package dev.nanite.bench;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each scenario in a JVM of its own, with the same Java, options and classpath as this
 * one, and gathers their rows into one report.
 *
 * <p>Why: in one JVM a scenario ran on code compiled for the scenarios before it, and the
 * broker's too when it is the embedded one. Measured on the embedded broker, the push scenario
 * gave 1.14× its baseline alone or after request/reply, 0.94× after the call to all, and 0.74×
 * after both, with the same build; its baseline moved from 86,000 to 113,000 msg/s and the
 * fabric from 101,000 to 85,000. A scenario's numbers should not depend on which ran before
 * it, so each starts from a fresh JVM, as JMH forks each benchmark for the same reason. Within
 * a scenario the fabric and its baseline still share one JVM and take turns.
 */
final class Forks {
  private static final Logger log = LoggerFactory.getLogger(Forks.class);

  private Forks() {}

  /** Runs the scenarios named in {@code only} (all if empty), each in a fresh JVM. */
  static Report run(boolean quick, List<String> only) throws IOException, InterruptedException {
    String broker = null;
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Scenario scenario : BenchMain.selected(only)) {
      Path file = Files.createTempFile("nanite-bench-" + scenario.name(), ".rows");
      try {
        Report alone = runAlone(quick, scenario.name(), file);
        if (alone == null) {
          notes.add("scenario " + scenario.name() + " failed: its JVM gave no rows (see the log)");
          continue;
        }
        broker = alone.broker();
        rows.addAll(alone.rows());
        notes.addAll(alone.notes());
      } finally {
        Files.deleteIfExists(file);
      }
    }
    return new Report(broker == null ? "none reached" : broker, rows, notes, true);
  }

  /** Runs one scenario in a child JVM; its report, or null if it wrote none. */
  private static Report runAlone(boolean quick, String scenario, Path into)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Forks.class.getName());
    command.add(quick ? "quick" : "full");
    command.add(scenario);
    command.add(into.toString());
    log.info("scenario {}: starting its own JVM", scenario);
    Process child = new ProcessBuilder(command).inheritIO().start();
    // A backstop: every scenario bounds itself well within this.
    Duration limit = quick ? Duration.ofMinutes(5) : Duration.ofMinutes(30);
    if (!child.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      child.destroyForcibly();
      log.error("scenario {} still ran after {}; stopped", scenario, limit);
      return null;
    }
    if (child.exitValue() != 0 || Files.size(into) == 0) {
      log.error("scenario {}: its JVM exited with {}", scenario, child.exitValue());
      return null;
    }
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(into))) {
      return (Report) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("the rows of scenario " + scenario + " do not read back", e);
    }
  }

  /**
   * The child's entry point. Arguments: {@code full|quick}, the scenario's name, and the file
   * its report is written to.
   */
  public static void main(String[] args) throws Exception {
    boolean quick = args[0].equals("quick");
    Report report = BenchMain.run(quick, List.of(args[1]));
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(Path.of(args[2])))) {
      out.writeObject(report);
    }
    System.exit(0); // the scenario's non-daemon threads, if any, must not keep the child alive
  }
}
