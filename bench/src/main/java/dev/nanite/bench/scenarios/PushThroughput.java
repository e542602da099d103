package dev.nanite.bench.scenarios;

import dev.nanite.Mapper;
import dev.nanite.bench.Bench;
import dev.nanite.bench.CpuTime;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Load;
import dev.nanite.bench.Row;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.Warmup;
import dev.nanite.bench.actors.EchoClient;
import dev.nanite.bench.baseline.FabricWire;
import dev.nanite.bench.baseline.RawPublish;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3: fire-and-forget pushes to two agents against plain {@code basicPublish} to two
 * workers, both with publisher confirms (a push's future completes on the broker's confirm) and
 * the same window of unconfirmed messages. Throughput counts until every message was taken.
 * The plain workers share one queue. Three more plain variants, with no target, show where a
 * difference comes from: one gives each worker a queue of its own and publishes to them in turn,
 * as a mapper sends each push to the queue of the agent it chose; another completes its futures
 * on a thread of its own instead of the connection's I/O thread, as a mapper must, since what a
 * caller chains on a push's future would otherwise run there. The last does all of that with
 * messages as large as the fabric's and the same per-message options.
 */
public final class PushThroughput implements Scenario {
  private static final String NAME = "3 push";
  private static final int WINDOW = 256;
  private static final String PLAIN = "plain basicPublish with confirms";
  private static final String HANDED = PLAIN + ", futures completed off the I/O thread";
  private static final String SAME_WIRE =
      PLAIN + ", a queue per worker, off the I/O thread, the fabric's message size and options";
  private static final Logger log = LoggerFactory.getLogger(PushThroughput.class);

  @Override
  public String name() {
    return "push";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    byte[] payload = RequestReply.payload(100);
    LongAdder taken = new LongAdder();
    Mapper mapper = EchoAgents.start(bench, 2, taken);
    EchoClient echo = new EchoClient(mapper);
    RawPublish raw = bench.track(new RawPublish(bench.uri(), 2, 64, false));
    RawPublish perWorker = bench.track(new RawPublish(bench.uri(), 2, 64, true));
    Supplier<CompletableFuture<Void>> fabric = () -> echo.push().take(payload);
    Supplier<CompletableFuture<Void>> baseline = () -> raw.publish(payload);
    Supplier<CompletableFuture<Void>> inTurn = () -> perWorker.publish(payload);
    ExecutorService completer = Executors.newSingleThreadExecutor(RequestReply.daemons());
    bench.track(completer::shutdownNow);
    RawPublish handed = bench.track(new RawPublish(bench.uri(), 2, 64, false, completer));
    Supplier<CompletableFuture<Void>> offIo = () -> handed.publish(payload);
    // As the fabric pushes: a queue per agent in turn, futures completed off the I/O thread, and
    // as many bytes per message with the same options, so what remains is the fabric's own.
    int wireBytes = FabricWire.take(bench, mapper, payload);
    log.info("fabric push to /echo/take on the wire: {} bytes", wireBytes);
    RawPublish asFabric = bench.track(new RawPublish(bench.uri(), 2, 64, true, completer,
        wireBytes));
    Supplier<CompletableFuture<Void>> sameWire = () -> asFabric.publish(payload);

    int count = bench.size(50_000, 3_000);
    Warmup.untilSettled(bench, "fabric pushes", () -> measure(bench, fabric, taken::sum, count));
    Warmup.untilSettled(bench, "plain pushes", () -> measure(bench, baseline, raw::taken, count));
    Warmup.untilSettled(bench, "plain pushes, a queue per worker",
        () -> measure(bench, inTurn, perWorker::taken, count));
    Warmup.untilSettled(bench, "plain pushes, completed off the I/O thread",
        () -> measure(bench, offIo, handed::taken, count));
    Warmup.untilSettled(bench, "plain pushes with the fabric's wire",
        () -> measure(bench, sameWire, asFabric::taken, count));
    int reps = bench.pairs();
    double[] fab = new double[reps];
    double[] base = new double[reps];
    double[] turn = new double[reps];
    double[] off = new double[reps];
    double[] wire = new double[reps];
    for (int rep = 0; rep < reps; rep++) {
      fab[rep] = measure(bench, fabric, taken::sum, count);
      base[rep] = measure(bench, baseline, raw::taken, count);
      turn[rep] = measure(bench, inTurn, perWorker::taken, count);
      off[rep] = measure(bench, offIo, handed::taken, count);
      wire[rep] = measure(bench, sameWire, asFabric::taken, count);
      log.info("repetition {}: {} / {} / {} / {} / {} msg/s (fabric / baseline / a queue per"
          + " worker / completed off the I/O thread / the fabric's wire)", rep + 1,
          Math.round(fab[rep]), Math.round(base[rep]), Math.round(turn[rep]),
          Math.round(off[rep]), Math.round(wire[rep]));
    }
    String metric = "pushes/s, confirmed and taken, " + WINDOW + " unconfirmed";
    return List.of(
        Row.paired(NAME, metric, "msg/s", fab, base, PLAIN, Goal.ratioAtLeast(0.9)),
        Row.paired(NAME, metric, "msg/s", fab, turn, PLAIN + ", a queue per worker in turn",
            Goal.NONE),
        Row.paired(NAME, metric, "msg/s", fab, off, HANDED, Goal.NONE),
        Row.paired(NAME, metric, "msg/s", fab, wire, SAME_WIRE, Goal.NONE));
  }

  /** Messages per second from the first publish until the workers took every one. */
  private static double measure(Bench bench, Supplier<CompletableFuture<Void>> publish,
      LongSupplier taken, int count) throws Exception {
    long before = taken.getAsLong();
    CpuTime cpu = CpuTime.start(bench);
    long start = System.nanoTime();
    Load.throughput(publish, count, WINDOW, RequestReply.LIMIT);
    long confirmed = System.nanoTime();
    long takenAtConfirm = taken.getAsLong() - before;
    Bench.await(count + " messages taken", Duration.ofSeconds(60),
        () -> taken.getAsLong() - before >= count);
    long end = System.nanoTime();
    double rate = count * 1e9 / (end - start);
    // Whether the consumers kept up: if the last confirm came long before the last take, the
    // agents (or workers) were the limit, not the publishing side.
    log.info("all confirmed after {} ms with {} taken; all taken after {} ms",
        (confirmed - start) / 1_000_000, takenAtConfirm, (end - start) / 1_000_000);
    cpu.logPerCall(count);
    return rate;
  }
}
