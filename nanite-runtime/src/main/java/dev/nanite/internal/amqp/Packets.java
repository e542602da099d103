package dev.nanite.internal.amqp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Result;
import java.io.IOException;
import java.util.Optional;

/** Framing of packets: the protocol version and the checks every receiver makes. */
public final class Packets {
  /** The protocol version this runtime speaks. */
  public static final int VERSION = 1;
  /** The shortest ping interval an agent may announce, and be built with, in milliseconds. */
  public static final long MIN_PING_INTERVAL_MILLIS = 10;
  /**
   * The longest, one hour: a mapper keeps an agent listed for twice its interval after its last
   * ping, so an agent that claims a longer one (2^40 ms, say) would stay listed for ever after
   * it died. Agents are built with 15 s by default.
   */
  public static final long MAX_PING_INTERVAL_MILLIS = 3_600_000;

  private Packets() {}

  /** A packet builder stamped with this runtime's version. */
  public static Packet.Builder newPacket() {
    return Packet.newBuilder().setVersion(VERSION);
  }

  /**
   * Parses a message body as a packet of this protocol version.
   *
   * @throws BadPacketException if it is not a packet, has no body, or has another version
   */
  public static Packet parse(byte[] body, int maxBytes) throws BadPacketException {
    if (body == null || body.length == 0) {
      throw new BadPacketException("empty message body");
    }
    if (body.length > maxBytes) {
      throw new BadPacketException(
          "packet of " + body.length + " bytes is over the limit of " + maxBytes + " bytes");
    }
    Packet packet;
    try {
      packet = Packet.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new BadPacketException("not a Nanite packet: " + e.getMessage());
    }
    if (packet.getVersion() != VERSION) {
      throw new BadPacketException(
          "protocol version " + packet.getVersion() + " is not supported (this runtime speaks "
              + VERSION + ")");
    }
    if (packet.getBodyCase() == Packet.BodyCase.BODY_NOT_SET) {
      throw new BadPacketException("packet without a body (or of a kind this runtime does not"
          + " know)");
    }
    return packet;
  }

  /**
   * Whether a {@code ping_interval_millis} is one a receiver takes: from
   * {@value #MIN_PING_INTERVAL_MILLIS} to {@value #MAX_PING_INTERVAL_MILLIS} ms. The field is a
   * uint64, so a value over 2^63 reads as negative here, and is refused too.
   */
  public static boolean pingIntervalInRange(long millis) {
    return millis >= MIN_PING_INTERVAL_MILLIS && millis <= MAX_PING_INTERVAL_MILLIS;
  }

  /** Which call a result answers: its token and the answering agent. */
  public record ResultHead(String token, String agent) {}

  /**
   * The token and agent of a result packet of this version: for a result too large to take,
   * so that its call can fail saying so. Empty if the body is not such a packet. The parse
   * aliases the body, so the value is a view of it rather than a second copy.
   */
  public static Optional<ResultHead> resultHead(byte[] body) {
    try {
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(body).newCodedInput();
      in.enableAliasing(true);
      Packet packet = Packet.parseFrom(in);
      if (packet.hasSigned()) {
        packet = Packet.parseFrom(packet.getSigned().getPacket());
      }
      Result result = packet.getResult();
      return packet.getVersion() != VERSION || !packet.hasResult() || result.getToken().isEmpty()
          ? Optional.empty() : Optional.of(new ResultHead(result.getToken(), result.getAgent()));
    } catch (IOException e) { // an InvalidProtocolBufferException: the bytes are all here
      return Optional.empty();
    }
  }

  /** A message that is not a packet this runtime can handle; the message says why. */
  public static final class BadPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadPacketException(String message) {
      super(message, null, false, false);
    }
  }
}
