package dev.nanite.internal.mapper;

import com.rabbitmq.client.Envelope;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Counters;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import dev.nanite.internal.security.Gate;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A mapper's registry side wired as {@link MapperRuntime} wires it (registry, selection,
 * membership, inbox consumer) but without a broker, and filled with {@value #AGENTS} agents
 * registered from real {@code Register} packets. Shared by the JMH benchmarks of this package,
 * which live in the runtime's tests because the mapper's internals are package-private; the
 * bench module runs them from this module's test jar (its scenario 5).
 */
final class BenchMapper {
  /** How many agents the benchmarks choose among; every one serves {@link #PATH}. */
  static final int AGENTS = 1_000;
  /** The path of bench's {@code Orders#place}, whose request the codec benchmark encodes. */
  static final String PATH = "/orders/place";
  /**
   * Typed calls carry their fingerprint, so selection compares it on every candidate: this is
   * the one nanite-processor gives {@code Orders#place}; any 16 hex digits would do as well.
   */
  static final String FINGERPRINT = "c7948bed9e7aa792";
  /** The consumer ignores the envelope today; a real one keeps that from mattering later. */
  private static final Envelope ENVELOPE = new Envelope(1, false, "bench", "");

  final MapperSettings settings = new MapperSettings(Fabric.UNUSED_BROKER, "bench-mapper", null,
      Duration.ofSeconds(30), 1.0, 100_000, false, 16 * 1024 * 1024, 100, Duration.ofSeconds(1),
      List.of(), List.of(), null, Duration.ZERO, List.of(), false, List.of(), dev.nanite.internal.security.SecuritySettings.OPEN);
  final Registry registry = new Registry();
  final MapperStats stats = new MapperStats();
  final Selection selection = new Selection(registry, settings.inFlightWeight());
  final Membership membership;
  final PacketConsumer inbox;

  BenchMapper() {
    // Calls needs its channels, scheduler and envelopes only to send; membership reaches it
    // only through retryWaiting(), which returns at once while no call waits for an agent.
    Calls calls = new Calls(settings, registry, selection, stats, null, "bench-replies", null,
        null, () -> true, () -> 0L, null, Runnable::run, true,
        new CallObservers(List.of()));
    membership = new Membership(settings, registry, new Schemas(), stats, calls, identity -> {});
    Gate gate = settings.security().gate("bench", settings.maxPacketBytes(), stats.security);
    inbox = new PacketConsumer(settings.identity(), "inbox", membership, gate,
        packet -> PacketConsumer.inbox(packet, membership, gate), body -> { });
  }

  static String identity(int agent) {
    return String.format("bench-agent-%04d", agent);
  }

  /**
   * Registers the agents through the inbox, as their {@code Register} packets would arrive.
   * Statuses are load averages with two decimals (so a few agents tie, as on real fleets), and
   * some agents hold calls in flight, so least-loaded has both terms of its score to weigh.
   */
  BenchMapper withAgents() {
    Random random = new Random(42);
    for (int i = 0; i < AGENTS; i++) {
      Register register = Register.newBuilder()
          .setIdentity(identity(i))
          .addServices(Service.newBuilder().setPath(PATH).setFingerprint(FINGERPRINT))
          .addServices(Service.newBuilder().setPath("/orders/cancel").setFingerprint("0"))
          .addTags(i % 2 == 0 ? "zone-a" : "zone-b")
          .setStatus(status(random))
          .setPingIntervalMillis(15_000)
          .build();
      deliver(Packets.newPacket().setRegister(register).build().toByteArray());
    }
    for (AgentState agent : registry.serving(PATH)) {
      if (random.nextInt(5) == 0) {
        agent.inFlight.set(1 + random.nextInt(3));
      }
    }
    if (registry.serving(PATH).length != AGENTS || stats.rejected.get() != 0) {
      throw new IllegalStateException("expected " + AGENTS + " agents, registered "
          + registry.serving(PATH).length + ", rejected " + stats.rejected.get());
    }
    return this;
  }

  /** The ping bodies of every agent, as the mapper's inbox consumer receives them. */
  static byte[][] pings() {
    Random random = new Random(7);
    byte[][] pings = new byte[AGENTS][];
    for (int i = 0; i < AGENTS; i++) {
      Ping ping = Ping.newBuilder().setIdentity(identity(i)).setStatus(status(random))
          .setPingIntervalMillis(15_000).setCounters(counters(random)).build();
      pings[i] = Packets.newPacket().setPing(ping).build().toByteArray();
    }
    return pings;
  }

  /**
   * An agent's counters as its pings carry them: every one an agent sends, with the values of
   * a busy agent some hours in (requests in the millions, the others smaller).
   */
  static Counters counters(Random random) {
    long requests = 1_000_000 + random.nextInt(9_000_000);
    return Counters.newBuilder()
        .setRequests(requests)
        .setFailed(requests / 1_000)
        .setRejected(random.nextInt(10))
        .setExpired(random.nextInt(100))
        .setPings(1_000 + random.nextInt(1_000))
        .setUnrouted(random.nextInt(10))
        .build();
  }

  /** Hands a message body to the inbox consumer the way amqp-client does. */
  void deliver(byte[] body) {
    inbox.handleDelivery("bench", ENVELOPE, null, body);
  }

  private static double status(Random random) {
    return random.nextInt(400) / 100.0;
  }
}
