package dev.nanite.internal.security;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Signed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Signed packets: the bytes signed (docs/protocol.md, "Security"), signing, checking, and
 * unwrapping one's own. Thread-safe.
 */
public final class Seals {
  private static final byte[] CONTEXT = "nanite-signed-1".getBytes(StandardCharsets.US_ASCII);
  /**
   * The first four bytes of every serialized signed packet: field 1 (version) = 1, then the tag
   * of field 18 (signed), length-delimited, as protobuf writes fields in number order.
   */
  private static final byte[] SIGNED_PREFIX = {0x08, Packets.VERSION, (byte) 0x92, 0x01};

  private Seals() {}

  /** The bytes an Ed25519 signature covers. */
  static byte[] signedBytes(String keyId, long signedAt, ByteString packet) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(CONTEXT.length + 1 + id.length + 1 + 8 + packet.size());
    out.put(CONTEXT).put((byte) 0).put(id).put((byte) 0).putLong(signedAt);
    packet.copyTo(out);
    return out.array();
  }

  /** Signs {@code packet} (a serialized packet) into a serialized signed packet. */
  static byte[] seal(byte[] packet, String keyId, PrivateKey key, long nowMillis) {
    ByteString inner = UnsafeByteOperations.unsafeWrap(packet);
    byte[] signature = Ed25519.ENGINE.sign(key, signedBytes(keyId, nowMillis, inner));
    return Packets.newPacket().setSigned(Signed.newBuilder()
            .setPacket(inner)
            .setKeyId(keyId)
            .setSignedAtUnixMillis(nowMillis)
            .setSignature(UnsafeByteOperations.unsafeWrap(signature)))
        .build().toByteArray();
  }

  /** Whether the signature of {@code signed} holds for {@code key}. */
  static boolean verify(Signed signed, PublicKey key) {
    return Ed25519.ENGINE.verify(key, signedBytes(signed.getKeyId(),
        signed.getSignedAtUnixMillis(), signed.getPacket()), signed.getSignature().toByteArray());
  }

  /** Whether {@code body} is a signed packet, without parsing it. */
  public static boolean isSealed(byte[] body) {
    if (body == null || body.length < SIGNED_PREFIX.length) {
      return false;
    }
    for (int i = 0; i < SIGNED_PREFIX.length; i++) {
      if (body[i] != SIGNED_PREFIX[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A packet this process sent, which the broker gave back (returned as unroutable): a signed
   * one is unwrapped without checking, as it is its own.
   */
  public static Packet own(byte[] body) throws InvalidProtocolBufferException {
    Packet packet = Packet.parseFrom(body);
    return packet.hasSigned() ? Packet.parseFrom(packet.getSigned().getPacket()) : packet;
  }
}
