package dev.nanite.bench;

import dev.nanite.bench.scenarios.AllAgents;
import dev.nanite.bench.scenarios.Eviction;
import dev.nanite.bench.scenarios.Heterogeneous;
import dev.nanite.bench.scenarios.MapperInternals;
import dev.nanite.bench.scenarios.PushThroughput;
import dev.nanite.bench.scenarios.RequestReply;
import dev.nanite.bench.scenarios.Scale;
import dev.nanite.bench.scenarios.SigningCost;
import dev.nanite.bench.scenarios.TracingCost;
import dev.nanite.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every scenario against one broker (embedded, or {@code NANITE_AMQP_URI}), each in a JVM
 * of its own ({@link Forks}), prints the table and writes it to a Markdown file.
 *
 * <p>Arguments: {@code full|quick} [output file] [scenario names to run, default all]; the
 * first may name the scenarios too, {@code full,scale} (Maven: {@code -Dbench.args=full,scale}).
 * Given {@code RESULTS.md}, a run on RabbitMQ, a quick one or one of some scenarios only writes
 * beside it ({@code RESULTS-rabbitmq-scale.md}, say).
 */
public final class BenchMain {
  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);

  private BenchMain() {}

  /**
   * The scenarios named in {@code only}, in table order, or all of them if it is empty.
   *
   * @throws IllegalArgumentException naming a name no scenario has
   */
  static List<Scenario> selected(List<String> only) {
    List<String> known = scenarios().stream().map(Scenario::name).toList();
    for (String name : only) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("no scenario " + name + "; the scenarios are " + known);
      }
    }
    return scenarios().stream()
        .filter(scenario -> only.isEmpty() || only.contains(scenario.name()))
        .toList();
  }

  static List<Scenario> scenarios() {
    return List.of(new RequestReply(), new AllAgents(), new PushThroughput(),
        new Heterogeneous(), new MapperInternals(), new Eviction(), new Scale(),
        new SigningCost(), new TracingCost());
  }

  public static void main(String[] args) throws Exception {
    // "full" or "quick", optionally followed by scenario names: "full,scale", which Maven's
    // -Dbench.args can pass as its one argument.
    String[] mode = args.length > 0 ? args[0].split(",") : new String[] {"full"};
    boolean quick = mode[0].equals("quick");
    Path out = args.length > 1 ? Path.of(args[1]) : null;
    List<String> only = new ArrayList<>(Arrays.asList(mode).subList(1, mode.length));
    if (args.length > 2) {
      only.addAll(Arrays.asList(args).subList(2, args.length));
    }
    only.removeIf(String::isBlank);
    if (out != null && out.getFileName().toString().equals("RESULTS.md")) {
      // Keep the embedded broker's full table: other runs, and runs of some scenarios only,
      // write beside it.
      String name = "RESULTS" + (external() != null ? "-rabbitmq" : "") + (quick ? "-quick" : "")
          + (only.isEmpty() ? "" : "-" + String.join("-", only)) + ".md";
      out = out.resolveSibling(name);
    }
    Report report = Forks.run(quick, only);
    String markdown = report.markdown();
    System.out.println(markdown);
    if (out != null) {
      report.write(out);
      System.out.println("written to " + out);
    }
  }

  /** The outside broker {@code NANITE_AMQP_URI} names, or null for the embedded one. */
  private static String external() {
    String external = System.getenv("NANITE_AMQP_URI");
    return external == null || external.isBlank() ? null : external;
  }

  /** Runs the scenarios one after another in this JVM (the smoke test; each fork runs one). */
  static Report run(boolean quick, List<String> only) throws Exception {
    String external = external();
    EmbeddedBroker embedded = null;
    String uri;
    String broker;
    if (external != null) {
      uri = external;
      broker = "RabbitMQ at " + external.replaceAll("//[^@]*@", "//");
    } else {
      embedded = EmbeddedBroker.start();
      uri = embedded.uri();
      broker = "embedded Apache Qpid Broker-J (in the benchmark's JVM)";
    }
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (Bench bench = new Bench(uri, quick, embedded != null)) {
      for (Scenario scenario : selected(only)) {
        log.info("scenario {} starting", scenario.name());
        long started = System.nanoTime();
        try {
          rows.addAll(scenario.run(bench));
        } catch (Exception e) {
          log.error("scenario {} failed", scenario.name(), e);
          notes.add("scenario " + scenario.name() + " failed: " + e);
        } finally {
          bench.endScenario();
        }
        log.info("scenario {} took {} s", scenario.name(), (System.nanoTime() - started) / 1e9);
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
    return new Report(broker, rows, notes, false);
  }
}
