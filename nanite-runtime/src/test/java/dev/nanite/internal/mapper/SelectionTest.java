package dev.nanite.internal.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.NoAgentException;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Selection over a registry filled by hand: every selector, the filters and the errors. */
class SelectionTest {
  private static final String PATH = "/work/do";
  private final Registry registry = new Registry();
  private final Selection selection = new Selection(registry, 1.0);

  private void agent(String identity, double status, String fingerprint, String... tags) {
    registry.register(Register.newBuilder()
        .setIdentity(identity)
        .setStatus(status)
        .setPingIntervalMillis(1000)
        .addServices(Service.newBuilder().setPath(PATH).setFingerprint(fingerprint))
        .addAllTags(List.of(tags))
        .build(), System.nanoTime());
  }

  private String one(Selector.Single selector) {
    return selection.one(PATH, "", Set.of(), selector).identity;
  }

  @Test
  void leastLoadedTakesTheLowestStatusPlusCallsInFlight() {
    agent("a", 2.0, "f");
    agent("b", 1.0, "f");
    assertEquals("b", one(Selector.LEAST_LOADED));
    registry.get("b").inFlight.set(2); // 1 + 2 > 2
    assertEquals("a", one(Selector.LEAST_LOADED));
  }

  @Test
  void leastLoadedBreaksTiesAtRandom() {
    agent("a", 1.0, "f");
    agent("b", 1.0, "f");
    agent("c", 1.0, "f");
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      picks.merge(one(Selector.LEAST_LOADED), 1, Integer::sum);
    }
    for (String agent : List.of("a", "b", "c")) {
      assertTrue(picks.getOrDefault(agent, 0) > 800, "ties are shared: " + picks);
    }
  }

  @Test
  void leastLoadedSendsToASlowerAgentOnlyWhenTheFastOnesAreThatMuchBusier() {
    agent("fast", 0, "f");
    agent("slow", 0, "f");
    long now = System.nanoTime();
    registry.get("slow").answered(PATH, 60_000_000, now); // one cold reply does not count
    registry.get("fast").inFlight.set(1);
    assertEquals("slow", one(Selector.LEAST_LOADED), "no estimate yet: in flight decides");
    for (int i = 0; i < Latency.SETTLED; i++) {
      registry.get("fast").answered(PATH, 2_000_000, now);
      registry.get("slow").answered(PATH, 6_000_000, now); // three times slower
    }
    for (int busy = 0; busy < 2; busy++) {
      registry.get("fast").inFlight.set(busy); // (busy + 1) * 1 < 1 * 3
      assertEquals("fast", one(Selector.LEAST_LOADED), "fast with " + busy + " in flight");
    }
    registry.get("fast").inFlight.set(3); // 4 * 1 > 1 * 3
    assertEquals("slow", one(Selector.LEAST_LOADED));
  }

  @Test
  void aSlowEstimateNoReplyRefreshesRelaxesSoTheAgentIsTriedAgain() {
    Latency latency = new Latency();
    for (int i = 0; i < Latency.SETTLED; i++) {
      latency.sample(6_000_000, 0);
    }
    assertEquals(6_000_000, latency.meanNanos(2_000_000, 0), 1);
    double later = latency.meanNanos(2_000_000, 20_000_000_000L); // 20 s without a reply
    assertTrue(later < 2_100_000, "relaxed toward the fastest: " + later);
  }

  @Test
  void amongManyAgentsLeastLoadedSamplesAndStillAvoidsTheBusy() {
    for (int i = 0; i < 1_000; i++) {
      agent(String.format("agent-%04d", i), 0, "f");
    }
    for (int i = 0; i < 900; i++) {
      registry.get(String.format("agent-%04d", i)).inFlight.set(50);
    }
    int busyChosen = 0;
    for (int i = 0; i < 1_000; i++) {
      if (registry.get(one(Selector.LEAST_LOADED)).inFlight.get() > 0) {
        busyChosen++;
      }
    }
    // A busy agent wins only when all 16 sampled are busy: 0.9^16, about 19 in 100.
    assertTrue(busyChosen < 300, busyChosen + " of 1000 calls went to busy agents");
    registry.get("agent-0950").inFlight.set(50);
    registry.get("agent-0950").tags = Set.of("rare");
    assertEquals("agent-0950", selection.one(PATH, "", Set.of("rare"), Selector.LEAST_LOADED)
        .identity, "when no sampled agent carries the tags, every agent is considered");
  }

  @Test
  void roundRobinCyclesInIdentityOrder() {
    agent("c", 0, "f");
    agent("a", 0, "f");
    agent("b", 0, "f");
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      order.append(one(Selector.ROUND_ROBIN));
    }
    assertEquals("abcabc", order.toString());
  }

  @Test
  void roundRobinAndRandomSkipAgentsTheFiltersRuleOut() {
    agent("a", 0, "f", "eu");
    agent("b", 0, "f", "us");
    agent("c", 0, "f", "eu");
    Map<String, Integer> turns = new HashMap<>();
    Map<String, Integer> draws = new HashMap<>();
    for (int i = 0; i < 600; i++) {
      turns.merge(selection.one(PATH, "", Set.of("eu"), Selector.ROUND_ROBIN).identity, 1,
          Integer::sum);
      draws.merge(selection.one(PATH, "", Set.of("eu"), Selector.RANDOM).identity, 1,
          Integer::sum);
    }
    assertEquals(Set.of("a", "c"), turns.keySet(), "round-robin: " + turns);
    assertTrue(turns.get("a") >= 200 && turns.get("c") >= 200, "round-robin: " + turns);
    assertEquals(Set.of("a", "c"), draws.keySet(), "random: " + draws);
    assertTrue(draws.get("a") >= 230 && draws.get("c") >= 230, "random: " + draws);
  }

  @Test
  void fingerprintsAndTagsFilterCandidatesAndSayWhyNoneIsLeft() {
    agent("old", 0, "v1", "eu");
    agent("new", 5, "v2", "us");
    assertEquals("new", selection.one(PATH, "v2", Set.of(), Selector.LEAST_LOADED).identity);
    assertEquals("old", selection.one(PATH, "", Set.of("eu"), Selector.LEAST_LOADED).identity);
    SignatureMismatchException skew = assertThrows(SignatureMismatchException.class,
        () -> selection.one(PATH, "v3", Set.of(), Selector.LEAST_LOADED));
    assertEquals("2 agent(s) serve /work/do but with signature [v1, v2], incompatible with v3,"
        + " which this caller was built for: against v1, what differs is unknown: neither this"
        + " caller's schema for v3 is on the mapper's class path nor did the agents advertise one"
        + " for v1; make the change a compatible one (docs/protocol.md, Compatible changes) or"
        + " rebuild the caller or the agents against the same actor", skew.getMessage());
    assertEquals("v3", skew.callerFingerprint());
    assertEquals(Set.of("v1", "v2"), skew.agentFingerprints());
    assertThrows(SignatureMismatchException.class,
        () -> selection.all(PATH, "v3", Set.of()));
    NoAgentException tags = assertThrows(NoAgentException.class,
        () -> selection.one(PATH, "v2", Set.of("eu"), Selector.LEAST_LOADED));
    assertEquals("none of the 1 agent(s) serving /work/do with a signature compatible with this"
        + " caller's carries the tags [eu] (1 other(s) serve it with an incompatible signature:"
        + " what differs is unknown: neither this caller's schema for v2 is on the mapper's class"
        + " path nor did the agents advertise one for v1)", tags.getMessage());
    assertEquals("none of the 2 agent(s) serving /work/do carries the tags [asia]",
        assertThrows(NoAgentException.class,
            () -> selection.one(PATH, "", Set.of("asia"), Selector.RANDOM)).getMessage());
    assertEquals("no agent serves /other/path", assertThrows(NoAgentException.class,
        () -> selection.one("/other/path", "", Set.of(), Selector.RANDOM)).getMessage());
  }

  /** A target that cannot take the call says which of the four reasons it is, about itself. */
  @Test
  void aTargetSaysWhyItCannotTakeTheCall() {
    agent("a", 0, "f", "eu");
    agent("b", 0, "g", "us");
    registry.register(Register.newBuilder().setIdentity("c").setPingIntervalMillis(1000)
        .addServices(Service.newBuilder().setPath("/other/path").setFingerprint("h"))
        .build(), System.nanoTime());
    assertEquals("a", selection.one(PATH, "f", Set.of("eu"), Selector.target("a")).identity);
    assertEquals("the target agent z is not registered", assertThrows(NoAgentException.class,
        () -> selection.one(PATH, "f", Set.of(), Selector.target("z"))).getMessage());
    assertEquals("the target agent c does not serve /work/do (it serves [/other/path])",
        assertThrows(NoAgentException.class,
            () -> selection.one(PATH, "f", Set.of(), Selector.target("c"))).getMessage());
    SignatureMismatchException skew = assertThrows(SignatureMismatchException.class,
        () -> selection.one(PATH, "f", Set.of(), Selector.target("b")));
    assertTrue(skew.getMessage().startsWith("the target agent b serves /work/do with signature"
        + " g, incompatible with f, which this caller was built for: what differs is unknown"),
        skew.getMessage());
    assertEquals(Set.of("g"), skew.agentFingerprints());
    assertEquals("the target agent a serves /work/do but does not carry the tags [gpu] (it"
        + " carries [eu])", assertThrows(NoAgentException.class,
            () -> selection.one(PATH, "f", Set.of("eu", "gpu"), Selector.target("a")))
        .getMessage());
  }

  @Test
  void targetAndCustomSelectorsSayWhatWentWrong() {
    agent("a", 0, "f");
    assertEquals("a", one(Selector.target("a")));
    assertEquals("the target agent z is not registered",
        assertThrows(NoAgentException.class, () -> one(Selector.target("z"))).getMessage());
    Selector.Single rogue = Selector.custom("rogue", candidates -> new dev.nanite.AgentInfo(
        "ghost", 0, Set.of(), Map.of(), java.time.Instant.now(), 0, Duration.ofSeconds(1),
        Map.of(), ""));
    assertEquals("the selector custom(rogue) chose ghost, which is not one of the candidates",
        assertThrows(NoAgentException.class, () -> one(rogue)).getMessage());
    Selector.Single broken = Selector.custom("broken", candidates -> {
      throw new IllegalStateException("oops");
    });
    assertTrue(assertThrows(NoAgentException.class, () -> one(broken)).getMessage()
        .contains("the selector custom(broken) failed: java.lang.IllegalStateException: oops"));
  }

  @Test
  void excludedAgentsAreNeverChosen() {
    agent("a", 0, "f");
    agent("b", 5, "f");
    assertEquals("b", selection.one(PATH, "", Set.of(), Selector.LEAST_LOADED, Set.of("a"))
        .identity);
    assertEquals("the target agent a was tried already for this call",
        assertThrows(NoAgentException.class,
            () -> selection.one(PATH, "", Set.of(), Selector.target("a"), Set.of("a")))
        .getMessage());
  }

  @Test
  void awaitingAgentsOfASignatureCountsOnlyThose() throws InterruptedException {
    agent("old", 0, "v1");
    assertTrue(registry.awaitServing(PATH, "", 1, 0), "any signature");
    assertFalse(registry.awaitServing(PATH, "v2", 1, 0), "none of v2 yet");
    agent("new", 0, "v2");
    assertTrue(registry.awaitServing(PATH, "v2", 1, 0));
    assertFalse(registry.awaitServing(PATH, "v2", 2, 0));
  }
}
