package dev.nanite.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code nanite} in this JVM with scripted input, capturing what it prints. */
final class Cli {
  /** What a run printed and returned; {@code all} is output and errors as they interleaved. */
  record Result(int exitCode, String out, String err, String all) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + all;
    }
  }

  private Cli() {}

  /** Runs {@code args} with {@code stdin} as input and an empty environment. */
  static Result run(String stdin, String... args) {
    return run(Map.of(), stdin, args);
  }

  static Result run(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(new Tee(out, all), true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(new Tee(err, all), true, StandardCharsets.UTF_8);
    int code = Main.run(args, new Io(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), outStream, errStream,
        env));
    outStream.flush();
    errStream.flush();
    return new Result(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), all.toString(StandardCharsets.UTF_8));
  }

  /** Writes to two streams; synchronized on the second, which both tees share. */
  private static final class Tee extends java.io.OutputStream {
    private final ByteArrayOutputStream own;
    private final ByteArrayOutputStream shared;

    Tee(ByteArrayOutputStream own, ByteArrayOutputStream shared) {
      this.own = own;
      this.shared = shared;
    }

    @Override
    public void write(int b) {
      synchronized (shared) {
        own.write(b);
        shared.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (shared) {
        own.write(b, off, len);
        shared.write(b, off, len);
      }
    }
  }
}
