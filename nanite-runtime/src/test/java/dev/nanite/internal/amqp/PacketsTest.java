package dev.nanite.internal.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Result;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every receiver refuses before looking at a packet's body. */
class PacketsTest {
  @Test
  void refusesEmptyOversizeForeignAndBodilessMessages() {
    assertEquals("empty message body", refused(new byte[0]));
    assertEquals("packet of 2000 bytes is over the limit of 1024 bytes",
        refused(new byte[2000]));
    assertEquals("protocol version 7 is not supported (this runtime speaks 1)",
        refused(Packet.newBuilder().setVersion(7).setPing(Ping.getDefaultInstance())
            .build().toByteArray()));
    assertEquals("packet without a body (or of a kind this runtime does not know)",
        refused(Packet.newBuilder().setVersion(1).build().toByteArray()));
    assertEquals(true, refused(new byte[] {(byte) 0xff, (byte) 0xff})
        .startsWith("not a Nanite packet: "));
  }

  @Test
  void pingIntervalsFromTenMillisecondsToOneHourAreInRange() {
    assertEquals(true, Packets.pingIntervalInRange(10));
    assertEquals(true, Packets.pingIntervalInRange(15_000));
    assertEquals(true, Packets.pingIntervalInRange(3_600_000));
    assertEquals(false, Packets.pingIntervalInRange(0), "absent");
    assertEquals(false, Packets.pingIntervalInRange(9));
    assertEquals(false, Packets.pingIntervalInRange(3_600_001));
    assertEquals(false, Packets.pingIntervalInRange(1L << 40));
    assertEquals(false, Packets.pingIntervalInRange(-1), "a uint64 of 2^64 - 1");
  }

  @Test
  void acceptsAPacketOfThisVersion() throws Packets.BadPacketException {
    byte[] ping = Packets.newPacket().setPing(Ping.newBuilder().setIdentity("a")).build()
        .toByteArray();
    assertEquals("a", Packets.parse(ping, 1024).getPing().getIdentity());
  }

  @Test
  void readsWhichCallAResultAnswersWithoutItsValue() {
    byte[] result = Packets.newPacket().setResult(Result.newBuilder().setToken("t-1")
            .setAgent("agent-a").setValue(ByteString.copyFrom(new byte[100_000]))
            .setDeadlineUnixMillis(42))
        .build().toByteArray();
    assertEquals(Optional.of(new Packets.ResultHead("t-1", "agent-a")),
        Packets.resultHead(result));
  }

  @Test
  void findsNoResultHeadInOtherMessages() {
    assertEquals(Optional.empty(), Packets.resultHead(new byte[0]));
    assertEquals(Optional.empty(), Packets.resultHead(new byte[] {(byte) 0xff, (byte) 0xff}));
    assertEquals(Optional.empty(), Packets.resultHead(Packets.newPacket()
        .setPing(Ping.newBuilder().setIdentity("a")).build().toByteArray()));
    assertEquals(Optional.empty(), Packets.resultHead(Packet.newBuilder().setVersion(7)
        .setResult(Result.newBuilder().setToken("t").setAgent("a")).build().toByteArray()),
        "another protocol version");
    assertEquals(Optional.empty(), Packets.resultHead(Packets.newPacket()
        .setResult(Result.newBuilder().setAgent("a")).build().toByteArray()), "no token");
  }

  private static String refused(byte[] body) {
    return assertThrows(Packets.BadPacketException.class, () -> Packets.parse(body, 1024))
        .getMessage();
  }
}
