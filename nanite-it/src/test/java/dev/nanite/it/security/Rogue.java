package dev.nanite.it.security;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.nanite.Endpoint;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Error;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import dev.nanite.internal.protocol.Service;
import dev.nanite.internal.protocol.Signed;
import dev.nanite.internal.protocol.Unregister;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A rogue agent: a holder of a valid agent account who does not run Nanite but publishes
 * hand-made packets with plain amqp-client. Each message carries the rogue's own account as
 * its {@code user-id}, as RabbitMQ refuses any other, and is confirmed by the broker, so a
 * test knows it was taken before it looks for the effect. It has a queue of its own (named by
 * its identity, as an agent's is) where answers to the requests it sends arrive.
 */
final class Rogue implements AutoCloseable {
  private final String account;
  private final String namespace;
  private final Connection connection;
  private final Channel channel;
  private final String inbox;
  private final BlockingQueue<Packet> received = new LinkedBlockingQueue<>();
  private final String keyId;
  private final PrivateKey key;

  /**
   * @param namespace the start of every identity its account may claim ({@code <account>-})
   * @param keyId the id of the rogue's own trusted key, or null if it has none
   */
  Rogue(String uri, String account, String namespace, String keyId, PrivateKey key)
      throws Exception {
    this.account = account;
    this.namespace = namespace;
    this.keyId = keyId;
    this.key = key;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    this.connection = factory.newConnection("nanite-hostile-rogue");
    this.channel = connection.createChannel();
    channel.confirmSelect();
    Topology.declareExchanges(channel);
    this.inbox = identity();
    channel.queueDeclare(inbox, false, true, true, Map.of());
    channel.basicConsume(inbox, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
          byte[] body) {
        try {
          Packet packet = Packet.parseFrom(body);
          received.add(packet.hasSigned() ? Packet.parseFrom(packet.getSigned().getPacket())
              : packet);
        } catch (IOException e) {
          received.add(Packets.newPacket().build()); // seen, but not a packet
        }
      }
    });
  }

  /** The rogue's own identity, which its account may claim, and the name of its queue. */
  String identity() {
    return namespace + "rogue";
  }

  /** An identity its account may claim: {@code <namespace><name>}. */
  String own(String name) {
    return namespace + name;
  }

  String account() {
    return account;
  }

  // ---- packets -----------------------------------------------------------------------------

  static Packet register(String identity, List<String> tags, Map<String, String> services) {
    Register.Builder register = Register.newBuilder()
        .setIdentity(identity)
        .setStatus(0)
        .setPingIntervalMillis(60_000)
        .addAllTags(tags);
    services.forEach((path, fingerprint) -> register.addServices(
        Service.newBuilder().setPath(path).setFingerprint(fingerprint)));
    return Packets.newPacket().setRegister(register).build();
  }

  /** The services of every endpoint in {@code endpoints}, path to fingerprint. */
  static Map<String, String> services(List<Endpoint<?, ?>> endpoints) {
    Map<String, String> services = new java.util.TreeMap<>();
    endpoints.forEach(endpoint -> services.put(endpoint.path(), endpoint.fingerprint()));
    return services;
  }

  static Packet ping(String identity, double status) {
    return Packets.newPacket().setPing(Ping.newBuilder().setIdentity(identity).setStatus(status)
        .setPingIntervalMillis(60_000)).build();
  }

  static Packet unregister(String identity) {
    return Packets.newPacket().setUnregister(Unregister.newBuilder().setIdentity(identity))
        .build();
  }

  /** A result carrying {@code value} as a path's response message (field 1) holds a string. */
  static Packet result(String token, String agent, String value) {
    return Packets.newPacket().setResult(Result.newBuilder().setToken(token).setAgent(agent)
        .setValue(stringField(value))).build();
  }

  static Packet errorResult(String token, String agent, String type) {
    return Packets.newPacket().setResult(Result.newBuilder().setToken(token).setAgent(agent)
        .setError(Error.newBuilder().setType(type).setMessage("forged"))).build();
  }

  /** A request for {@code endpoint} with one string argument, answered to this rogue. */
  Packet request(String token, Endpoint<?, ?> endpoint, String argument, String mapper) {
    return Packets.newPacket().setRequest(Request.newBuilder()
        .setToken(token)
        .setPath(endpoint.path())
        .setFingerprint(endpoint.fingerprint())
        .setArgs(stringField(argument))
        .setReplyTo(inbox)
        .setMapper(mapper)
        .setDeadlineUnixMillis(System.currentTimeMillis() + 30_000)).build();
  }

  /** A protobuf message whose field 1 is {@code value}, as a path's one string argument is. */
  static ByteString stringField(String value) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.writeString(1, value);
      coded.flush();
      return ByteString.copyFrom(out.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code packet} signed with the rogue's own key, as docs/protocol.md defines it: Ed25519
   * over "nanite-signed-1", 0, the key id, 0, the signing time (8 bytes, big-endian) and the
   * packet's bytes. Written here from the protocol's text, not with the runtime's code.
   */
  byte[] signed(Packet packet) {
    return sign(packet.toByteArray(), keyId, key, System.currentTimeMillis());
  }

  /**
   * {@code packet} signed with the rogue's own key under another key's id, as if that key had
   * signed it.
   */
  byte[] signedAs(Packet packet, String otherKeyId) {
    return sign(packet.toByteArray(), otherKeyId, key, System.currentTimeMillis());
  }

  /** The packet in {@code body}. */
  static Packet parse(byte[] body) {
    try {
      return Packet.parseFrom(body);
    } catch (IOException e) {
      throw new AssertionError("not a packet: " + e, e);
    }
  }

  /** {@code packet} signed by {@code signer} under the key id {@code keyId}. */
  static byte[] sign(byte[] packet, String keyId, PrivateKey signer, long signedAt) {
    byte[] context = "nanite-signed-1".getBytes(StandardCharsets.US_ASCII);
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes = ByteBuffer.allocate(context.length + 1 + id.length + 1 + 8 + packet.length)
        .put(context).put((byte) 0).put(id).put((byte) 0).putLong(signedAt).put(packet);
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(signer);
      signature.update(bytes.array());
      return Packets.newPacket().setSigned(Signed.newBuilder()
          .setPacket(ByteString.copyFrom(packet))
          .setKeyId(keyId)
          .setSignedAtUnixMillis(signedAt)
          .setSignature(ByteString.copyFrom(signature.sign()))).build().toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- publishing --------------------------------------------------------------------------

  /** Publishes to the registration fanout, as an agent registers and unregisters. */
  void toRegistration(byte[] body) throws IOException {
    publish(Topology.REGISTRATION, "", null, body);
  }

  /** Publishes to the heartbeat fanout, as an agent pings. */
  void toHeartbeat(byte[] body) throws IOException {
    publish(Topology.HEARTBEAT, "", null, body);
  }

  /** Publishes to a queue by name through the default exchange (an agent's or a mapper's). */
  void toQueue(String queue, AMQP.BasicProperties properties, byte[] body) throws IOException {
    publish(Topology.DEFAULT_EXCHANGE, queue, properties, body);
  }

  /** Publishes with the rogue's account as user-id (the only one the broker lets it use). */
  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
      throws IOException {
    AMQP.BasicProperties withAccount = (properties == null ? new AMQP.BasicProperties() : properties)
        .builder().userId(account).build();
    channel.basicPublish(exchange, routingKey, withAccount, body);
  }

  /** Waits until the broker has taken everything published so far. */
  void confirmed(Duration timeout) throws IOException, InterruptedException, TimeoutException {
    channel.waitForConfirmsOrDie(timeout.toMillis());
  }

  /** The next packet answered to the rogue's queue. */
  Packet reply(Duration timeout) throws InterruptedException {
    Packet packet = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (packet == null) {
      throw new AssertionError("the rogue got no answer within " + timeout);
    }
    return packet;
  }

  /** The packets answered to the rogue's queue so far, taken from it. */
  List<Packet> drain() {
    List<Packet> all = new java.util.ArrayList<>();
    received.drainTo(all);
    return all;
  }

  @Override
  public void close() throws IOException {
    connection.close(5_000);
  }
}
