package dev.nanite.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nanite.CallObserver.MoveReason;
import dev.nanite.CallObserver.Outcome;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the observer's events reach a call's span, without a broker: a call is tied by its first
 * send on the thread making it, then its retries follow it by id from any thread; a call first
 * sent elsewhere is never tied, and events after the span ended are dropped.
 */
class AttemptsTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final Attempts attempts = new Attempts();

  @AfterEach
  void close() {
    provider.close();
  }

  private CallSpan call(String path) {
    return new CallSpan(Spans.start(provider.get("test"), path, SpanKind.CLIENT, Context.root()),
        path, false);
  }

  @Test
  void aCallMovedOnToAnotherAgentHasItsRetryAsEvents() throws Exception {
    CallSpan call = call("/relay/hello");
    attempts.making(call);
    attempts.sent("t1", "/relay/hello", "a", 1);
    attempts.made(call);
    // The rest comes on the mapper's threads.
    Thread mapperThread = new Thread(() -> {
      attempts.movedOn("t1", "/relay/hello", "a", MoveReason.AGENT_LOST);
      attempts.sent("t1", "/relay/hello", "b", 2);
      attempts.finished("t1", "/relay/hello", "b", Outcome.OK, 1_000);
    });
    mapperThread.start();
    mapperThread.join(10_000);
    call.end("value", null);
    attempts.forget(call);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertEquals("b", span.getAttributes().get(NaniteAttributes.AGENT));
    assertEquals(2L, span.getAttributes().get(NaniteAttributes.ATTEMPTS));
    assertEquals("t1", span.getAttributes().get(NaniteAttributes.CALL_ID));
    List<EventData> events = span.getEvents();
    assertEquals(List.of(NaniteAttributes.MOVED_ON_EVENT, NaniteAttributes.RETRY_EVENT),
        events.stream().map(EventData::getName).toList());
    assertEquals("agent_lost", events.get(0).getAttributes().get(NaniteAttributes.MOVE_REASON));
    assertEquals("a", events.get(0).getAttributes().get(NaniteAttributes.AGENT));
    assertEquals(2L, events.get(1).getAttributes().get(NaniteAttributes.ATTEMPT));
    assertEquals("b", events.get(1).getAttributes().get(NaniteAttributes.AGENT));
    assertEquals(0, attempts.tied());
  }

  @Test
  void aCallFirstSentFromAnotherThreadIsNeverTied() {
    CallSpan call = call("/relay/hello");
    attempts.making(call);
    attempts.made(call); // proceed returned before the send: the call waited for an agent
    attempts.sent("t2", "/relay/hello", "a", 1);
    attempts.sent("t2", "/relay/hello", "b", 2);
    call.end("value", null);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertNull(span.getAttributes().get(NaniteAttributes.AGENT));
    assertNull(span.getAttributes().get(NaniteAttributes.CALL_ID));
    assertEquals(List.of(), span.getEvents());
    assertEquals(0, attempts.tied());
  }

  @Test
  void aSendOfAnotherPathOrANestedCallGoesToItsOwnSpan() {
    CallSpan outer = call("/relay/forward");
    CallSpan inner = call("/relay/hello");
    attempts.making(outer);
    attempts.making(inner); // an interceptor further in makes a call of its own
    attempts.sent("t3", "/relay/hello", "a", 1);
    attempts.made(inner);
    attempts.sent("t4", "/relay/forward", "b", 1);
    attempts.made(outer);
    inner.end("value", null);
    outer.end("value", null);
    attempts.forget(inner);
    attempts.forget(outer);

    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals("t3", ended.get(0).getAttributes().get(NaniteAttributes.CALL_ID));
    assertEquals("a", ended.get(0).getAttributes().get(NaniteAttributes.AGENT));
    assertEquals("t4", ended.get(1).getAttributes().get(NaniteAttributes.CALL_ID));
    assertEquals("b", ended.get(1).getAttributes().get(NaniteAttributes.AGENT));
    assertEquals(0, attempts.tied());
  }
}
