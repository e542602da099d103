package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.fixtures.WorkPaths;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each selector over three agents: a (status 3, tagged gpu), b (status 1), c (status 2). */
class SelectorsTest {
  private static Cluster cluster;
  private static Mapper mapper;
  private static WorkClient work;
  private static String a;
  private static String b;
  private static String c;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    a = cluster.agent("a", 3, "--ping", "200", "--tags", "gpu").identity();
    b = cluster.agent("b", 1, "--ping", "200").identity();
    c = cluster.agent("c", 2, "--ping", "200").identity();
    mapper = cluster.mapper();
    work = new WorkClient(mapper);
    Await.until("the mapper knows a, b and c", Duration.ofSeconds(10),
        () -> Agents.known(mapper, List.of(a, b, c)).size() == 3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static String whoami(Selector.Single selector, CallOptions options) throws Exception {
    return work.whoami(selector, options).get(10, TimeUnit.SECONDS);
  }

  @Test
  void leastLoadedFollowsTheReportedStatus() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertEquals(b, whoami(Selector.LEAST_LOADED, cluster.options()), "status 1 is least loaded");
    }
    cluster.status("b", 5);
    try {
      Await.until("the mapper hears b's new status", Duration.ofSeconds(5),
          () -> Agents.status(mapper, b) == 5.0);
      // Asked through a mapper that has timed none of a's and c's answers yet: least-loaded also
      // weighs how much slower than the fastest an agent answered, and one slow whoami on a
      // loaded machine would make a (status 3) outscore c (status 2). Here status alone decides.
      Mapper fresh = cluster.mapper();
      Await.until("a new mapper knows a, b and c, and b's new status", Duration.ofSeconds(10),
          () -> Agents.known(fresh, List.of(a, b, c)).size() == 3
              && Agents.status(fresh, b) == 5.0);
      WorkClient freshWork = new WorkClient(fresh);
      for (int i = 0; i < 10; i++) {
        assertEquals(c, freshWork.whoami(Selector.LEAST_LOADED, cluster.options())
            .get(10, TimeUnit.SECONDS), "now c is least loaded");
      }
    } finally {
      cluster.status("b", 1);
      Await.until("b back to 1", Duration.ofSeconds(5), () -> Agents.status(mapper, b) == 1.0);
    }
  }

  @Test
  void leastLoadedSpreadsABurstBetweenTwoPings() throws Exception {
    Map<String, Integer> spread = burst(mapper, 90);
    System.out.println("least-loaded burst of 90 (statuses 3, 1, 2): " + spread);
    // Counting its own calls in flight, the mapper fills b up to c's level, then both up to
    // a's, then spreads evenly: with a burst far larger than the status gaps, each agent gets
    // about a third.
    for (String agent : List.of(a, b, c)) {
      int got = spread.getOrDefault(agent, 0);
      assertTrue(got >= 20 && got <= 40, agent + " got " + got + " of 90: " + spread);
    }

    // Without the in-flight term, status alone sends the whole burst to b: the herd.
    Mapper statusOnly = cluster.mapper(Mapper.builder().inFlightWeight(0));
    Await.until("the status-only mapper knows a, b and c", Duration.ofSeconds(10),
        () -> Agents.known(statusOnly, List.of(a, b, c)).size() == 3);
    Map<String, Integer> herd = burst(statusOnly, 90);
    System.out.println("status-only burst of 90: " + herd);
    assertEquals(Map.of(b, 90), herd);
  }

  private static Map<String, Integer> burst(Mapper via, int calls) throws Exception {
    WorkClient client = new WorkClient(via);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      answers.add(client.slow(300, Selector.LEAST_LOADED, cluster.options()));
    }
    Map<String, Integer> spread = new TreeMap<>();
    for (CompletableFuture<String> answer : answers) {
      spread.merge(answer.get(30, TimeUnit.SECONDS), 1, Integer::sum);
    }
    return spread;
  }

  @Test
  void allAsksEveryAgentAndKeysRepliesByAgent() throws Exception {
    Replies<String> replies = work.whoami(Selector.ALL, cluster.options()).get(10, TimeUnit.SECONDS);
    assertEquals(Map.of(a, a, b, b, c, c), replies.values());
    assertTrue(replies.allSucceeded());
  }

  @Test
  void randomReachesEveryAgent() throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < 150; i++) {
      seen.merge(whoami(Selector.RANDOM, cluster.options()), 1, Integer::sum);
    }
    System.out.println("random over 150 calls: " + seen);
    for (String agent : List.of(a, b, c)) {
      assertTrue(seen.getOrDefault(agent, 0) >= 20, agent + " was picked too rarely: " + seen);
    }
  }

  @Test
  void roundRobinTakesEachAgentInTurn() throws Exception {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      order.add(whoami(Selector.ROUND_ROBIN, cluster.options()));
    }
    assertEquals(Set.of(a, b, c), Set.copyOf(order.subList(0, 3)), "one full turn: " + order);
    for (int i = 3; i < order.size(); i++) {
      assertEquals(order.get(i - 3), order.get(i), "the turn repeats: " + order);
    }
  }

  @Test
  void targetReachesTheNamedAgent() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertEquals(c, whoami(Selector.target(c), cluster.options()));
    }
  }

  @Test
  void tagsFilterTheCandidates() throws Exception {
    CallOptions gpu = CallOptions.DEFAULT.withTags(cluster.tag(), "gpu");
    for (int i = 0; i < 5; i++) {
      assertEquals(a, whoami(Selector.LEAST_LOADED, gpu), "only a carries gpu");
    }
    assertEquals(Set.of(a), work.whoami(Selector.ALL, gpu).get(10, TimeUnit.SECONDS).values().keySet());
  }

  @Test
  void aCustomSelectorChoosesOverTheRegistryView() throws Exception {
    Selector.Single busiest = Selector.custom("busiest",
        candidates -> candidates.stream().max(Comparator.comparingDouble(AgentInfo::status)).orElse(null));
    for (int i = 0; i < 5; i++) {
      assertEquals(a, whoami(busiest, cluster.options()));
    }
  }

  @Test
  void anUntypedRequestCarriesEncodedMessages() throws Exception {
    // What a console does: encode the request message itself, decode the response itself.
    com.google.protobuf.ByteString request = dev.nanite.it.fixtures.MockProtocol.LIST
        .requestMarshaller().encode(dev.nanite.stub.Args.of("2"));
    com.google.protobuf.ByteString response = mapper.request(dev.nanite.it.fixtures.MockPaths.LIST,
        request, Selector.target(b), cluster.options()).get(10, TimeUnit.SECONDS);
    assertEquals(List.of(2),
        dev.nanite.it.fixtures.MockProtocol.LIST.responseMarshaller().decode(response));
  }

  @Test
  void theRegistryViewShowsServicesStatusAndTags() {
    AgentInfo info = mapper.agent(a).orElseThrow();
    assertEquals(3.0, info.status());
    assertTrue(info.tags().containsAll(Set.of("gpu", cluster.tag())));
    assertTrue(info.serves(WorkPaths.WHOAMI));
  }
}
