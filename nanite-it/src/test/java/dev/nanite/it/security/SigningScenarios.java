package dev.nanite.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import dev.nanite.AgentInfo;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hostile suite's attacks on a signing fabric, whatever its broker: every process signs
 * with an Ed25519 key of its own, trusted for its own identities only; the rogue has a trusted
 * key too, for its own. Subclasses make the fabric. Each attack is refused, counted on the
 * process that refused it, and honest calls succeed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SigningScenarios {
  protected HostileFabric fabric;

  /** The counter the mapper counts a result in the rogue's own name for a call sent elsewhere. */
  protected abstract String resultFromAnotherAgent();

  @AfterAll
  void stopFabric() throws Exception {
    if (fabric != null) {
      fabric.close();
    }
  }

  /**
   * (1) Registers and pings as another agent, signing with its own key (which signs for its own
   * identities only), and with a signature of its own under the other agent's key id.
   */
  @Test
  @Order(1)
  void registersAnotherAgentsIdentity_badSignatureOnTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long before = fabric.mapperCount("badSignature");
    Packet forged = Rogue.register(victim, List.of("rogue"),
        Rogue.services(SafeProtocol.endpoints()));
    rogue.toRegistration(rogue.signed(forged));
    rogue.toRegistration(rogue.signedAs(forged, fabric.keyIdOf(fabric.settings().first())));
    rogue.toHeartbeat(rogue.signed(Rogue.ping(victim, 1e6)));
    rogue.confirmed(HostileFabric.WAIT);
    fabric.inboxBarrier();

    fabric.awaitMapperCount("badSignature", before + 3);
    AgentInfo real = fabric.mapper().agent(victim).orElseThrow();
    assertFalse(real.tags().contains("rogue"), "the forged registration was taken: " + real);
    assertEquals(0.0, real.status(), "the forged ping was taken: " + real);
    fabric.honestCallsSucceed();
  }

  /** (3) Unregisters the honest agents, signing with its own key. */
  @Test
  @Order(3)
  void unregistersAnotherAgent_badSignatureOnTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    long before = fabric.mapperCount("badSignature");
    for (String victim : fabric.honest()) {
      rogue.toRegistration(rogue.signed(Rogue.unregister(victim)));
    }
    rogue.confirmed(HostileFabric.WAIT);
    fabric.inboxBarrier();

    fabric.awaitMapperCount("badSignature", before + 2);
    fabric.assertNoDepartures();
    fabric.honestCallsSucceed();
  }

  /**
   * (4) Forges results for a call in flight to another agent: posing as it (signed with the
   * rogue's key), unsigned, and in its own name, properly signed. None completes the call; the
   * real result does. (The rogue is given the token, as if it had seen it on the wire.)
   */
  @Test
  @Order(4)
  void forgesAResultForACallInFlight_refusedByTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long badSignatures = fabric.mapperCount("badSignature");
    long forbidden = fabric.mapperCount("forbidden");
    Path release = fabric.releaseFile();
    CompletableFuture<String> call = fabric.safe().hold(release.toString(), 30_000,
        Selector.target(victim), fabric.options());
    String[] sent = fabric.nextSent(SafePaths.HOLD);
    assertEquals(victim, sent[2]);
    String token = sent[0];
    String replies = Topology.mapperReplies(fabric.mapper().identity());
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(token)
        .build();
    rogue.toQueue(replies, properties, rogue.signed(Rogue.result(token, victim, "forged")));
    rogue.toQueue(replies, properties, Rogue.result(token, victim, "forged").toByteArray());
    rogue.toQueue(replies, properties,
        rogue.signed(Rogue.result(token, rogue.identity(), "forged")));
    rogue.confirmed(HostileFabric.WAIT);

    String own = resultFromAnotherAgent();
    fabric.awaitMapperCount("badSignature", badSignatures + 2 + (own.equals("badSignature") ? 1 : 0));
    fabric.awaitMapperCount("forbidden", forbidden + (own.equals("forbidden") ? 1 : 0));
    assertFalse(call.isDone(), "a forged result completed the call: " + call);
    Files.createFile(release);
    assertEquals(victim, call.get(20, TimeUnit.SECONDS));
    fabric.honestCallsSucceed();
  }

  /**
   * (5) Replays requests the mapper signed. The copies are taken off the wire: the test taps
   * the mapper's own connection (a {@link Wiretap}), which sees exactly the bytes a network
   * observer without TLS, or the broker itself, would see: the attackers signing is for. (The
   * rogue's account can neither read the mapper's queues nor tap the default exchange, and an
   * agent's exclusive queue is its own connection's.) The rogue publishes each captured
   * message, bytes and properties, to the agent it was sent to, twice: once the request was
   * answered, and while it is still in flight. Every copy is refused and counted as replayed on
   * the agent, and not answered (the answer would go to the caller of the real request, under
   * its token, and fail it); the deposit ran once, and the call in flight gets its real result.
   */
  @Test
  @Order(5)
  void replaysACapturedRequest_refusedByTheAgentRunOnce() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long before = fabric.agentCount(victim, "replayed");
    String deposit = "replay-" + UUID.randomUUID();
    assertEquals(1, fabric.safe().deposit(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS));
    Wiretap.Message answered = captured(victim, deposit);
    for (int i = 0; i < 2; i++) {
      rogue.toQueue(victim, answered.properties(), answered.body());
    }

    Path release = fabric.releaseFile();
    CompletableFuture<String> call = fabric.safe().hold(release.toString(), 30_000,
        Selector.target(victim), fabric.options());
    String token = fabric.nextSent(SafePaths.HOLD)[0];
    Wiretap.Message inFlight = dev.nanite.it.support.Await.value("the held request on the wire",
        HostileFabric.WAIT, () -> fabric.tap().requestsTo(victim).stream()
            .filter(message -> message.packet().getRequest().getToken().equals(token))
            .findFirst().orElse(null));
    // The copies go once the agent has taken the request: a replay. (A copy that overtook it
    // on the way would be refused too, in secure mode for its account, but answered with the
    // error under the real request's token, which would fail the call: error replies go to
    // whatever reply queue a refused request names.)
    dev.nanite.it.support.Await.until(victim + " runs the held call", HostileFabric.WAIT,
        () -> Files.exists(Path.of(release + ".started")));
    for (int i = 0; i < 2; i++) {
      rogue.toQueue(victim, inFlight.properties(), inFlight.body());
    }
    rogue.confirmed(HostileFabric.WAIT);

    fabric.awaitAgentCount(victim, "replayed", before + 4);
    assertFalse(call.isDone(), "a replayed copy settled the call in flight: " + call);
    Files.createFile(release);
    assertEquals(victim, call.get(20, TimeUnit.SECONDS));
    assertEquals(1, fabric.safe().runs(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS), "times the replayed deposit ran");
    String first = answered.packet().getRequest().getToken();
    for (Packet packet : fabric.tap().results()) {
      Result result = packet.getResult();
      assertFalse((HostileFabric.tokenOf(result).equals(first)
          || HostileFabric.tokenOf(result).equals(token))
          && result.hasError(), "a copy was answered: " + result);
    }
    fabric.honestCallsSucceed();
  }

  /**
   * (5b) Replays a request signed for one agent to another that serves the same path: the
   * request names the agent it is for, so the other refuses it as replayed and does not run it.
   */
  @Test
  @Order(5)
  void replaysARequestToAnotherAgent_refusedByItNotRun() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    String other = fabric.second();
    long before = fabric.agentCount(other, "replayed");
    String deposit = "elsewhere-" + UUID.randomUUID();
    assertEquals(1, fabric.safe().deposit(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS));
    Wiretap.Message answered = captured(victim, deposit);
    rogue.toQueue(other, answered.properties(), answered.body());
    rogue.confirmed(HostileFabric.WAIT);

    fabric.awaitAgentCount(other, "replayed", before + 1);
    assertEquals(0, fabric.safe().runs(deposit, Selector.target(other), fabric.options())
        .get(20, TimeUnit.SECONDS), "times the deposit ran on the agent it was not for");
    fabric.honestCallsSucceed();
  }

  /**
   * (6) Flips one byte of signed packets: of a request the mapper signed (in its arguments, and
   * in its signature), of the rogue's own signed request, and of its own signed registration.
   * Each is refused as a bad signature by the process it reached; the requests are answered
   * with nanite.BadSignature and not run.
   */
  @Test
  @Order(6)
  void flipsAByteOfASignedPacket_badSignature() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long agentBefore = fabric.agentCount(victim, "badSignature");
    long mapperBefore = fabric.mapperCount("badSignature");
    String deposit = "flip-" + UUID.randomUUID();
    assertEquals(1, fabric.safe().deposit(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS));
    Wiretap.Message captured = captured(victim, deposit);
    String token = captured.packet().getRequest().getToken();
    byte[] inArguments = captured.body().clone();
    int at = indexOf(inArguments, deposit.getBytes(StandardCharsets.UTF_8));
    inArguments[at] ^= 0x01; // "flip-..." becomes "glip-...": still a packet, another deposit
    byte[] inSignature = captured.body().clone();
    inSignature[inSignature.length - 1] ^= 0x01; // the signature is the packet's last field
    rogue.toQueue(victim, captured.properties(), inArguments);
    rogue.toQueue(victim, captured.properties(), inSignature);

    String own = "flip-own-" + UUID.randomUUID();
    String ownToken = "forged-" + UUID.randomUUID();
    byte[] ownRequest = rogue.signed(rogue.request(ownToken, SafeProtocol.DEPOSIT, own,
        rogue.identity()));
    ownRequest[indexOf(ownRequest, own.getBytes(StandardCharsets.UTF_8))] ^= 0x01;
    rogue.drain();
    rogue.toQueue(victim, new AMQP.BasicProperties.Builder().correlationId(ownToken)
        .replyTo(rogue.identity()).build(), ownRequest);

    String flipped = rogue.own("flipped");
    byte[] registration = rogue.signed(Rogue.register(flipped, List.of(), Map.of()));
    registration[indexOf(registration, flipped.getBytes(StandardCharsets.UTF_8))] ^= 0x01;
    rogue.toRegistration(registration);
    rogue.confirmed(HostileFabric.WAIT);
    fabric.inboxBarrier();

    awaitErrors(token, "nanite.BadSignature", 2);
    Packet answer = rogue.reply(HostileFabric.WAIT);
    assertEquals(ownToken, HostileFabric.tokenOf(answer.getResult()), answer.toString());
    assertEquals("nanite.BadSignature", answer.getResult().getError().getType(),
        answer.toString());
    fabric.awaitAgentCount(victim, "badSignature", agentBefore + 3);
    fabric.awaitMapperCount("badSignature", mapperBefore + 1);
    assertTrue(fabric.mapper().agents().stream()
        .noneMatch(agent -> agent.identity().contains("flipped") || agent.identity()
            .contains("glipped")), "a flipped registration was taken");
    for (String id : List.of(deposit, "g" + deposit.substring(1), own, "g" + own.substring(1))) {
      assertEquals(id.equals(deposit) ? 1 : 0, fabric.safe().runs(id, Selector.target(victim),
          fabric.options()).get(20, TimeUnit.SECONDS), "times " + id + " ran");
    }
    fabric.honestCallsSucceed();
  }

  /**
   * (7) Sends unsigned packets: a registration, a ping and an unregistration to the mapper, a
   * request to an agent. Each is refused as a bad signature; the request is answered with
   * nanite.BadSignature and not run.
   */
  @Test
  @Order(7)
  void sendsUnsignedPackets_badSignature() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long agentBefore = fabric.agentCount(victim, "badSignature");
    long mapperBefore = fabric.mapperCount("badSignature");
    String unsigned = rogue.own("unsigned");
    rogue.toRegistration(Rogue.register(unsigned, List.of(), Map.of()).toByteArray());
    rogue.toHeartbeat(Rogue.ping(victim, 1e6).toByteArray());
    rogue.toRegistration(Rogue.unregister(victim).toByteArray());
    String token = "forged-" + UUID.randomUUID();
    String deposit = "unsigned-" + UUID.randomUUID();
    rogue.drain();
    rogue.toQueue(victim, new AMQP.BasicProperties.Builder().correlationId(token)
        .replyTo(rogue.identity()).build(),
        rogue.request(token, SafeProtocol.DEPOSIT, deposit, rogue.identity()).toByteArray());
    rogue.confirmed(HostileFabric.WAIT);
    fabric.inboxBarrier();

    Packet answer = rogue.reply(HostileFabric.WAIT);
    assertEquals(token, HostileFabric.tokenOf(answer.getResult()), answer.toString());
    assertEquals("nanite.BadSignature", answer.getResult().getError().getType(),
        answer.toString());
    fabric.awaitMapperCount("badSignature", mapperBefore + 3);
    fabric.awaitAgentCount(victim, "badSignature", agentBefore + 1);
    assertTrue(fabric.mapper().agent(unsigned).isEmpty(), "the unsigned registration was taken");
    assertEquals(0.0, fabric.mapper().agent(victim).orElseThrow().status());
    assertEquals(0, fabric.safe().runs(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS), "times the unsigned deposit ran");
    fabric.honestCallsSucceed();
  }

  /** The request for {@code deposit} the mapper published to {@code agent}, off the wire. */
  protected Wiretap.Message captured(String agent, String deposit) {
    byte[] id = deposit.getBytes(StandardCharsets.UTF_8);
    List<Wiretap.Message> found = new ArrayList<>();
    for (Wiretap.Message message : fabric.tap().requestsTo(agent)) {
      if (indexOf(message.body(), id) >= 0) {
        found.add(message);
      }
    }
    assertEquals(1, found.size(), "requests for " + deposit + " on the wire");
    Wiretap.Message message = found.get(0);
    Packet outer = Rogue.parse(message.body());
    assertTrue(outer.hasSigned(), "the mapper's request is signed: " + outer);
    return message;
  }

  /** Waits for {@code count} results with this token and error delivered to the mapper. */
  protected List<Result> awaitErrors(String token, String type, int count) {
    List<Result> found = new ArrayList<>();
    dev.nanite.it.support.Await.until(count + " " + type + " answers for " + token
        + " reach the mapper (delivered: " + fabric.tap().results() + ")", HostileFabric.WAIT,
        () -> {
          found.clear();
          for (Packet packet : fabric.tap().results()) {
            Result result = packet.getResult();
            if (HostileFabric.tokenOf(result).equals(token) && result.hasError()
                && result.getError().getType().equals(type)) {
              found.add(result);
            }
          }
          return found.size() >= count;
        });
    assertEquals(count, found.size(), type + " answers for " + token);
    return found;
  }

  static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
