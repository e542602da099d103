package dev.nanite.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import dev.nanite.AccountPolicy;
import dev.nanite.Signing;
import dev.nanite.TrustedKeys;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Request;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the gate lets in and what it refuses, and how it counts. */
class GateTest {
  private static final KeyPair AGENT = Keys.generate();
  private static final KeyPair MAPPER = Keys.generate();
  private static final TrustedKeys TRUSTED = TrustedKeys.builder()
      .add("agents-1", "nanite3-*", AGENT.getPublic())
      .add("mappers-1", "mapper-*", MAPPER.getPublic())
      .build();

  private final SecurityStats stats = new SecurityStats();

  private static Signing signing(KeyPair key, String id) {
    return Signing.builder().key(id, key.getPrivate()).trust(TRUSTED)
        .window(Duration.ofSeconds(30)).build();
  }

  private static AMQP.BasicProperties as(String account) {
    return new AMQP.BasicProperties.Builder().userId(account).build();
  }

  private static byte[] ping(String identity) {
    return Packets.newPacket().setPing(Ping.newBuilder().setIdentity(identity).setStatus(0.5)
        .setPingIntervalMillis(1000)).build().toByteArray();
  }

  private static byte[] request(String token, long deadline) {
    return Packets.newPacket().setRequest(Request.newBuilder().setToken(token)
        .setPath("/work/whoami").setMapper("mapper-1").setReplyTo("nanite.mapper.mapper-1.replies")
        .setDeadlineUnixMillis(deadline)).build().toByteArray();
  }

  @Test
  void openModeTakesWhateverParses() throws Exception {
    Gate gate = SecuritySettings.OPEN.gate("test", 1 << 20, stats);
    assertEquals("anyone", gate.admit(null, ping("anyone")).packet().getPing().getIdentity());
  }

  @Test
  void secureModeTakesOnlyIdentitiesTheAccountMayClaim() throws Exception {
    Gate gate = new Gate("test", AccountPolicy.byName(), null, 1 << 20, stats);
    assertEquals("nanite3", gate.admit(as("nanite3"), ping("nanite3-a")).account());
    assertEquals("nanite3", gate.admit(as("nanite3"), ping("nanite3")).account());
    RefusedException other = assertThrows(RefusedException.class,
        () -> gate.admit(as("nanite3"), ping("nanite4-a")));
    assertEquals(Refusal.FORBIDDEN, other.refusal());
    assertTrue(other.getMessage().contains("account 'nanite3' may not act as 'nanite4-a'"),
        other.getMessage());
    assertThrows(RefusedException.class, () -> gate.admit(as("nanite3"), ping("nanite31")));
    RefusedException anonymous = assertThrows(RefusedException.class,
        () -> gate.admit(null, ping("nanite3-a")));
    assertTrue(anonymous.getMessage().contains("without a user-id"), anonymous.getMessage());
    assertEquals(3, stats.forbidden.get());
  }

  @Test
  void signedPacketsAreCheckedAndUnwrapped() throws Exception {
    Gate gate = new Gate("test", null, signing(MAPPER, "mappers-1"), 1 << 20, stats);
    Outbound agent = new Outbound("nanite3", signing(AGENT, "agents-1"));
    byte[] sealed = agent.body(ping("nanite3-a"));
    assertTrue(Seals.isSealed(sealed));
    assertEquals(sealed, agent.body(sealed), "a signed packet is not signed again");
    assertEquals("nanite3-a", gate.admit(as("nanite3"), sealed).packet().getPing().getIdentity());

    byte[] flipped = sealed.clone();
    flipped[flipped.length - 70] ^= 1; // inside the packet signed, before the signature
    RefusedException changed = assertThrows(RefusedException.class,
        () -> gate.admit(as("nanite3"), flipped));
    assertEquals(Refusal.BAD_SIGNATURE, changed.refusal());

    RefusedException unsigned = assertThrows(RefusedException.class,
        () -> gate.admit(as("nanite3"), ping("nanite3-a")));
    assertTrue(unsigned.getMessage().contains("takes signed packets only"), unsigned.getMessage());

    RefusedException otherIdentity = assertThrows(RefusedException.class,
        () -> gate.admit(as("nanite4"), agent.body(ping("nanite4-a"))));
    assertTrue(otherIdentity.getMessage().contains("signs for 'nanite3-*' only"),
        otherIdentity.getMessage());
    assertEquals(3, stats.badSignature.get());
  }

  @Test
  void twoKeysMaySignForTheSameIdentitiesWhileOneReplacesTheOther() throws Exception {
    KeyPair next = Keys.generate();
    TrustedKeys both = TrustedKeys.builder()
        .add("agents-1", "nanite3-*", AGENT.getPublic())
        .add("agents-2", "nanite3-*", next.getPublic())
        .build();
    Gate gate = new Gate("test", null, Signing.builder().key("mappers-1", MAPPER.getPrivate())
        .trust(both).build(), 1 << 20, stats);
    long now = System.currentTimeMillis();
    assertEquals("nanite3-a", gate.admit(null, Seals.seal(ping("nanite3-a"), "agents-1",
        AGENT.getPrivate(), now)).packet().getPing().getIdentity());
    assertEquals("nanite3-b", gate.admit(null, Seals.seal(ping("nanite3-b"), "agents-2",
        next.getPrivate(), now)).packet().getPing().getIdentity());
    RefusedException swapped = assertThrows(RefusedException.class, () -> gate.admit(null,
        Seals.seal(ping("nanite3-a"), "agents-1", next.getPrivate(), now)));
    assertEquals(Refusal.BAD_SIGNATURE, swapped.refusal(), "a key id names one key");
  }

  @Test
  void anAgentRefusesASignedRequestForAnotherAgent() throws Exception {
    Gate agentGate = new Gate("test", "nanite3-a", null, signing(AGENT, "agents-1"), 1 << 20,
        stats);
    long now = System.currentTimeMillis();
    byte[] forB = Seals.seal(Packets.newPacket().setRequest(Request.newBuilder().setToken("t9")
        .setPath("/work/whoami").setMapper("mapper-1").setAgent("nanite3-b")
        .setDeadlineUnixMillis(now + 10_000)).build().toByteArray(), "mappers-1",
        MAPPER.getPrivate(), now);
    RefusedException e = assertThrows(RefusedException.class, () -> agentGate.admit(null, forB));
    assertEquals(Refusal.REPLAYED, e.refusal());
    assertTrue(e.getMessage().contains("signed for agent 'nanite3-b'"), e.getMessage());
    // For several agents (a call to all as one message), any may take it.
    assertEquals("t1", agentGate.admit(null, Seals.seal(request("t1", now + 10_000),
        "mappers-1", MAPPER.getPrivate(), now)).packet().getRequest().getToken());
  }

  @Test
  void anUnknownKeyIsRefused() {
    Gate gate = new Gate("test", null, signing(MAPPER, "mappers-1"), 1 << 20, stats);
    KeyPair stranger = Keys.generate();
    byte[] sealed = Seals.seal(ping("nanite3-a"), "stranger", stranger.getPrivate(),
        System.currentTimeMillis());
    RefusedException e = assertThrows(RefusedException.class,
        () -> gate.admit(as("nanite3"), sealed));
    assertTrue(e.getMessage().contains("key 'stranger', which is not trusted"), e.getMessage());
  }

  @Test
  void aCopyOfASignedRequestAndAStaleOneAreReplays() throws Exception {
    Gate agentGate = new Gate("test", null, signing(AGENT, "agents-1"), 1 << 20, stats);
    long now = System.currentTimeMillis();
    byte[] sealed = Seals.seal(request("t1", now + 10_000), "mappers-1",
        MAPPER.getPrivate(), now);
    assertEquals("t1", agentGate.admit(null, sealed).packet().getRequest().getToken());
    RefusedException copy = assertThrows(RefusedException.class,
        () -> agentGate.admit(null, sealed));
    assertEquals(Refusal.REPLAYED, copy.refusal());
    assertNull(copy.packet(), "a copy is not answered: its answer would fail the real call");

    byte[] stale = Seals.seal(ping("mapper-1"), "mappers-1", MAPPER.getPrivate(),
        now - 31_000);
    RefusedException old = assertThrows(RefusedException.class,
        () -> agentGate.admit(null, stale));
    assertTrue(old.getMessage().contains("outside the window of 30 s"), old.getMessage());
    byte[] ahead = Seals.seal(ping("mapper-1"), "mappers-1", MAPPER.getPrivate(), now + 31_000);
    assertThrows(RefusedException.class, () -> agentGate.admit(null, ahead));

    // A request stays fresh until its deadline when that is later than the window.
    byte[] longCall = Seals.seal(request("t2", now + 60_000), "mappers-1", MAPPER.getPrivate(),
        now - 40_000);
    assertEquals("t2", agentGate.admit(null, longCall).packet().getRequest().getToken());
    assertEquals(3, stats.replayed.get());
  }

  @Test
  void aSenderWhoseSignaturesFailTooOftenIsDroppedUnread() throws Exception {
    Gate gate = new Gate("test", null, signing(MAPPER, "mappers-1"), 1 << 20, stats);
    // Signed by the wrong key under a trusted key id: each costs a signature check.
    byte[] forged = Seals.seal(ping("nanite3-a"), "agents-1", Keys.generate().getPrivate(),
        System.currentTimeMillis());
    int refused = 0;
    int unread = 0;
    long until = System.currentTimeMillis() + 10_000;
    while (unread == 0 && System.currentTimeMillis() < until) {
      try {
        gate.admit(as("rogue"), forged);
      } catch (RefusedException e) {
        refused++;
        if (e.packet() == null) {
          unread++;
        }
      }
    }
    assertEquals(1, unread, "dropped unread after " + refused + " refusals");
    assertTrue(refused > Floods.LIMIT, "refused " + refused);
    assertEquals(refused, stats.badSignature.get());
    // Another sender is served meanwhile.
    byte[] honest = new Outbound("nanite3", signing(AGENT, "agents-1")).body(ping("nanite3-a"));
    assertEquals("nanite3-a", gate.admit(as("nanite3"), honest).packet().getPing()
        .getIdentity());
  }

  @Test
  void cheapRefusalsDoNotSilenceAnAccount() throws Exception {
    // On a broker where processes share an account, forgeries refused without a signature
    // check must not get the honest packets of that account dropped.
    Gate gate = new Gate("test", AccountPolicy.byName(), null, 1 << 20, stats);
    for (int i = 0; i < 3 * Floods.LIMIT; i++) {
      assertThrows(RefusedException.class, () -> gate.admit(as("nanite3"), ping("nanite4-a")));
    }
    assertEquals("nanite3-a", gate.admit(as("nanite3"), ping("nanite3-a")).packet().getPing()
        .getIdentity());
  }

  @Test
  void anAccountMayBeHeldToItsPaths() {
    AccountPolicy policy = AccountPolicy.byName().servingOnly(
        java.util.Map.of("nanite3", java.util.List.of("/billing/*", "/mock/list")));
    assertTrue(policy.mayServe("nanite3", "/billing/charge"));
    assertTrue(policy.mayServe("nanite3", "/mock/list"));
    assertEquals(false, policy.mayServe("nanite3", "/mock/other"));
    assertTrue(policy.mayServe("nanite4", "/anything"), "accounts not listed serve any path");
    assertThrows(IllegalArgumentException.class, () -> AccountPolicy.byName().servingOnly(
        java.util.Map.of("x", java.util.List.of("billing"))));
  }

  @Test
  void trustedKeysFilesSayWhichLineIsWrong() {
    String good = TRUSTED.get("agents-1").orElseThrow().line();
    assertEquals(1, TrustedKeys.parse("# keys\n" + good + "  # agents\n", "keys").all().size());
    IllegalArgumentException words = assertThrows(IllegalArgumentException.class,
        () -> TrustedKeys.parse("\n\nid only-two\n", "keys"));
    assertTrue(words.getMessage().startsWith("keys line 3:"), words.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> TrustedKeys.parse(good + "\n" + good + "\n", "keys"));
    assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
    assertNull(TrustedKeys.parse("", "keys").get("agents-1").orElse(null));
  }

  @Test
  void registrationsAreUnwrappedWhole() throws Exception {
    Gate gate = new Gate("test", null, signing(MAPPER, "mappers-1"), 1 << 20, stats);
    byte[] body = Packets.newPacket().setRegister(Register.newBuilder().setIdentity("nanite3-a")
        .setPingIntervalMillis(1000)).build().toByteArray();
    Packet packet = gate.admit(null, new Outbound("", signing(AGENT, "agents-1")).body(body))
        .packet();
    assertEquals("nanite3-a", packet.getRegister().getIdentity());
  }
}
