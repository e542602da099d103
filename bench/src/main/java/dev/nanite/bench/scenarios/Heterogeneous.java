package dev.nanite.bench.scenarios;

import dev.nanite.bench.Bench;
import dev.nanite.bench.Row;
import dev.nanite.bench.Scenario;
import java.util.List;

/** Not written yet. */
public final class Heterogeneous implements Scenario {
  @Override
  public String name() {
    return "heterogeneous";
  }

  @Override
  public List<Row> run(Bench bench) {
    return List.of();
  }
}
