package dev.nanite.bench.scenarios;

import dev.nanite.AccountPolicy;
import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.TrustedKeys;
import dev.nanite.bench.Bench;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Load;
import dev.nanite.bench.Row;
import dev.nanite.bench.Samples;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.Warmup;
import dev.nanite.bench.actors.EchoActor;
import dev.nanite.bench.actors.EchoClient;
import dev.nanite.internal.security.Keys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 8 (issue 23): what secure mode and signed packets cost a request/reply, 100-byte
 * argument and result, against the same call in open mode, unsigned, in the same run. Three
 * fabrics share the broker, each a mapper and two echo agents: open mode, unsigned (the
 * baseline); secure mode, unsigned (accounts checked on every packet); secure mode with every
 * packet signed and signatures required (requests signed by the mapper and verified by the
 * agent, results signed by the agent and verified by the mapper). They take turns, as the fabric
 * and its baseline do in scenario 1, and each turn's ratio is taken.
 *
 * <p>The three share one broker account (a fabric's processes usually do not, but the cost per
 * packet is the same) and hear each other's registrations and pings: each agent carries its
 * variant's tag and every call asks for it, so that calls stay within their variant. A signing
 * process refuses the other variants' unsigned pings and registrations (counted, logged at most
 * every 10 s); with 15 s pings that is far under the refusals per second that would silence
 * the account.
 */
public final class SigningCost implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(SigningCost.class);
  static final String NAME = "8 signing";
  private static final String OPEN = "open mode, unsigned";
  private static final Duration LIMIT = Duration.ofMinutes(2);
  /** Bytes of a signed request packet, about: what the JDK's signature rows sign and verify. */
  private static final int PACKET_BYTES = 250;

  @Override
  public String name() {
    return "signing";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    byte[] payload = RequestReply.payload(100);
    KeyPair agentsKey = Keys.generate();
    KeyPair mapperKey = Keys.generate();
    // The default account policy: with the bench's account, identities "<account>-...", which
    // secure mode gives the agents and the mapper by default. Keys sign for the same.
    String account = dev.nanite.Broker.of(bench.uri()).account();
    TrustedKeys trusted = TrustedKeys.builder()
        .add("bench-agents", account + "-*", agentsKey.getPublic())
        .add("bench-mapper", account + "-*", mapperKey.getPublic())
        .build();
    dev.nanite.Signing agentSigning = dev.nanite.Signing.builder()
        .key("bench-agents", agentsKey.getPrivate()).trust(trusted).requireSigned(true).build();
    dev.nanite.Signing mapperSigning = dev.nanite.Signing.builder()
        .key("bench-mapper", mapperKey.getPrivate()).trust(trusted).requireSigned(true).build();

    // The open variant's processes are named as secure mode names them, so that the secure
    // mappers do not refuse (and log) their pings: what it measures is the same.
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    int[] agentNumber = {0};
    Supplier<CompletableFuture<byte[]>> open = variant(bench, "open", payload,
        () -> Agent.builder().identity(account + "-open-" + suffix + "-" + agentNumber[0]++),
        Mapper.builder().identity(account + "-open-" + suffix + "-mapper"));
    Supplier<CompletableFuture<byte[]>> secure = variant(bench, "secure", payload,
        () -> Agent.builder().secure(AccountPolicy.byName()),
        Mapper.builder().secure(AccountPolicy.byName()));
    Supplier<CompletableFuture<byte[]>> signed = variant(bench, "signed", payload,
        () -> Agent.builder().secure(AccountPolicy.byName()).signing(agentSigning),
        Mapper.builder().secure(AccountPolicy.byName()).signing(mapperSigning));

    // A signed call costs the JDK's Ed25519 some milliseconds of CPU: fewer of them, so that
    // each variant's turn takes seconds, not minutes.
    int latencyCalls = bench.size(1_500, 100);
    int throughputCalls = bench.size(15_000, 200);
    int signedLatencyCalls = bench.size(250, 50);
    int signedThroughputCalls = bench.size(500, 100);
    int reps = bench.size(5, 1);
    double[][] o = new double[3][reps];
    double[][] s = new double[3][reps];
    double[][] g = new double[3][reps];
    // One warm-up over all three in turn: they run the same code but for the account checks
    // and the signatures, so at least 20 s of it warms each, as scenario 1's does. A pass's
    // rate is all its calls over its time: the signed calls' rate alone, a few hundred calls,
    // moved by a third between passes on a loaded machine and kept the warm-up from settling.
    double[][] discarded = new double[3][1];
    Warmup.untilSettled(bench, "open / secure / signed request/reply", () -> {
      long start = System.nanoTime();
      measure(open, latencyCalls / 4, throughputCalls / 4, discarded, 0);
      measure(secure, latencyCalls / 4, throughputCalls / 4, discarded, 0);
      measure(signed, signedLatencyCalls / 4, signedThroughputCalls / 2, discarded, 0);
      int calls = 2 * (latencyCalls / 4 + throughputCalls / 4) + signedLatencyCalls / 4
          + signedThroughputCalls / 2;
      return calls * 1e9 / (System.nanoTime() - start);
    });
    for (int rep = 0; rep < reps; rep++) {
      measure(open, latencyCalls, throughputCalls, o, rep);
      measure(secure, latencyCalls, throughputCalls, s, rep);
      measure(signed, signedLatencyCalls, signedThroughputCalls, g, rep);
      log.info("repetition {}: p50 {} / {} / {} µs, {} / {} / {} req/s (open / secure /"
          + " signed)", rep + 1, Math.round(o[0][rep]), Math.round(s[0][rep]),
          Math.round(g[0][rep]), Math.round(o[2][rep]), Math.round(s[2][rep]),
          Math.round(g[2][rep]));
    }
    Cost openCost = Cost.perCall(bench, open, throughputCalls);
    Cost secureCost = Cost.perCall(bench, secure, throughputCalls);
    Cost signedCost = Cost.perCall(bench, signed, signedThroughputCalls);

    String signedVariant = "secure mode, signed: ";
    String secureVariant = "secure mode, unsigned: ";
    List<Row> rows = new ArrayList<>(List.of(
        paired(signedVariant + "p50 latency, 1 in flight", "µs", g[0], o[0]),
        paired(signedVariant + "p99 latency, 1 in flight", "µs", g[1], o[1]),
        paired(signedVariant + "throughput, 64 in flight", "req/s", g[2], o[2]),
        paired(secureVariant + "p50 latency, 1 in flight", "µs", s[0], o[0]),
        paired(secureVariant + "throughput, 64 in flight", "req/s", s[2], o[2])));
    String clients = "mapper + agents + load driver (this JVM"
        + (bench.embedded() ? ", broker's threads not counted)" : ")");
    rows.add(new Row(NAME, signedVariant + "CPU per request, " + clients, "µs",
        signedCost.clientMicros(), openCost.clientMicros(), OPEN, Goal.NONE));
    rows.add(new Row(NAME, secureVariant + "CPU per request, " + clients, "µs",
        secureCost.clientMicros(), openCost.clientMicros(), OPEN, Goal.NONE));
    if (bench.brokerCpu() != null) {
      rows.add(new Row(NAME, signedVariant + "CPU per request, broker (" + bench.brokerCpu()
          + ")", "µs", signedCost.brokerMicros(), openCost.brokerMicros(), OPEN, Goal.NONE));
    }
    // What the JDK's Ed25519 costs alone, as the runtime calls it (a Signature per packet): a
    // signed request/reply signs twice and verifies twice.
    double[] jdk = jdkEd25519(bench, mapperKey.getPrivate(), mapperKey.getPublic());
    rows.add(Row.value(NAME, "JDK Ed25519 sign of a " + PACKET_BYTES + "-byte packet, one"
        + " thread's CPU (2 per signed request/reply)", "µs", jdk[0], Goal.NONE));
    rows.add(Row.value(NAME, "JDK Ed25519 verify of a " + PACKET_BYTES + "-byte packet, one"
        + " thread's CPU (2 per signed request/reply)", "µs", jdk[1], Goal.NONE));
    return rows;
  }

  /**
   * Starts two echo agents from {@code agents} and a mapper from {@code mapperBuilder}, the agents tagged
   * {@code tag}, and returns a call through that mapper to those agents only.
   */
  private static Supplier<CompletableFuture<byte[]>> variant(Bench bench, String tag,
      byte[] payload, Supplier<Agent.Builder> agents, Mapper.Builder mapperBuilder)
      throws Exception {
    for (int i = 0; i < 2; i++) {
      bench.agent(agents.get().actor(new EchoActor(new LongAdder())).tags(tag));
    }
    Mapper mapper = bench.mapper(mapperBuilder);
    EchoClient echo = new EchoClient(mapper);
    CallOptions options = CallOptions.DEFAULT.withTags(tag);
    Bench.await("2 " + tag + " echo agents", Duration.ofSeconds(30), () -> mapper.agents()
        .stream().filter(agent -> agent.tags().contains(tag)).count() == 2);
    return () -> echo.echo(payload, Selector.LEAST_LOADED, options);
  }

  private static void measure(Supplier<CompletableFuture<byte[]>> path, int latencyCalls,
      int throughputCalls, double[][] into, int rep) throws Exception {
    Samples samples = Load.oneAtATime(path, latencyCalls, LIMIT);
    into[0][rep] = samples.quantileMicros(0.50);
    into[1][rep] = samples.quantileMicros(0.99);
    into[2][rep] = Load.throughput(path, throughputCalls, 64, LIMIT);
  }

  private static Row paired(String metric, String unit, double[] variant, double[] open) {
    return Row.paired(NAME, metric, unit, variant, open, OPEN, Goal.NONE);
  }

  /**
   * CPU µs of one Ed25519 signature and one verification with the JDK's provider, a new
   * {@link Signature} each time as the runtime does, over a packet-sized message: [sign,
   * verify], each the median of three passes after a warm-up pass.
   */
  private static double[] jdkEd25519(Bench bench, PrivateKey key, PublicKey publicKey)
      throws GeneralSecurityException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] message = new byte[PACKET_BYTES];
    ThreadLocalRandom.current().nextBytes(message);
    int n = bench.size(300, 20);
    double[] sign = new double[3];
    double[] verify = new double[3];
    byte[] signature = null;
    for (int pass = -1; pass < 3; pass++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(message);
        signature = signer.sign();
      }
      long signed = threads.getCurrentThreadCpuTime();
      boolean ok = true;
      for (int i = 0; i < n; i++) {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(message);
        ok &= verifier.verify(signature);
      }
      long verified = threads.getCurrentThreadCpuTime();
      if (!ok) {
        throw new IllegalStateException("an Ed25519 signature did not verify");
      }
      if (pass >= 0) {
        sign[pass] = (signed - start) / 1e3 / n;
        verify[pass] = (verified - signed) / 1e3 / n;
      }
    }
    return new double[] {Samples.median(sign), Samples.median(verify)};
  }
}
