package dev.nanite.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a daemon command running until SIGTERM or SIGINT (Ctrl-C), then runs its stop. */
final class Daemon {
  private Daemon() {}

  /** Blocks until the JVM is told to stop; {@code stop} runs, once, before it exits. */
  static void runUntilStopped(Runnable stop) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "nanite-stop"));
    new CountDownLatch(1).await(); // the JVM exits once the shutdown hooks have run
  }
}
