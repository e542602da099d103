package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.Mapper;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A mapper refuses a registration or a ping whose {@code ping_interval_millis} is outside the
 * range agents may be built with (10 ms .. 1 h): an agent claiming it pings every 2^40 ms would
 * otherwise stay listed for decades after it died. Packets are hand-made, as a foreign or broken
 * agent would send them.
 */
class PingIntervalTest {
  private static final long ABSURD = 1L << 40;

  @Test
  void aRegistrationWithAnAbsurdPingIntervalIsRefusedAndCounted() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String absurd = "absurd-" + run;
    String tooFast = "too-fast-" + run;
    String marker = "marker-" + run;
    try (Mapper mapper = Mapper.builder().uri(Brokers.uri()).start();
         Connection connection = connect()) {
      Channel channel = connection.createChannel();
      long rejectedBefore = mapper.counters().get("rejected");
      register(channel, absurd, ABSURD);
      register(channel, tooFast, 1);
      // One channel, one inbox: once the marker is listed, the mapper has read the two above.
      register(channel, marker, 1_000);
      Await.until("the mapper lists the marker agent", Duration.ofSeconds(10),
          () -> mapper.agent(marker).isPresent());

      assertTrue(mapper.agent(absurd).isEmpty(), "listed an agent pinging every 2^40 ms");
      assertTrue(mapper.agent(tooFast).isEmpty(), "listed an agent pinging every 1 ms");
      assertTrue(mapper.counters().get("rejected") >= rejectedBefore + 2,
          "counted as rejected: " + mapper.counters());
    }
  }

  @Test
  void pingsWithAnAbsurdIntervalDoNotKeepAnAgentListed() throws Exception {
    String agent = "pinger-" + UUID.randomUUID().toString().substring(0, 8);
    try (Mapper mapper = Mapper.builder().uri(Brokers.uri()).start();
         Connection connection = connect()) {
      Channel channel = connection.createChannel();
      register(channel, agent, 100); // evicted after 200 ms without a ping it takes
      Await.until("the mapper lists the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent).isPresent());
      long rejectedBefore = mapper.counters().get("rejected");

      // Keeps pinging, every few milliseconds, each ping claiming a 2^40 ms interval: refused,
      // they must not stand for the pings of a live agent.
      Await.until("the mapper evicts the agent whose pings it refuses", Duration.ofSeconds(20),
          () -> {
            ping(channel, agent, ABSURD);
            return mapper.agent(agent).isEmpty();
          });
      assertTrue(mapper.counters().get("rejected") > rejectedBefore,
          "counted as rejected: " + mapper.counters());
    }
  }

  private static Connection connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(Brokers.uri());
    return factory.newConnection("hand-made-agent");
  }

  private static void register(Channel channel, String identity, long pingIntervalMillis)
      throws IOException {
    channel.basicPublish(Topology.REGISTRATION, "", null, Packets.newPacket()
        .setRegister(Register.newBuilder().setIdentity(identity).setStatus(0.5)
            .setPingIntervalMillis(pingIntervalMillis)
            .addServices(Service.newBuilder().setPath("/hand/made").setFingerprint("f")))
        .build().toByteArray());
  }

  private static void ping(Channel channel, String identity, long pingIntervalMillis) {
    try {
      channel.basicPublish(Topology.HEARTBEAT, "", null, Packets.newPacket()
          .setPing(Ping.newBuilder().setIdentity(identity).setStatus(0.5)
              .setPingIntervalMillis(pingIntervalMillis))
          .build().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
