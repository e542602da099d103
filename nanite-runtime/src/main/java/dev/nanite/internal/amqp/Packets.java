package dev.nanite.internal.amqp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Result;
import java.io.IOException;
import java.util.Optional;

/** Framing of packets: the protocol version and the checks every receiver makes. */
public final class Packets {
  /** The protocol version this runtime speaks. */
  public static final int VERSION = 1;

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

  /** Which call a result answers: its token and the answering agent. */
  public record ResultHead(String token, String agent) {}

  /**
   * The token and agent of a result packet of this version, read from the front of {@code body}
   * without parsing the rest: for a result too large to take, so that its call can fail saying
   * so. Empty if the body does not start as such a packet. Protobuf writes fields in number
   * order, and a {@link Result}'s token and agent come before its value.
   */
  public static Optional<ResultHead> resultHead(byte[] body) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(body);
      int version = -1;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field == Packet.VERSION_FIELD_NUMBER
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
          version = in.readUInt32();
        } else if (field == Packet.RESULT_FIELD_NUMBER && version == VERSION
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.pushLimit(in.readRawVarint32());
          return headOfResult(in);
        } else if (!in.skipField(tag)) {
          return Optional.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a packet: nothing to tell
    }
    return Optional.empty();
  }

  private static Optional<ResultHead> headOfResult(CodedInputStream in) throws IOException {
    String token = null;
    String agent = null;
    while (token == null || agent == null) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      boolean text = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (field == Result.TOKEN_FIELD_NUMBER && text) {
        token = in.readStringRequireUtf8();
      } else if (field == Result.AGENT_FIELD_NUMBER && text) {
        agent = in.readStringRequireUtf8();
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return token == null || token.isEmpty() ? Optional.empty()
        : Optional.of(new ResultHead(token, agent == null ? "" : agent));
  }

  /** A message that is not a packet this runtime can handle; the message says why. */
  public static final class BadPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadPacketException(String message) {
      super(message, null, false, false);
    }
  }
}
