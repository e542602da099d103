package dev.nanite.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nanite.Selector;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.it.security.HostileFabric.Member;
import dev.nanite.it.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hostile suite on a fabric in secure mode that also signs, on RabbitMQ: each process on
 * an account of its own on a throwaway vhost ({@code AccountPolicy.byName()}) and with a key of
 * its own. The rogue's own key is trusted, for its own identities; what it signs as another is
 * refused as a bad signature before any account is looked at, and a result it signs in its own
 * name for a call sent elsewhere is forbidden. The agents take a signed packet for 3 s after
 * it was signed (a request: until its deadline, if later), short enough for a test to replay a
 * stale request.
 */
class HostileSigningTest extends SigningScenarios {
  private static final Duration WINDOW = Duration.ofSeconds(3);

  private RabbitAccounts accounts;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(RabbitAccounts.available(), "skipped: 'rabbitmqctl status' does not answer here"
        + " (no RabbitMQ, or this user may not reach it): no accounts to make");
    accounts = new RabbitAccounts(List.of("m"), List.of("1", "2", "9"));
    fabric = new HostileFabric(new HostileFabric.Settings(member("m"), member("1"),
        member("2"), member("9"), "byName", null, null, true, WINDOW));
  }

  private Member member(String name) {
    String account = accounts.account(name);
    return new Member(account, accounts.uri(account), account + "-");
  }

  @Override
  protected String resultFromAnotherAgent() {
    return "forbidden";
  }

  /**
   * (5) Replays a captured request once it is stale (signed longer ago than the window, its
   * deadline passed): refused before its signature is checked, answered with nanite.Replayed
   * (which reaches the mapper as a late reply, nobody waiting), and not run again.
   */
  @Test
  @Order(5)
  void replaysAStaleRequest_answeredReplayed() throws Exception {
    Rogue rogue = fabric.rogue();
    String victim = fabric.first();
    long before = fabric.agentCount(victim, "replayed");
    String deposit = "stale-" + UUID.randomUUID();
    assertEquals(1, fabric.safe().deposit(deposit, Selector.target(victim),
        fabric.options().withTimeout(Duration.ofSeconds(2))).get(20, TimeUnit.SECONDS));
    Wiretap.Message captured = captured(victim, deposit);
    Packet outer = Rogue.parse(captured.body());
    long freshUntil = Math.max(outer.getSigned().getSignedAtUnixMillis() + WINDOW.toMillis(),
        captured.packet().getRequest().getDeadlineUnixMillis());
    Await.until("the captured request is stale", WINDOW.plusSeconds(10),
        () -> System.currentTimeMillis() > freshUntil + 50);
    rogue.toQueue(victim, captured.properties(), captured.body());
    rogue.confirmed(HostileFabric.WAIT);

    assertEquals(victim, awaitErrors(captured.packet().getRequest().getToken(),
        "nanite.Replayed", 1).get(0).getAgent());
    fabric.awaitAgentCount(victim, "replayed", before + 1);
    assertEquals(1, fabric.safe().runs(deposit, Selector.target(victim), fabric.options())
        .get(20, TimeUnit.SECONDS), "times the replayed deposit ran");
    fabric.honestCallsSucceed();
  }

  /**
   * (8) Floods 20,000 registrations as another agent, signed with the rogue's key under that
   * agent's key id: each costs the mapper a signature check until the rogue's account has
   * failed 100 in a second, and is then dropped unread for the rest of it. All are counted as
   * bad signatures; honest calls go on meanwhile. (The rogue signs once per 500: a signature
   * costs it milliseconds too, and the copies stay within the window.)
   */
  @Test
  @Order(8)
  void floodsRegistrationsForgedUnderAnotherAgentsKey_boundedAndCounted() throws Exception {
    Packet forged = Rogue.register(fabric.first(), List.of("rogue"),
        Rogue.services(SafeProtocol.endpoints()));
    String victimKey = fabric.keyIdOf(fabric.settings().first());
    byte[][] signed = new byte[1][];
    int[] sent = new int[1];
    HostileFlood.run(fabric, 20_000, () -> {
      if (sent[0]++ % 500 == 0) {
        signed[0] = fabric.rogue().signedAs(forged, victimKey);
      }
      return signed[0];
    }, "badSignature");
  }

  @AfterAll
  void deleteAccounts() throws Exception {
    if (accounts != null) {
      stopFabric();
      fabric = null;
      accounts.close();
    }
  }
}
