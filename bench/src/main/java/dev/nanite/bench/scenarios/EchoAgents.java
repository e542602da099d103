package dev.nanite.bench.scenarios;

import dev.nanite.Agent;
import dev.nanite.Mapper;
import dev.nanite.bench.Bench;
import dev.nanite.bench.actors.EchoActor;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/** The echo agents the request/reply, all-agents and push scenarios run on, and their mapper. */
final class EchoAgents {
  private EchoAgents() {}

  /**
   * Starts {@code count} echo agents and a mapper that knows them all.
   *
   * @param taken counts the pushes the agents take
   */
  static Mapper start(Bench bench, int count, LongAdder taken)
      throws InterruptedException, TimeoutException {
    for (int i = 0; i < count; i++) {
      bench.agent(Agent.builder().actor(new EchoActor(taken)));
    }
    Mapper mapper = bench.mapper(Mapper.builder());
    Bench.await(count + " echo agents", Duration.ofSeconds(30),
        () -> mapper.agents().size() == count);
    return mapper;
  }
}
