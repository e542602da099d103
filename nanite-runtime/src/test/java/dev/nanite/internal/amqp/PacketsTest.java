package dev.nanite.internal.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Ping;
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
  void acceptsAPacketOfThisVersion() throws Packets.BadPacketException {
    byte[] ping = Packets.newPacket().setPing(Ping.newBuilder().setIdentity("a")).build()
        .toByteArray();
    assertEquals("a", Packets.parse(ping, 1024).getPing().getIdentity());
  }

  private static String refused(byte[] body) {
    return assertThrows(Packets.BadPacketException.class, () -> Packets.parse(body, 1024))
        .getMessage();
  }
}
