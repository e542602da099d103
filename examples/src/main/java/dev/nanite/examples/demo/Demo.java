package dev.nanite.examples.demo;

import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.broker.EmbeddedBroker;
import dev.nanite.examples.agent.MockClient;
import dev.nanite.examples.agent.MockPaths;
import dev.nanite.examples.contract.FooClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The main job: a demo cluster. Starts a broker (embedded Qpid, or the RabbitMQ named by
 * {@code NANITE_AMQP_URI}), three agents in their own JVMs and a mapper; calls the seed's
 * actors with each selector; kills an agent and shows the cluster healing; brings it back.
 */
public final class Demo {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Demo() {}

  public static void main(String[] args) throws Exception {
    String external = System.getenv("NANITE_AMQP_URI");
    EmbeddedBroker broker = null;
    String uri;
    if (external != null && !external.isBlank()) {
      uri = external;
      say("Broker: " + redact(uri) + " (from NANITE_AMQP_URI)");
    } else {
      broker = EmbeddedBroker.start();
      uri = broker.uri();
      say("Broker: embedded Apache Qpid Broker-J on " + redact(uri)
          + " (set NANITE_AMQP_URI=amqp://user:pass@host:5672 to use a RabbitMQ instead)");
    }
    List<AgentProcess> agents = new ArrayList<>();
    try (Mapper mapper = Mapper.builder().uri(uri).requestTimeout(Duration.ofSeconds(10)).start()) {
      say("Starting three agents in their own JVMs, each hosting Mock (/mock/list) and Foo"
          + " (/foo/bar), reporting fixed statuses so that routing is easy to follow");
      agents.add(AgentProcess.start(uri, "agent-1", 0.30, "eu"));
      agents.add(AgentProcess.start(uri, "agent-2", 0.10, ""));
      agents.add(AgentProcess.start(uri, "agent-3", 0.20, "us"));
      mapper.awaitAgents(MockPaths.LIST, 3, WAIT);
      showRegistry(mapper);

      MockClient mock = new MockClient(mapper);
      FooClient foo = new FooClient(mapper);
      title("Selectors");
      say("least loaded (the default): " + bar(foo.bar("hi")) + ", " + bar(foo.bar("hi")));
      say("a burst of 30 at once, least loaded: " + burst(foo, 30)
          + "  (the mapper counts its calls in flight, so a burst is spread out)");
      say("random: " + bars(foo, Selector.RANDOM, 6));
      say("round robin: " + bars(foo, Selector.ROUND_ROBIN, 6));
      say("target(agent-3): " + bar(foo.bar("hi", Selector.target("agent-3"))));
      say("tags [eu]: " + bar(foo.bar("hi", Selector.LEAST_LOADED,
          CallOptions.DEFAULT.withTags("eu"))));
      Replies<String> all = foo.bar("hi", Selector.ALL).get(10, TimeUnit.SECONDS);
      say("all: " + all.values());
      say("/mock/list on all: " + mock.list(null, Selector.ALL).get(10, TimeUnit.SECONDS).values());
      say("/mock/list with filter \"2\": " + mock.list("2").get(10, TimeUnit.SECONDS));
      foo.push().bar("fire and forget").get(10, TimeUnit.SECONDS);
      say("push: /foo/bar accepted by the broker, no reply awaited");

      title("Self-healing");
      AgentProcess victim = agents.get(1);
      say("Killing " + victim.identity() + " (pid " + victim.pid() + ") with SIGKILL: no goodbye");
      long killed = System.nanoTime();
      victim.kill();
      say("least loaded right after the kill: " + bar(foo.bar("still there?"))
          + "  (/foo/bar is idempotent: a call the dead agent held goes to another agent)");
      awaitGone(mapper, victim.identity());
      say(victim.identity() + " left dispatch " + millisSince(killed) + " ms after the kill");
      showRegistry(mapper);
      say("calls keep working: " + bars(foo, Selector.ROUND_ROBIN, 4));

      say("Restarting " + victim.identity());
      agents.set(1, AgentProcess.start(uri, victim.identity(), 0.10, ""));
      awaitBack(mapper, victim.identity());
      say(victim.identity() + " rejoined: least loaded now answers " + bar(foo.bar("welcome back")));
      showRegistry(mapper);
    } finally {
      title("Stopping");
      for (AgentProcess agent : agents) {
        agent.stop();
      }
      if (broker != null) {
        broker.close();
      }
      say("Done.");
    }
  }

  private static String bar(CompletableFuture<String> call) throws Exception {
    return call.get(10, TimeUnit.SECONDS);
  }

  private static List<String> bars(FooClient foo, Selector.Single selector, int n)
      throws Exception {
    List<String> who = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      who.add(answerer(foo.bar("hi", selector).get(10, TimeUnit.SECONDS)));
    }
    return who;
  }

  private static Map<String, Integer> burst(FooClient foo, int n) throws Exception {
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(foo.bar("burst"));
    }
    Map<String, Integer> spread = new TreeMap<>();
    for (CompletableFuture<String> call : calls) {
      spread.merge(answerer(call.get(10, TimeUnit.SECONDS)), 1, Integer::sum);
    }
    return spread;
  }

  /** "bar(hi) from agent-2" → "agent-2". */
  private static String answerer(String answer) {
    return answer.substring(answer.lastIndexOf(' ') + 1);
  }

  private static void showRegistry(Mapper mapper) {
    for (AgentInfo agent : mapper.agents()) {
      say(String.format("  %-8s status %.2f  tags %-5s  serves %s", agent.identity(),
          agent.status(), agent.tags(), agent.services().keySet()));
    }
  }

  private static void awaitGone(Mapper mapper, String identity) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (mapper.agent(identity).isPresent() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void awaitBack(Mapper mapper, String identity) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (mapper.agent(identity).isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void title(String title) {
    System.out.println();
    System.out.println("== " + title + " ==");
  }

  private static void say(String line) {
    System.out.println(line);
  }

  private static String redact(String uri) {
    return uri.replaceFirst("(//[^:/@]*:)[^@]*@", "$1***@");
  }
}
