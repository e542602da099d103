package dev.nanite.it.security;

import dev.nanite.broker.EmbeddedBroker;
import dev.nanite.it.security.HostileFabric.Member;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The hostile suite on the embedded broker, which has one account: every process logs in as
 * it, so an account policy cannot tell them apart, and identities are bound by signing alone.
 * The fabric signs, without secure mode; the broker is this class's own, so no other test's
 * traffic reaches it. What it cannot enforce as RabbitMQ does: which paths an account may
 * serve (scenario 2: keys bind identities, not paths), and a bound on the cost of a flood of
 * bad signatures under a trusted key, which silences the one account, honest processes and
 * all (see Gate); a flood of forgeries refused without a signature check is borne in full.
 */
class HostileEmbeddedTest extends SigningScenarios {
  private EmbeddedBroker broker;

  @BeforeAll
  void start() throws Exception {
    broker = EmbeddedBroker.start();
    String run = UUID.randomUUID().toString().substring(0, 8);
    fabric = new HostileFabric(new HostileFabric.Settings(member("m", run), member("a", run),
        member("b", run), member("r", run), null, null, null, true, null));
  }

  private Member member(String name, String run) {
    return new Member(EmbeddedBroker.DEFAULT_USER, broker.uri(), name + "-" + run + "-");
  }

  @Override
  protected String resultFromAnotherAgent() {
    return "forbidden";
  }

  /**
   * (8) Floods 20,000 registrations as another agent, signed with the rogue's own key: each
   * refused as a bad signature without a signature check, honest calls going on meanwhile.
   */
  @Test
  @Order(8)
  void floodsForgedRegistrations_refusedCountedAndHonestCallsGoOn() throws Exception {
    byte[] forged = fabric.rogue().signed(Rogue.register(fabric.first(), List.of("rogue"),
        Rogue.services(SafeProtocol.endpoints())));
    HostileFlood.run(fabric, 20_000, () -> forged, "badSignature");
  }

  @AfterAll
  void stopBroker() throws Exception {
    stopFabric();
    fabric = null;
    if (broker != null) {
      broker.close();
    }
  }
}
