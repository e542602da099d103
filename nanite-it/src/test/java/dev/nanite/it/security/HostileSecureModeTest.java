package dev.nanite.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AMQP;
import dev.nanite.AgentInfo;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.it.security.HostileFabric.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hostile suite in secure mode, without signing: on RabbitMQ, which checks every message's
 * {@code user-id} against the account that published it, each process logs in with an account
 * of its own on a throwaway vhost (made with rabbitconf's permissions), and the mapper and the
 * agents hold every packet's claimed identity against that account
 * ({@code AccountPolicy.byName()}); the rogue's account may serve {@code /decoy/*} only. The
 * rogue holds a valid agent account and publishes hand-made packets; each attack is refused,
 * counted on the process that refused it, and honest calls succeed after it (during it, for
 * the flood). The flood runs last: the mapper drops the rogue's packets unread for the rest of
 * a second in which it refused over 100, which the other attacks need not wait out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileSecureModeTest {
  private RabbitAccounts accounts;
  private HostileFabric fabric;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(RabbitAccounts.available(), "skipped: 'rabbitmqctl status' does not answer here"
        + " (no RabbitMQ, or this user may not reach it): no accounts to make");
    accounts = new RabbitAccounts(List.of("m"), List.of("1", "2", "9"));
    Member mapper = member(accounts.account("m"));
    Member first = member(accounts.account("1"));
    Member second = member(accounts.account("2"));
    Member rogue = member(accounts.account("9"));
    fabric = new HostileFabric(new HostileFabric.Settings(mapper, first, second, rogue,
        "byName", Map.of(rogue.account(), List.of("/decoy/*")), mapper.account(), false, null));
  }

  private Member member(String account) {
    return new Member(account, accounts.uri(account), account + "-");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (fabric != null) {
        fabric.close();
      }
    } finally {
      if (accounts != null) {
        accounts.close();
      }
    }
  }

  /** (1) Registers, and pings as, another agent: its identity, and one in its namespace. */
  @Test
  @Order(1)
  void registersAnotherAgentsIdentity_refusedAndCountedOnTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    String squatted = fabric.settings().first().identity("evil");
    long before = fabric.mapperCount("forbidden");
    Map<String, String> services = Rogue.services(SafeProtocol.endpoints());
    rogue.toRegistration(fabric.fromRogue(Rogue.register(victim, List.of("rogue"), services)));
    rogue.toRegistration(fabric.fromRogue(Rogue.register(squatted, List.of("rogue"), services)));
    rogue.toHeartbeat(fabric.fromRogue(Rogue.ping(victim, 1e6)));
    rogue.confirmed(HostileFabric.WAIT);
    fabric.inboxBarrier();

    fabric.awaitMapperCount("forbidden", before + 3);
    assertTrue(fabric.mapper().agent(squatted).isEmpty(), "the mapper lists " + squatted);
    AgentInfo real = fabric.mapper().agent(victim).orElseThrow();
    assertFalse(real.tags().contains("rogue"), "the forged registration was taken: " + real);
    assertEquals(0.0, real.status(), "the forged ping was taken: " + real);
    fabric.honestCallsSucceed();
  }

  /** (1) Calls an agent as the mapper: the agent refuses it, answering nanite.Forbidden. */
  @Test
  @Order(1)
  void callsAnAgentAsTheMapper_refusedByTheAgent() throws Exception {
    assertRogueRequestRefused(fabric.mapper().identity(), "nanite.Forbidden", "forbidden");
  }

  /**
   * A request in the rogue's own name (which its account may claim) to an agent whose caller
   * policy serves the mapper's account only: nanite.Forbidden, not run.
   */
  @Test
  @Order(1)
  void callsAnAgentWhoseCallerPolicyRefusesIt_refusedByTheAgent() throws Exception {
    assertRogueRequestRefused(fabric.rogue().identity(), "nanite.Forbidden", "forbidden");
  }

  private void assertRogueRequestRefused(String asMapper, String error, String counter)
      throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long before = fabric.agentCount(victim, counter);
    String token = "forged-" + UUID.randomUUID();
    String deposit = "rogue-" + UUID.randomUUID();
    rogue.drain();
    rogue.toQueue(victim, new AMQP.BasicProperties.Builder().correlationId(token)
        .replyTo(rogue.identity()).build(),
        fabric.fromRogue(rogue.request(token, SafeProtocol.DEPOSIT, deposit, asMapper)));
    rogue.confirmed(HostileFabric.WAIT);

    Packet answer = rogue.reply(HostileFabric.WAIT);
    assertEquals(token, HostileFabric.tokenOf(answer.getResult()), answer.toString());
    // Refused as another's identity, the request's sender is not trusted: the answer is a
    // notice that cannot fail a call; refused by the caller policy, it is the call's answer.
    assertEquals(asMapper.equals(fabric.mapper().identity()),
        answer.getResult().getToken().isEmpty(), answer.toString());
    assertEquals(victim, answer.getResult().getAgent(), answer.toString());
    assertEquals(error, answer.getResult().getError().getType(), answer.toString());
    fabric.awaitAgentCount(victim, counter, before + 1);
    assertEquals(0, fabric.safe().runs(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS), "the refused deposit ran");
    fabric.honestCallsSucceed();
  }

  /**
   * (2) Registers itself (an identity its account may claim) serving the honest agents' paths,
   * which its account may not serve: the mapper lists it with the path it may serve only.
   */
  @Test
  @Order(2)
  void registersAPathItMayNotServe_pathRefusedAndCountedOnTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    long before = fabric.mapperCount("forbidden");
    Map<String, String> services = new TreeMap<>(Rogue.services(SafeProtocol.endpoints()));
    services.put("/decoy/ping", "0000000000000000");
    rogue.drain();
    rogue.toRegistration(fabric.fromRogue(
        Rogue.register(rogue.identity(), List.of(), services)));
    rogue.confirmed(HostileFabric.WAIT);

    fabric.awaitMapperCount("forbidden", before + SafeProtocol.endpoints().size());
    AgentInfo listed = fabric.listed(rogue.identity());
    assertEquals(Set.of("/decoy/ping"), listed.services().keySet(), listed.toString());
    fabric.honestCallsSucceed();
    List<String> requests = new ArrayList<>();
    for (Packet packet : rogue.drain()) {
      if (packet.hasRequest()) {
        requests.add(packet.getRequest().getPath());
      }
    }
    assertEquals(List.of(), requests, "requests the mapper sent the rogue");
  }

  /** (3) Unregisters another agent. */
  @Test
  @Order(3)
  void unregistersAnotherAgent_refusedAndCountedOnTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    long before = fabric.mapperCount("forbidden");
    for (String victim : fabric.honest()) {
      rogue.toRegistration(fabric.fromRogue(Rogue.unregister(victim)));
    }
    rogue.confirmed(HostileFabric.WAIT);
    fabric.inboxBarrier();

    fabric.awaitMapperCount("forbidden", before + 2);
    fabric.assertNoDepartures();
    fabric.honestCallsSucceed();
  }

  /**
   * (4) Publishes forged results for a call in flight to another agent: posing as that agent,
   * in its own name, and a forged error. None completes the call; the real result does. (The
   * rogue is given the call's token, which it could not guess, as if it had seen it on the
   * wire: otherwise its results would match no call at all.)
   */
  @Test
  @Order(4)
  void forgesAResultForACallInFlight_refusedAndCountedOnTheMapper() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long before = fabric.mapperCount("forbidden");
    Path release = fabric.releaseFile();
    CompletableFuture<String> call = fabric.safe().hold(release.toString(), 30_000,
        Selector.target(victim), fabric.options());
    String[] sent = fabric.nextSent(SafePaths.HOLD);
    assertEquals(victim, sent[2]);
    String token = sent[0];
    String replies = Topology.mapperReplies(fabric.mapper().identity());
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(token)
        .build();
    rogue.toQueue(replies, properties, fabric.fromRogue(Rogue.result(token, victim, "forged")));
    rogue.toQueue(replies, properties,
        fabric.fromRogue(Rogue.result(token, rogue.identity(), "forged")));
    rogue.toQueue(replies, properties,
        fabric.fromRogue(Rogue.errorResult(token, victim, "nanite.AgentStopping")));
    rogue.confirmed(HostileFabric.WAIT);

    fabric.awaitMapperCount("forbidden", before + 3);
    assertFalse(call.isDone(), "a forged result completed the call: " + call);
    Files.createFile(release);
    assertEquals(victim, call.get(20, TimeUnit.SECONDS));
    fabric.honestCallsSucceed();
  }

  /**
   * (8) Floods the mapper with 20,000 forged registrations: each refused and counted, while
   * honest calls go on succeeding at about their usual latency, and no honest agent is evicted.
   */
  @Test
  @Order(8)
  void floodsForgedRegistrations_refusedCountedAndHonestCallsGoOn() throws Exception {
    byte[] forged = fabric.fromRogue(Rogue.register(fabric.first(), List.of("rogue"),
        Rogue.services(SafeProtocol.endpoints())));
    HostileFlood.run(fabric, 20_000, () -> forged, "forbidden");
  }
}
