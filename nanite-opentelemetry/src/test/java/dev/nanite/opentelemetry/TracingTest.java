package dev.nanite.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.NoAgentException;
import dev.nanite.RemoteException;
import dev.nanite.Replies;
import dev.nanite.Selector;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A traced mapper and a traced agent in one JVM over a real broker, one SDK recording both
 * sides: the agent's span is the child of the mapper's, each has its kind, name and attributes,
 * failures have the error status, and spans the actor opens or calls it makes nest under the
 * agent's span.
 */
class TracingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static final SpanWaiter waiter = new SpanWaiter(spans);
  private static OpenTelemetrySdk sdk;
  private static NaniteTelemetry telemetry;
  private static Mapper mapper;
  private static Mapper untraced;
  private static Agent agent;
  private static RelayClient relay;
  private static CallOptions options;
  private static String run;

  @BeforeAll
  static void start() throws Exception {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .addSpanProcessor(waiter).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    telemetry = NaniteTelemetry.create(sdk);
    run = UUID.randomUUID().toString().substring(0, 8);
    options = CallOptions.DEFAULT.withTags(run).withTimeout(WAIT);
    String uri = TestBroker.uri();
    mapper = telemetry.instrument(Mapper.builder().uri(uri)).start();
    untraced = Mapper.builder().uri(uri).start();
    Tracer tracer = sdk.getTracer("relay");
    agent = telemetry.instrument(Agent.builder().uri(uri).identity("relay-" + run).tags(run)
        .actor(new Relay(tracer, mapper, untraced))).start();
    relay = new RelayClient(mapper);
    assertTrue(mapper.awaitAgents(RelayProtocol.HELLO, 1, WAIT));
  }

  @AfterAll
  static void stop() {
    if (mapper != null) {
      mapper.close();
    }
    if (untraced != null) {
      untraced.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (sdk != null) {
      sdk.close();
    }
  }

  @BeforeEach
  void clear() {
    spans.reset();
  }

  @Test
  void theAgentsSpanIsAChildOfTheMappersWithTheirAttributes() throws Exception {
    Span test = sdk.getTracer("test").spanBuilder("test").startSpan();
    Scope scope = test.makeCurrent();
    try {
      assertEquals("hello x", relay.hello("x", Selector.LEAST_LOADED, options)
          .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    } finally {
      scope.close();
      test.end();
    }
    SpanData client = span(SpanKind.CLIENT, "relay/hello");
    SpanData server = span(SpanKind.SERVER, "relay/hello");
    SpanData work = span(SpanKind.INTERNAL, "work");

    assertEquals(test.getSpanContext().getSpanId(), client.getParentSpanId(),
        "the call's span is under the span current when it was made");
    assertEquals(client.getTraceId(), server.getTraceId());
    assertEquals(client.getSpanId(), server.getParentSpanId());
    assertEquals(server.getSpanId(), work.getParentSpanId(), "the actor's span nests");

    for (SpanData side : List.of(client, server)) {
      assertEquals("nanite", attr(side, NaniteAttributes.RPC_SYSTEM));
      assertEquals("relay", attr(side, NaniteAttributes.RPC_SERVICE));
      assertEquals("hello", attr(side, NaniteAttributes.RPC_METHOD));
      assertEquals("/relay/hello", attr(side, NaniteAttributes.PATH));
      assertEquals("rabbitmq", attr(side, NaniteAttributes.MESSAGING_SYSTEM));
      assertEquals(agent.identity(), attr(side, NaniteAttributes.AGENT));
      assertEquals("ok", attr(side, NaniteAttributes.OUTCOME));
      assertEquals(StatusCode.UNSET, side.getStatus().getStatusCode());
    }
    assertEquals("least_loaded", attr(client, NaniteAttributes.SELECTOR));
    assertEquals(1L, attr(client, NaniteAttributes.ATTEMPTS));
    assertEquals(attr(server, NaniteAttributes.CALL_ID), attr(client, NaniteAttributes.CALL_ID),
        "the observer tied the call's id to its span");
    assertEquals(mapper.identity(), attr(server, NaniteAttributes.CALLER));
    assertEquals(0, telemetry.callsTied(), "nothing held once the call ended");
  }

  @Test
  void aFailingCallHasTheErrorStatusOnBothSides() throws Exception {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> relay.fail("boom", Selector.LEAST_LOADED, options)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    RemoteException remote = assertInstanceOf(RemoteException.class, error.getCause());

    SpanData client = span(SpanKind.CLIENT, "relay/fail");
    SpanData server = span(SpanKind.SERVER, "relay/fail");
    assertEquals(client.getSpanId(), server.getParentSpanId());
    for (SpanData side : List.of(client, server)) {
      assertEquals(StatusCode.ERROR, side.getStatus().getStatusCode(), side.toString());
      assertEquals("error", attr(side, NaniteAttributes.OUTCOME));
      assertEquals(IllegalStateException.class.getName(), attr(side, NaniteAttributes.ERROR_TYPE));
      assertTrue(side.getEvents().stream().anyMatch(e -> e.getName().equals("exception")),
          side.getEvents().toString());
    }
    assertEquals(remote.errorType(), attr(client, NaniteAttributes.ERROR_TYPE));
    assertEquals(agent.identity(), attr(client, NaniteAttributes.AGENT));
  }

  @Test
  void aCallTheActorMakesIsAChildOfTheAgentsSpan() throws Exception {
    assertEquals("hello again", relay.forward(run, Selector.LEAST_LOADED, options)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    SpanData outerClient = span(SpanKind.CLIENT, "relay/forward");
    SpanData outerServer = span(SpanKind.SERVER, "relay/forward");
    SpanData innerClient = span(SpanKind.CLIENT, "relay/hello");
    SpanData innerServer = span(SpanKind.SERVER, "relay/hello");
    assertEquals(outerClient.getSpanId(), outerServer.getParentSpanId());
    assertEquals(outerServer.getSpanId(), innerClient.getParentSpanId());
    assertEquals(innerClient.getSpanId(), innerServer.getParentSpanId());
    assertEquals(outerClient.getTraceId(), innerServer.getTraceId(), "one trace throughout");
    assertFalse(outerClient.getParentSpanContext().isValid(),
        "no span was current: the outer call starts the trace");
  }

  @Test
  void aCallTheActorMakesThroughAMapperThatDoesNotTraceStillNests() throws Exception {
    assertEquals("hello untraced", relay.forwardUntraced(run, Selector.LEAST_LOADED, options)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    SpanData outerServer = span(SpanKind.SERVER, "relay/forward_untraced");
    SpanData innerServer = span(SpanKind.SERVER, "relay/hello");
    assertEquals(outerServer.getSpanId(), innerServer.getParentSpanId(),
        "the inherited metadata carried the agent's span");
    assertEquals(0, spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("relay/hello") && s.getKind() == SpanKind.CLIENT)
        .count());
  }

  @Test
  void theActorSeesTheAgentsSpanInItsMetadata() throws Exception {
    String seen = relay.traceparent(Selector.LEAST_LOADED, options)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    SpanData server = span(SpanKind.SERVER, "relay/traceparent");
    assertEquals("00-" + server.getTraceId() + "-" + server.getSpanId() + "-"
        + server.getSpanContext().getTraceFlags().asHex(), seen);
    assertTrue(server.getSpanContext().getTraceFlags().isSampled());
  }

  @Test
  void anUnsampledCallRecordsNothingButCarriesItsDecision() throws Exception {
    // An exporter of its own: closing this SDK shuts its exporter down.
    InMemorySpanExporter unsampledSpans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sampling = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOff())
            .addSpanProcessor(SimpleSpanProcessor.create(unsampledSpans)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
        Mapper unsampled = NaniteTelemetry.create(sampling)
            .instrument(Mapper.builder().uri(TestBroker.uri())).start()) {
      assertTrue(unsampled.awaitAgents(RelayProtocol.TRACEPARENT, 1, WAIT));
      String seen = new RelayClient(unsampled).traceparent(Selector.LEAST_LOADED, options)
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      // The flags' last bit is "sampled" (another, "random", may be set).
      assertTrue(seen.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f][02468ace]"), seen);
      assertEquals(List.of(), unsampledSpans.getFinishedSpanItems());
    }
    // The agent's span would have been exported before its result was sent: there is none,
    // as the agent followed the caller's decision.
    assertEquals(List.of(), spans.getFinishedSpanItems());
  }

  @Test
  void aCallToAllIsOneSpanWithTheAgentsSpansUnderIt() throws Exception {
    Replies<String> replies = relay.hello("all", Selector.ALL, options)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(replies.allSucceeded(), replies.toString());
    SpanData client = span(SpanKind.CLIENT, "relay/hello");
    SpanData server = span(SpanKind.SERVER, "relay/hello");
    assertEquals(client.getSpanId(), server.getParentSpanId());
    assertEquals("all", attr(client, NaniteAttributes.SELECTOR));
    assertEquals((long) replies.size(), attr(client, NaniteAttributes.REPLIES));
    assertEquals(0L, attr(client, NaniteAttributes.FAILED_REPLIES));
    assertEquals(1, spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).count());
  }

  @Test
  void aPushIsAProducerSpanWithTheAgentsSpanUnderIt() throws Exception {
    relay.push().hello("pushed", Selector.LEAST_LOADED, options)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    SpanData producer = span(SpanKind.PRODUCER, "relay/hello");
    assertEquals("send", attr(producer, NaniteAttributes.MESSAGING_OPERATION_TYPE));
    SpanData server = span(SpanKind.SERVER, "relay/hello");
    assertEquals(producer.getSpanId(), server.getParentSpanId());
  }

  @Test
  void aCallNoAgentTakesFailsItsSpan() throws Exception {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> relay.hello("x", Selector.LEAST_LOADED, options.withTags("nobody-" + run))
            .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(NoAgentException.class, error.getCause());
    SpanData client = span(SpanKind.CLIENT, "relay/hello");
    assertEquals(StatusCode.ERROR, client.getStatus().getStatusCode());
    assertEquals("no_agent", attr(client, NaniteAttributes.OUTCOME));
    assertEquals(NoAgentException.class.getName(), attr(client, NaniteAttributes.ERROR_TYPE));
  }

  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  /** The finished span of that kind and name, once it has been exported. */
  private static SpanData span(SpanKind kind, String name) throws InterruptedException {
    return waiter.await(kind + " span " + name,
        s -> s.getKind() == kind && s.getName().equals(name), WAIT);
  }
}
