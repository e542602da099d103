package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.it.support.AgentHost;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import dev.nanite.it.support.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The scale benchmark (bench scenario 7) in small: 200 agents in 2 JVMs of 100, each agent with
 * its own identity, connection and queue, and 4 mappers in this JVM.
 *
 * <p>"Within one ping interval of start-up" is asserted for both ways a registry fills: two
 * mappers run before the agents start, and must list every agent within one ping interval of
 * the last agent having started (each registers as it starts); two mappers start among the
 * running agents, and each must list every agent within one ping interval of its own start
 * (it asks all agents to register; failing that, each agent's next ping would make it ask that
 * agent). Then all four registries must equal the live set at every look, four a ping, over
 * three pings, with no agent evicted or joining anew; and after SIGKILL of one agent JVM, all
 * four must lose exactly its 100 agents, by missed pings, within the agent timeout of the kill
 * plus one ping (an agent's last ping came up to one interval before the kill, and the mapper
 * looks for silent agents a tenth of the timeout apart), and keep the other 100.
 */
class ScaleTest {
  private static final int HOSTS = 2;
  private static final int PER_HOST = 100;
  private static final int MAPPERS = 4;
  private static final Duration PING = Duration.ofSeconds(2);
  private static final Duration AGENT_TIMEOUT = PING.multipliedBy(2); // the mapper's default

  @Test
  void twoHundredAgentsFourMappers_allRegistriesHoldAllAgreeAndLoseExactlyAKilledJvmsAgents()
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String prefix = "scale-" + run; // unique: other runs on a shared broker are not counted
    String uri = Brokers.uri();
    List<Mapper> mappers = new ArrayList<>();
    List<RecordingListener> heard = new ArrayList<>();
    List<AgentHost> hosts = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        mappers.add(mapper(uri, heard));
      }
      for (int h = 0; h < HOSTS; h++) {
        hosts.add(AgentHost.launch(uri, prefix + "-h" + h, PER_HOST, PING, run));
      }
      Set<String> all = new TreeSet<>();
      for (AgentHost host : hosts) {
        host.awaitReady();
        all.addAll(host.identities());
      }
      long started = System.nanoTime();
      for (int i = 0; i < mappers.size(); i++) {
        RecordingListener listener = heard.get(i);
        // The listener hears of each agent right after the registry takes it: a cheap look,
        // as often as Await looks, where a full registry snapshot would load the machine.
        Await.until("a mapper running before the agents lists all " + all.size()
            + " within one ping of the last one's start", deadline(started, PING),
            () -> ours(listener.registered(), prefix).size() >= all.size());
        assertEquals(all, Agents.known(mappers.get(i), all));
      }
      System.out.printf("%d agents listed by the 2 mappers that were running %d ms after the"
          + " last started%n", all.size(), millisSince(started));

      for (int i = 2; i < MAPPERS; i++) {
        long starting = System.nanoTime();
        Mapper late = mapper(uri, heard);
        mappers.add(late);
        RecordingListener listener = heard.get(i);
        Await.until("a mapper started among the agents lists all " + all.size()
            + " within one ping of its start", deadline(starting, PING),
            () -> ours(listener.registered(), prefix).size() >= all.size());
        assertEquals(all, Agents.known(late, all));
        System.out.printf("mapper started among %d agents listed them all after %d ms (ping %d"
            + " ms)%n", all.size(), millisSince(starting), PING.toMillis());
      }

      // Consistent: every registry equals the live set at every look.
      long windowEnd = System.nanoTime() + PING.multipliedBy(3).toNanos();
      int looks = 0;
      while (System.nanoTime() < windowEnd) {
        for (Mapper mapper : mappers) {
          assertEquals(all, Agents.known(mapper, all), "a registry at look " + looks);
        }
        looks++;
        LockSupport.parkNanos(PING.toNanos() / 4); // the sampling period
      }
      for (RecordingListener listener : heard) {
        assertEquals(List.of(), ours(listener.timedOut(), prefix), "no live agent evicted");
        assertEquals(List.of(), ours(listener.unregistered(), prefix), "none unregistered");
        assertEquals(all.size(), ours(listener.registered(), prefix).size(),
            "each agent joined each registry once");
      }

      // One JVM of agents crashes.
      AgentHost victim = hosts.get(0);
      Set<String> killed = new TreeSet<>(victim.identities());
      Set<String> survivors = new TreeSet<>(all);
      survivors.removeAll(killed);
      long killedAt = System.nanoTime();
      victim.kill();
      for (RecordingListener listener : heard) {
        Await.until("a registry losing the " + killed.size() + " killed agents within the agent"
            + " timeout plus one ping", deadline(killedAt, AGENT_TIMEOUT.plus(PING)),
            () -> ours(listener.timedOut(), prefix).size() >= killed.size());
      }
      System.out.printf("%d SIGKILLed agents gone from all %d registries %d ms after the kill"
          + " (agent timeout %d ms, ping %d ms)%n", killed.size(), MAPPERS,
          millisSince(killedAt), AGENT_TIMEOUT.toMillis(), PING.toMillis());
      for (int i = 0; i < MAPPERS; i++) {
        assertEquals(survivors, Agents.known(mappers.get(i), all),
            "registry " + i + " holds exactly the survivors");
        assertEquals(killed, new TreeSet<>(ours(heard.get(i).timedOut(), prefix)),
            "registry " + i + " evicted exactly the killed agents, each once");
        assertEquals(List.of(), ours(heard.get(i).unregistered(), prefix));
      }
    } finally {
      for (Mapper mapper : mappers) {
        mapper.close();
      }
      for (AgentHost host : hosts) {
        host.close();
      }
    }
  }

  private static Mapper mapper(String uri, List<RecordingListener> heard) {
    RecordingListener listener = new RecordingListener();
    heard.add(listener);
    return Mapper.builder().uri(uri).agentTimeout(AGENT_TIMEOUT).listener(listener).start();
  }

  /** How long is left from now until {@code span} after {@code since}; at least zero. */
  private static Duration deadline(long since, Duration span) {
    return Duration.ofNanos(Math.max(0, since + span.toNanos() - System.nanoTime()));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static List<String> ours(List<String> identities, String prefix) {
    return identities.stream().filter(identity -> identity.startsWith(prefix + "-")).toList();
  }
}
