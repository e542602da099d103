package dev.nanite.examples.mapper;

import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.examples.agent.MockClient;
import dev.nanite.examples.agent.MockPaths;
import dev.nanite.examples.agent.Options;
import dev.nanite.examples.contract.FooClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command-line mapper, as the seed's {@code nanite-mapper}: waits for agents, then calls
 * {@code /mock/list} and {@code /foo/bar} with each selector and prints the replies.
 *
 * <pre>
 * java ... dev.nanite.examples.mapper.MapperMain [--uri amqp://...] [--payload hi]
 * </pre>
 */
public final class MapperMain {
  private MapperMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    try (Mapper mapper = Mapper.builder().uri(Options.uri(options)).start()) {
      // A mapper learns every live agent within one ping interval of starting.
      if (!mapper.awaitAgents(MockPaths.LIST, 1, Duration.ofSeconds(20))) {
        System.out.println("No agent serves " + MockPaths.LIST + "; start one with AgentMain.");
        return;
      }
      MockClient mock = new MockClient(mapper);
      FooClient foo = new FooClient(mapper);
      String payload = options.getOrDefault("payload", "hi");
      mapper.agents().forEach(a -> System.out.printf("agent %s status %.2f serves %s%n",
          a.identity(), a.status(), a.services().keySet()));
      System.out.println("/mock/list        => " + mock.list(null).get(10, TimeUnit.SECONDS));
      System.out.println("/foo/bar all      => " + foo.bar(payload, Selector.ALL).get(10, TimeUnit.SECONDS));
      System.out.println("/foo/bar random   => " + foo.bar(payload, Selector.RANDOM).get(10, TimeUnit.SECONDS));
    }
  }
}
