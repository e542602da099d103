package dev.nanite.it.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.CallRefusedException;
import dev.nanite.Mapper;
import dev.nanite.Metadata;
import dev.nanite.RemoteException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Patient;
import dev.nanite.it.fixtures.PatientClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls that carry context, over a real broker: metadata from a mapper interceptor and from the
 * call's options reaches the agent's interceptor and the actor; interceptors on either side
 * refuse calls with a clear error; cancelling a call's future stops the actor running it,
 * whether it checks its context or waits interruptibly, and no result is sent; a call past its
 * deadline is cancelled on the agent; cancelling a call to all stops every part.
 */
class CallContextTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final List<String> seenByAgentInterceptor = new CopyOnWriteArrayList<>();
  private static final AtomicInteger requestIds = new AtomicInteger();
  private static String run;
  private static Agent first;
  private static Agent second;
  private static Mapper mapper;
  private static PatientClient patient;
  private static CallOptions options;

  @BeforeAll
  static void start() throws Exception {
    run = UUID.randomUUID().toString().substring(0, 8);
    options = CallOptions.DEFAULT.withTags(run).withTimeout(WAIT);
    first = agent("patient-a-" + run);
    second = agent("patient-b-" + run);
    mapper = Mapper.builder().uri(Brokers.uri())
        .interceptor((call, next) -> next.proceed(
            call.withMetadata("request-id", "r-" + requestIds.incrementAndGet())))
        .interceptor((call, next) -> {
          if (call.options().metadata().get("forbid").isPresent()) {
            throw new CallRefusedException(call.path(), "test.Forbidden",
                "this mapper sends no call marked forbid");
          }
          return next.proceed(call);
        })
        .start();
    patient = new PatientClient(mapper);
    assertTrue(mapper.awaitAgents("/patient/count", 2, WAIT));
  }

  private static Agent agent(String identity) {
    return Agent.builder().uri(Brokers.uri()).identity(identity).tags(run)
        .pingInterval(Duration.ofMillis(500)).actor(new Patient())
        .interceptor((call, next) -> {
          seenByAgentInterceptor.add(call.path() + " "
              + call.metadata().get("request-id").orElse("(none)"));
          if (call.metadata().get("deny").isPresent()) {
            throw new CallRefusedException(call.path(), "test.Denied",
                "agent " + call.agent() + " takes no call marked deny");
          }
          return next.proceed(call.withMetadata(Metadata.EMPTY.with("agent-note", "added")));
        })
        .start();
  }

  @AfterAll
  static void stop() {
    mapper.close();
    first.close();
    second.close();
  }

  @Test
  void metadataReachesTheAgentInterceptorAndTheActor() throws Exception {
    Selector.Single a = Selector.target(first.identity());
    String requestId = get(patient.metadata("request-id", a, options));
    assertTrue(requestId.matches("r-\\d+ from " + mapper.identity()), requestId);
    assertTrue(seenByAgentInterceptor.contains("/patient/metadata "
        + requestId.substring(0, requestId.indexOf(' '))), seenByAgentInterceptor.toString());
    assertEquals("acme from " + mapper.identity(), get(patient.metadata("tenant", a,
        options.withMetadata("tenant", "acme"))), "set per call");
    assertEquals("added from " + mapper.identity(), get(patient.metadata("agent-note", a,
        options)), "added by the agent's interceptor");
  }

  @Test
  void anAgentInterceptorsRefusalReachesTheCallerWithItsType() {
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> get(patient.metadata("x", Selector.target(first.identity()),
            options.withMetadata("deny", "1"))));
    RemoteException refused = assertInstanceOf(RemoteException.class, error.getCause());
    assertEquals("test.Denied", refused.errorType());
    assertTrue(refused.getMessage().contains("takes no call marked deny"), refused.getMessage());
  }

  @Test
  void aMapperInterceptorsRefusalFailsTheCallBeforeItIsSent() {
    long before = first.counters().get("requests") + second.counters().get("requests");
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> get(patient.metadata("x", Selector.LEAST_LOADED,
            options.withMetadata("forbid", "1"))));
    CallRefusedException refused = assertInstanceOf(CallRefusedException.class,
        error.getCause());
    assertEquals("test.Forbidden", refused.errorType());
    assertEquals(before, first.counters().get("requests") + second.counters().get("requests"),
        "nothing was sent");
  }

  @Test
  void cancellingAFutureStopsAnActorThatChecksItsContextAndSendsNoResult() throws Exception {
    long cancelled = first.counters().get("cancelled");
    CompletableFuture<Long> call = patient.count("spin", Selector.target(first.identity()),
        options);
    String name = "spin on " + first.identity();
    Await.until("the actor runs", WAIT, () -> Patient.RUNNING.containsKey(name));
    assertTrue(call.cancel(true));
    Await.until("the actor sees the cancel", WAIT, () -> Patient.ENDINGS.containsKey(name));
    assertEquals("cancelled: cancelled by its caller", Patient.ENDINGS.get(name));
    Await.until("the agent counts it, instead of sending its result", WAIT,
        () -> first.counters().get("cancelled") == cancelled + 1);
    assertEquals(0L, mapper.counters().get("lateReplies"), "no result came back");
  }

  @Test
  void cancellingAFutureInterruptsAnActorBlockedInAWait() throws Exception {
    CompletableFuture<String> call = patient.sleep("nap", Selector.target(first.identity()),
        options);
    String name = "nap on " + first.identity();
    Await.until("the actor runs", WAIT, () -> Patient.RUNNING.containsKey(name));
    call.cancel(true);
    Await.until("the actor is interrupted", WAIT, () -> Patient.ENDINGS.containsKey(name));
    assertEquals("interrupted: cancelled by its caller", Patient.ENDINGS.get(name));
  }

  @Test
  void aCallPastItsDeadlineIsCancelledOnTheAgent() {
    long expired = second.counters().get("expired");
    ExecutionException error = assertThrows(ExecutionException.class,
        () -> get(patient.sleep("late", Selector.target(second.identity()),
            options.withTimeout(Duration.ofMillis(300)))));
    assertInstanceOf(RequestTimeoutException.class, error.getCause());
    String name = "late on " + second.identity();
    Await.until("the actor is interrupted", WAIT, () -> Patient.ENDINGS.containsKey(name));
    assertEquals("interrupted: its deadline passed", Patient.ENDINGS.get(name));
    Await.until("counted as expired", WAIT,
        () -> second.counters().get("expired") == expired + 1);
  }

  @Test
  void cancellingACallToAllStopsEveryPart() throws Exception {
    var call = patient.count("all", Selector.ALL, options);
    List<String> names = List.of("all on " + first.identity(), "all on " + second.identity());
    Await.until("both parts run", WAIT,
        () -> names.stream().allMatch(Patient.RUNNING::containsKey));
    call.cancel(true);
    Await.until("both parts end", WAIT,
        () -> names.stream().allMatch(Patient.ENDINGS::containsKey));
    for (String name : names) {
      assertEquals("cancelled: cancelled by its caller", Patient.ENDINGS.get(name));
    }
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
