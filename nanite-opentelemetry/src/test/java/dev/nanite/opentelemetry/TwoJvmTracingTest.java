package dev.nanite.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The proof: a traced mapper in this JVM calls a traced agent in a JVM of its own, each
 * with its own OpenTelemetry SDK; the agent's span, read back from the child's exporter, is a
 * child of the mapper's span, which the in-memory exporter here holds, in the same trace, with
 * the right attributes.
 */
class TwoJvmTracingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theAgentsSpanInAnotherJvmIsAChildOfTheMappersSpan() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String identity = "relay-jvm-" + run;
    String uri = TestBroker.uri();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    SpanWaiter waiter = new SpanWaiter(spans);
    Process child = new ProcessBuilder(javaCommand(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        SpanPrintingAgentMain.class.getName(), uri, identity, run)
        .redirectErrorStream(true).start();
    ChildOutput output = new ChildOutput(child);
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .addSpanProcessor(waiter).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
        Mapper mapper = NaniteTelemetry.create(sdk).instrument(Mapper.builder().uri(uri))
            .start()) {
      output.await("the child's agent to start", line -> line.equals("READY " + identity));
      assertTrue(mapper.awaitAgents(RelayProtocol.HELLO, 1, WAIT), "the agent registered");

      String answer = new RelayClient(mapper).hello("two JVMs", Selector.target(identity),
          CallOptions.DEFAULT.withTags(run).withTimeout(WAIT)).get(WAIT.toSeconds(),
          TimeUnit.SECONDS);
      assertEquals("hello two JVMs", answer);

      SpanData client = waiter.await("the mapper's span", s -> s.getKind() == SpanKind.CLIENT,
          WAIT);
      SpanLine server = SpanLine.parse(output.await("the agent's span",
          line -> line.startsWith(SpanLine.PREFIX + "relay/hello\tSERVER")));
      SpanLine work = SpanLine.parse(output.await("the actor's own span",
          line -> line.startsWith(SpanLine.PREFIX + "work\t")));

      assertEquals(client.getTraceId(), server.traceId(), "one trace across the two JVMs");
      assertEquals(client.getSpanId(), server.parentSpanId(), "the agent's span's parent");
      assertEquals(server.spanId(), work.parentSpanId(), "the actor's span nests in the agent's");
      assertEquals("relay/hello", client.getName());
      assertEquals("UNSET", server.status());
      assertEquals("nanite", server.attributes().get("rpc.system"));
      assertEquals("relay", server.attributes().get("rpc.service"));
      assertEquals("hello", server.attributes().get("rpc.method"));
      assertEquals("/relay/hello", server.attributes().get("nanite.path"));
      assertEquals(identity, server.attributes().get("nanite.agent"));
      assertEquals(mapper.identity(), server.attributes().get("nanite.caller"));
      assertEquals("ok", server.attributes().get("nanite.outcome"));
      assertEquals(identity, client.getAttributes().get(NaniteAttributes.AGENT));
      assertEquals(server.attributes().get("nanite.call_id"),
          client.getAttributes().get(NaniteAttributes.CALL_ID));
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String javaCommand() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  /** The child's output, read as it comes, lines handed to the waiting test. */
  private static final class ChildOutput {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    ChildOutput(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(output closed: " + e + ")");
      }
    }

    /** The next line {@code wanted} matches, of those not taken yet. */
    String await(String what, Predicate<String> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (String line : seen) {
        if (wanted.test(line)) {
          seen.remove(line);
          return line;
        }
      }
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no line for " + what + " within " + WAIT + " (child alive: "
              + process.isAlive() + "); it printed: " + seen);
        }
        if (wanted.test(line)) {
          return line;
        }
        seen.add(line);
      }
    }
  }
}
