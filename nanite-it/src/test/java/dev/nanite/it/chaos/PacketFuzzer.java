package dev.nanite.it.chaos;

import com.google.protobuf.ByteString;
import dev.nanite.internal.protocol.Advertise;
import dev.nanite.internal.protocol.Error;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Park;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Probe;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import dev.nanite.internal.protocol.Service;
import dev.nanite.internal.protocol.Unregister;
import dev.nanite.it.fixtures.WorkPaths;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated packets: a corpus of valid ones and nonsense ones (unknown paths, arguments
 * that do not decode, NaN statuses, unknown versions, floods of registrations), then bit flips,
 * truncations, splices and pure noise on top. Deterministic for a seed.
 */
final class PacketFuzzer {
  private final Random random;
  private final List<byte[]> corpus;

  PacketFuzzer(long seed, String replyTo) {
    this.random = new Random(seed);
    this.corpus = List.of(
        request(WorkPaths.WHOAMI, ByteString.EMPTY, replyTo),
        request(WorkPaths.SLOW, ByteString.copyFrom(new byte[] {8, (byte) 200, 1}), replyTo),
        request("/nobody/home", ByteString.EMPTY, replyTo),
        request(WorkPaths.SLOW_ON, ByteString.copyFrom(new byte[] {10, (byte) 0xff, 0x7f}), replyTo),
        request(WorkPaths.BOOM, ByteString.copyFrom(new byte[] {(byte) 0x80}), replyTo),
        request(WorkPaths.WHOAMI, ByteString.EMPTY, ""),
        packet(Packet.newBuilder().setPing(Ping.newBuilder().setIdentity("ghost")
            .setStatus(Double.NaN))),
        packet(Packet.newBuilder().setPing(Ping.newBuilder().setIdentity("ghost-" + seed)
            .setStatus(1.5).setPingIntervalMillis(1000))),
        packet(Packet.newBuilder().setPing(Ping.newBuilder().setStatus(Double.POSITIVE_INFINITY))),
        packet(Packet.newBuilder().setRegister(Register.newBuilder().setIdentity("flood")
            .setStatus(0.5).setPingIntervalMillis(60_000)
            .addServices(Service.newBuilder().setPath("/flood/x").setFingerprint("f")))),
        packet(Packet.newBuilder().setRegister(Register.newBuilder().setIdentity("")
            .setStatus(Double.NaN))),
        packet(Packet.newBuilder().setUnregister(Unregister.newBuilder().setIdentity("nobody"))),
        packet(Packet.newBuilder().setAdvertise(Advertise.newBuilder().setMapper("x"))),
        packet(Packet.newBuilder().setProbe(Probe.newBuilder().setMapper("x"))),
        packet(Packet.newBuilder().setResult(Result.newBuilder().setToken("no-such-token")
            .setAgent("a").setValue(ByteString.copyFromUtf8("v")))),
        packet(Packet.newBuilder().setResult(Result.newBuilder().setToken("1")
            .setError(Error.newBuilder().setType("x").setMessage("y")))),
        packet(Packet.newBuilder().setPark(Park.newBuilder().setSelector("target:nobody")
            .setRequest(Request.newBuilder().setPath("/nobody/home").setToken("z")))),
        Packet.newBuilder().setVersion(99).setPing(Ping.newBuilder().setIdentity("future"))
            .build().toByteArray());
  }

  private static byte[] request(String path, ByteString args, String replyTo) {
    return packet(Packet.newBuilder().setRequest(Request.newBuilder()
        .setToken("fuzz").setPath(path).setArgs(args).setReplyTo(replyTo)
        .setDeadlineUnixMillis(System.currentTimeMillis() + 60_000)));
  }

  private static byte[] packet(Packet.Builder packet) {
    return packet.setVersion(1).build().toByteArray();
  }

  /** The next message: a corpus packet as is, mutated, spliced, or noise. */
  byte[] next() {
    int kind = random.nextInt(10);
    byte[] base = corpus.get(random.nextInt(corpus.size())).clone();
    switch (kind) {
      case 0:
        return base;
      case 1:
      case 2:
      case 3:
        for (int flips = 1 + random.nextInt(4); flips > 0 && base.length > 0; flips--) {
          base[random.nextInt(base.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return base;
      case 4:
        return java.util.Arrays.copyOf(base, random.nextInt(base.length + 1));
      case 5:
        byte[] other = corpus.get(random.nextInt(corpus.size()));
        byte[] spliced = new byte[base.length + other.length];
        System.arraycopy(base, 0, spliced, 0, base.length);
        System.arraycopy(other, 0, spliced, base.length, other.length);
        return spliced;
      case 6:
        int at = base.length == 0 ? 0 : random.nextInt(base.length);
        byte[] inserted = new byte[base.length + 1 + random.nextInt(8)];
        System.arraycopy(base, 0, inserted, 0, at);
        for (int i = at; i < at + inserted.length - base.length; i++) {
          inserted[i] = (byte) random.nextInt(256);
        }
        System.arraycopy(base, at, inserted, at + inserted.length - base.length, base.length - at);
        return inserted;
      default:
        byte[] noise = new byte[random.nextInt(64)];
        random.nextBytes(noise);
        return noise;
    }
  }
}
