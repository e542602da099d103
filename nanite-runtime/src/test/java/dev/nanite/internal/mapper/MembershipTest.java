package dev.nanite.internal.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentInfo;
import dev.nanite.RegistryListener;
import dev.nanite.internal.protocol.Counters;
import dev.nanite.internal.protocol.Ping;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry as registrations and pings fill it, without a broker: what a snapshot says of an
 * agent (its ping interval, its counters) and which listener events each registration makes.
 */
class MembershipTest {
  private final List<String> events = new ArrayList<>();
  private final Registry registry = new Registry();
  private final MapperStats stats = new MapperStats();
  private final Membership membership = membership(new RegistryListener() {
    @Override
    public void registered(AgentInfo agent) {
      events.add("registered " + agent.identity());
    }

    @Override
    public void reregistered(AgentInfo agent) {
      events.add("reregistered " + agent.identity() + " " + agent.tags());
    }

    @Override
    public void unregistered(AgentInfo agent) {
      events.add("unregistered " + agent.identity());
    }

    @Override
    public void timedOut(AgentInfo agent) {
      events.add("timedOut " + agent.identity());
    }
  });

  private Membership membership(RegistryListener listener) {
    MapperSettings settings = new MapperSettings(Fabric.UNUSED_BROKER, "test-mapper", null,
        Duration.ofSeconds(30), 1.0, 100_000, false, 16 * 1024 * 1024, 100,
        Duration.ofSeconds(1), List.of(listener), List.of(), null, Duration.ZERO, List.of(), false, List.of(), dev.nanite.internal.security.SecuritySettings.OPEN);
    Selection selection = new Selection(registry, 1.0);
    // Membership reaches the calls only to retry waiting ones (none here) and to settle the
    // calls of an agent that left (none here either); neither sends anything.
    Calls calls = new Calls(settings, registry, selection, stats, null, "test-replies", null,
        null, () -> true, () -> 0L, null, Runnable::run, true,
        new CallObservers(List.of()));
    return new Membership(settings, registry, new Schemas(), stats, calls, identity -> {});
  }

  private static Register.Builder register(String identity) {
    return Register.newBuilder()
        .setIdentity(identity)
        .setStatus(0.5)
        .setPingIntervalMillis(2_500)
        .addServices(Service.newBuilder().setPath("/work/do").setFingerprint("f"));
  }

  /** A ping as agents send them, with the interval they registered with. */
  private static Ping.Builder ping(String identity) {
    return Ping.newBuilder().setIdentity(identity).setStatus(0.5).setPingIntervalMillis(2_500);
  }

  private AgentInfo agent(String identity) {
    return registry.get(identity).snapshot();
  }

  @Test
  void aSnapshotCarriesThePingIntervalTheAgentRegisteredWith() {
    membership.registered(register("a").build());
    assertEquals(Duration.ofMillis(2_500), agent("a").pingInterval());
  }

  @Test
  void countersComeWithTheRegistrationAndEachPingByTheirProtocolJsonNames() {
    membership.registered(register("a")
        .setCounters(Counters.newBuilder().setRequests(3).setPings(1)).build());
    Map<String, Long> counters = agent("a").counters();
    assertEquals(List.of("requests", "failed", "rejected", "expired", "pings", "unrouted",
        "undelivered", "uncaught", "forbidden", "badSignature", "replayed", "cancelled"),
        List.copyOf(counters.keySet()), "every one, in order");
    assertEquals(3L, counters.get("requests"));
    assertEquals(0L, counters.get("failed"), "a counter left out is zero");

    membership.pinged(ping("a")
        .setCounters(Counters.newBuilder().setRequests(7).setFailed(2).setPings(2)).build());
    counters = agent("a").counters();
    assertEquals(7L, counters.get("requests"));
    assertEquals(2L, counters.get("failed"));
    assertEquals(2L, counters.get("pings"));
    assertEquals(0, stats.rejected.get());
  }

  @Test
  void anAgentThatSendsNoCountersHasNone() {
    membership.registered(register("old").build());
    membership.pinged(ping("old").build());
    assertTrue(agent("old").counters().isEmpty());
  }

  @Test
  void aSnapshotTakenBetweenTwoPingsShowsTheLatterAfterIt() {
    membership.registered(register("a").build());
    membership.pinged(ping("a")
        .setCounters(Counters.newBuilder().setRequests(1)).build());
    assertEquals(1L, agent("a").counters().get("requests"));
    assertEquals(1L, agent("a").counters().get("requests"), "the same ping's map again");
    membership.pinged(ping("a")
        .setCounters(Counters.newBuilder().setRequests(2)).build());
    assertEquals(2L, agent("a").counters().get("requests"));
  }

  @Test
  void registeredMeansJoinedAndAnotherRegistrationIsAReregistration() {
    membership.registered(register("a").build());
    membership.registered(register("a").build()); // it reconnected, or a mapper asked
    membership.registered(register("a").addTags("gpu").build());
    assertEquals(List.of("registered a", "reregistered a []", "reregistered a [gpu]"), events);
  }

  @Test
  void anAgentBackAfterLeavingJoinsAgain() {
    membership.registered(register("a").build());
    membership.unregistered("a");
    membership.registered(register("a").build());
    membership.sweep(System.nanoTime() + Duration.ofMinutes(1).toNanos());
    membership.registered(register("a").build());
    membership.agentGone(registry.get("a"), "its request queue is gone");
    membership.registered(register("a").build());
    assertEquals(List.of("registered a", "unregistered a", "registered a", "timedOut a",
        "registered a", "unregistered a", "registered a"), events);
  }

  @Test
  void aChangeMadeFromAListenerIsToldAfterTheEventThatMadeIt() {
    List<String> heard = new ArrayList<>();
    Membership[] self = new Membership[1];
    self[0] = membership(new RegistryListener() {
      @Override
      public void registered(AgentInfo agent) {
        heard.add("registered " + agent.identity());
        self[0].unregistered(agent.identity()); // told once this event is over
        heard.add("registered returns");
      }

      @Override
      public void unregistered(AgentInfo agent) {
        heard.add("unregistered " + agent.identity());
      }
    });
    self[0].registered(register("a").build());
    assertEquals(List.of("registered a", "registered returns", "unregistered a"), heard);
  }

  @Test
  void aListenerThatThrowsKeepsTheOthersHearing() {
    List<String> heard = new ArrayList<>();
    Membership throwing = membership(new RegistryListener() {
      @Override
      public void registered(AgentInfo agent) {
        heard.add("registered " + agent.identity());
        throw new IllegalStateException("listener bug");
      }
    });
    throwing.registered(register("a").build());
    throwing.registered(register("b").build());
    assertEquals(List.of("registered a", "registered b"), heard);
  }
}
