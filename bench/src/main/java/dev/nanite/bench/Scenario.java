package dev.nanite.bench;

import java.util.List;

/** One benchmark scenario: runs the fabric and its baseline in the same run and reports rows. */
public interface Scenario {
  /** A short name, used to pick scenarios on the command line. */
  String name();

  /** Runs, bounded in count and time, and returns its rows. */
  List<Row> run(Bench bench) throws Exception;
}
