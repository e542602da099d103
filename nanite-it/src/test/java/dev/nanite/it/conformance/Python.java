package dev.nanite.it.conformance;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Python 3 running the scripts of {@code examples/python}, and Debian's protoc. Always
 * {@code /usr/bin/python3}, never the first {@code python3} on the PATH: Debian's python3-pika
 * and python3-protobuf are visible to that interpreter only (a pyenv shim, say, has its own
 * site-packages), and the modules protoc writes must match python3-protobuf's version, which
 * Debian's protobuf-compiler does.
 */
final class Python {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path PROTOC = Path.of("/usr/bin/protoc");
  /** The scripts, from the module's folder (where surefire runs the tests). */
  static final Path EXAMPLES = Path.of("..", "examples", "python").toAbsolutePath().normalize();

  private Python() {}

  /**
   * What the conformance test needs and this machine lacks, each with the Debian package that
   * provides it; empty if nothing is missing.
   */
  static List<String> missing() throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(PROTOC)) {
      missing.add(PROTOC + " (protobuf-compiler)");
    }
    if (!Files.isExecutable(PYTHON)) {
      missing.add(PYTHON + " (python3)");
      return missing;
    }
    Path dir = Files.createTempDirectory("nanite-python-check-");
    try {
      String absent = run(dir, Duration.ofSeconds(30), List.of(PYTHON.toString(), "-c",
          "import importlib\n"
              + "for module, package in (('pika', 'python3-pika'),"
              + " ('google.protobuf', 'python3-protobuf')):\n"
              + "    try:\n"
              + "        importlib.import_module(module)\n"
              + "    except ImportError:\n"
              + "        print('Python module %s (%s)' % (module, package))\n"));
      absent.lines().filter(line -> !line.isBlank()).forEach(missing::add);
    } finally {
      delete(dir);
    }
    return missing;
  }

  /** The command line running {@code script} of examples/python with {@code args}. */
  static List<String> script(String script, List<String> args) {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(),
        EXAMPLES.resolve(script).toString()));
    command.addAll(args);
    return command;
  }

  /**
   * Runs {@code command} in {@code dir} to its end within {@code timeout}.
   *
   * @return what it printed (standard output and error, interleaved)
   * @throws AssertionError carrying that output if it exits non-zero or outlives the timeout
   */
  static String run(Path dir, Duration timeout, List<String> command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "run-", ".out");
    Process process = builder(dir, command, output).start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(String.join(" ", command) + " did not finish within "
            + timeout + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited with "
            + process.exitValue() + ":\n" + printed);
      }
      return printed;
    } finally {
      kill(process);
    }
  }

  /** A process that runs until it is stopped, such as the Python agent. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final Path output;

    Running(Path dir, String name, List<String> command) throws IOException {
      this.output = dir.resolve(name + ".out");
      this.process = builder(dir, command, output).start();
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** What it printed so far. */
    String output() {
      try {
        return Files.readString(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    /** Sends SIGTERM, as a service manager would, and waits up to {@code timeout} for the end. */
    boolean stop(Duration timeout) throws InterruptedException {
      process.destroy();
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills it if it still runs: every test ends its processes, whatever happened. */
    @Override
    public void close() {
      try {
        kill(process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // killed already; only the wait was cut short
      }
    }
  }

  private static ProcessBuilder builder(Path dir, List<String> command, Path output) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        // A file, not a pipe: nothing has to read it for the process to go on writing.
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // No __pycache__ left in examples/python by the build; output written as it happens.
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONUNBUFFERED", "1");
    return builder;
  }

  private static void kill(Process process) throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Deletes {@code dir} and everything in it. */
  static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
