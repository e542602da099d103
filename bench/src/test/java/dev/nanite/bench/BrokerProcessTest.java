package dev.nanite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker process's CPU time, read here from this JVM's own /proc entry. */
class BrokerProcessTest {
  static volatile long sink;

  @Test
  void cpuTimeOfAProcessGrowsAsItWorks() throws Exception {
    BrokerProcess self = new BrokerProcess(ProcessHandle.current().pid());
    long before = self.cpuNanos();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long spin = 0;
    while (self.cpuNanos() <= before) {
      assertTrue(System.nanoTime() < deadline, "no CPU time counted after 20 s of work");
      for (int i = 0; i < 1_000_000; i++) {
        spin += i ^ spin;
      }
    }
    sink = spin; // keeps the work from being optimized away
    assertEquals(0, (self.cpuNanos() - before) % 10_000_000L, "counted in ticks of 10 ms");
  }

  @Test
  void theProcessListeningOnAPortIsFoundByIt() throws Exception {
    long self = ProcessHandle.current().pid();
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(java.util.List.of(self),
          BrokerProcess.listeningOn(java.util.List.of(self), socket.getLocalPort()));
    }
  }

  @Test
  void aBrokerOnAnotherHostIsNotMeasured() {
    assertTrue(BrokerProcess.find("amqp://guest:guest@broker.example:5672").isEmpty());
  }
}
