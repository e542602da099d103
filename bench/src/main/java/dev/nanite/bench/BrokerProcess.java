package dev.nanite.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU time of a broker that runs as another process on this host, read from Linux's /proc:
 * RabbitMQ's Erlang VM ({@code beam.smp}). On a small host the broker and the clients share the
 * cores, so what one call costs the broker bounds throughput as much as what it costs the mapper
 * and agents; the embedded broker's share is counted from its threads instead ({@link CpuTime}).
 */
public final class BrokerProcess {
  private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);
  private static final String ERLANG_VM = "beam.smp";
  /**
   * Linux reports process times in clock ticks of 1/100 s (USER_HZ, fixed for /proc): runs of a
   * few seconds are needed for a per-call figure to within a few percent.
   */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final Path stat;

  BrokerProcess(long pid) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
  }

  /**
   * The broker behind {@code uri} if it is on this host: the Erlang VM listening on its port,
   * where this process may read which one that is (its own, or as root), else the only Erlang
   * VM running here; otherwise empty (and logged).
   */
  static Optional<BrokerProcess> find(String uri) {
    URI parsed = URI.create(uri);
    String host = parsed.getHost();
    if (host == null || !(host.equals("localhost") || host.startsWith("127.")
        || host.equals("[::1]") || host.equals("::1"))) {
      log.info("broker CPU not measured: {} is not on this host", host);
      return Optional.empty();
    }
    List<Long> vms = erlangVms();
    int port = parsed.getPort() > 0 ? parsed.getPort() : 5672;
    List<Long> listening = listeningOn(vms, port);
    if (listening.size() == 1) {
      vms = listening;
    } else if (vms.size() != 1) {
      log.info("broker CPU not measured: {} Erlang VMs run here, and which listens on {} is not"
          + " readable", vms.size(), port);
      return Optional.empty();
    }
    BrokerProcess broker = new BrokerProcess(vms.get(0));
    try {
      broker.cpuNanos();
      return Optional.of(broker);
    } catch (IOException | RuntimeException e) {
      log.info("broker CPU not measured: {}", e.toString());
      return Optional.empty();
    }
  }

  /** CPU nanoseconds the broker process has used, user and system, all threads. */
  long cpuNanos() throws IOException {
    String line = Files.readString(stat);
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) * NANOS_PER_TICK;
  }

  /**
   * Those of {@code pids} holding a socket that listens on {@code port}, from /proc/net and each
   * process's descriptors; empty where these are not readable.
   */
  static List<Long> listeningOn(List<Long> pids, int port) {
    List<String> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] fields = line.trim().split("\\s+");
          // local_address is hex ip:port; state 0A is LISTEN; the inode is the tenth field.
          if (fields.length > 9 && fields[3].equals("0A")
              && fields[1].endsWith(String.format(":%04X", port))) {
            sockets.add("socket:[" + fields[9] + "]");
          }
        }
      } catch (IOException | RuntimeException e) {
        // no such table, or not readable
      }
    }
    List<Long> found = new ArrayList<>();
    for (long pid : pids) {
      try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
        if (fds.anyMatch(fd -> {
          try {
            return sockets.contains(Files.readSymbolicLink(fd).toString());
          } catch (IOException | RuntimeException e) {
            return false;
          }
        })) {
          found.add(pid);
        }
      } catch (IOException | RuntimeException e) {
        // another user's process, without privileges
      }
    }
    return found;
  }

  private static List<Long> erlangVms() {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(p -> {
            try {
              if (Files.readString(p.resolve("comm")).trim().equals(ERLANG_VM)) {
                found.add(Long.parseLong(p.getFileName().toString()));
              }
            } catch (IOException | RuntimeException e) {
              // ended while listing, or not readable: not the broker we can measure
            }
          });
    } catch (IOException | RuntimeException e) {
      log.info("broker CPU not measured: /proc is not readable ({})", e.toString());
    }
    return found;
  }
}
