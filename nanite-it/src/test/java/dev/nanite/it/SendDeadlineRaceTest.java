package dev.nanite.it;

import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.OverloadedException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call whose deadline fires while it is being sent (or parked) must not stay counted in
 * flight: issue 20, item 3. The race is between the mapper's deadline timer and the thread that
 * sends the call; an entry it leaves behind is never answered (an agent skips a request past
 * its deadline without replying) and counts against {@code maxInFlight} for ever, until the
 * mapper refuses every call.
 *
 * <p>The race cannot be forced from outside, so each test makes it as likely as it can within a
 * bound: tens of thousands of calls whose deadlines (from 100 ns to a few milliseconds) fire
 * around the moment they are sent, from more threads than the machine has cores (a thread
 * descheduled in the middle of a send is what opens the window widest), on a mapper with a
 * small {@code maxInFlight}, for at most 10 s. Then, with every future completed, nothing may
 * be left in flight: every agent's in-flight count is back to 0 and a burst of {@code
 * maxInFlight} calls is taken whole. On the code of issue 20 about one call in 10,000 stays
 * counted: with these settings both tests failed in every run tried (4 to 8 calls left by the
 * send test, 1 to 10 by the park test); a run that catches none passes, so a pass on one run
 * proves little, a failure proves the leak.
 */
class SendDeadlineRaceTest {
  private static final int THREADS = 6;
  private static final int CALLS_PER_THREAD = 100_000;
  private static final Duration LOAD_TIME = Duration.ofSeconds(10);
  /**
   * Refused calls after which the load stops. Calls that expire before they are parked are
   * counted until the mapper's next sweep, so the park test sees some refused even without a
   * leak; the send test, whose threads never have more calls out than the limit, sees none.
   */
  private static final int MAX_REFUSED = 20_000;
  /** Bursts tried after the load, at most (and for at most 5 s). */
  private static final int MAX_BURSTS = 500;

  private static Cluster cluster;
  /** The agent the send test floods with requests that expire on the way. */
  private static String flooded;
  /** An agent the park test's calls cannot reach (it lacks their tag), free for its burst. */
  private static String spare;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    // Long pings: the mapper keeps the agents however busy the machine gets.
    List<AgentProcess> agents = cluster.agents(List.of("flooded", "spare"), 0, "--ping",
        "10000");
    flooded = agents.get(0).identity();
    spare = agents.get(1).identity();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /**
   * The deadline of call {@code i} for sends, in a scrambled sweep so that each thread covers
   * the range: most between 100 ns and 1 µs (the timer thread spins rather than parks for
   * those, so it may fire while the call is being sent), many from 1 to 10 µs, a few up to 3 ms.
   * Measured in a run of the race on the code of issue 20, every range leaked about one call in
   * 10,000; the shortest are the cheapest to make, most of them expiring before they are sent.
   */
  static Duration sendDeadline(int i) {
    int step = scrambled(i);
    if (step < 600) {
      return Duration.ofNanos(100 + step * 1_500L / 1_000);
    }
    if (step < 900) {
      return Duration.ofNanos(1_000 + (step - 600) * 30L);
    }
    return Duration.ofNanos(10_000 + (step - 900) * 30_000L);
  }

  /**
   * The deadline of call {@code i} for parking: finding that no agent serves a call takes
   * longer than sending it, so most are between 2 and 60 µs; a few of 1 to 3 ms.
   */
  static Duration parkDeadline(int i) {
    int step = scrambled(i);
    return step < 950 ? Duration.ofNanos(2_000 + step * 61L)
        : Duration.ofNanos(1_000_000 + (step - 950) * 40_000L);
  }

  private static int scrambled(int i) {
    return (int) ((i * 7_919L) % 1_000);
  }

  @Test
  void maxInFlight_callsWhoseDeadlineFiresAsTheyAreSent_doNotStayInFlight() throws Exception {
    int max = 8;
    Mapper mapper = cluster.mapper(Mapper.builder().maxInFlight(max));
    WorkClient work = new WorkClient(mapper);
    Await.until("the mapper knows the agent", Duration.ofSeconds(10),
        () -> mapper.agent(flooded).isPresent());
    CallOptions options = cluster.options();
    // slow(60 s): the agent never answers before the deadline, so no reply can take a call out
    // of flight; it skips nearly all of them anyway, their deadline having passed.
    Map<String, Integer> outcomes = race(i -> work.slow(60_000, Selector.target(flooded),
        options.withTimeout(sendDeadline(i))));
    System.out.println("send x deadline race: " + outcomes + "; mapper counters "
        + mapper.counters());
    assertNothingLeftInFlight(mapper, max, () -> work.slow(1_000, Selector.target(flooded),
        options.withTimeout(Duration.ofMillis(200))));
  }

  @Test
  void maxInFlight_offlineCallsWhoseDeadlineFiresAsTheyAreParked_doNotStayInFlight()
      throws Exception {
    // Room for the calls that expire before they are parked: the mapper holds on to those
    // until its next sweep, and a small limit would refuse most of the load.
    int max = 64;
    Mapper mapper = cluster.mapper(Mapper.builder().maxInFlight(max));
    WorkClient work = new WorkClient(mapper);
    Await.until("the mapper knows the agent", Duration.ofSeconds(10),
        () -> mapper.agent(spare).isPresent());
    // A tag no agent carries: every call is parked in the offline queue until its deadline.
    CallOptions parked = cluster.options().withTags(cluster.tag(), "nobody-" + cluster.tag())
        .withOffline(true);
    Map<String, Integer> outcomes = race(i -> work.whoami(Selector.LEAST_LOADED,
        parked.withTimeout(parkDeadline(i))));
    System.out.println("park x deadline race: " + outcomes + "; mapper counters "
        + mapper.counters());
    assertNothingLeftInFlight(mapper, max, () -> work.slow(1_000, Selector.target(spare),
        cluster.options().withTimeout(Duration.ofMillis(200))));
  }

  /**
   * Makes calls from {@link #THREADS} threads, each waiting for its call before the next, until
   * each made {@link #CALLS_PER_THREAD}, {@link #LOAD_TIME} passed, or {@link #MAX_REFUSED}
   * calls were refused (the mapper refuses at once, so a leak that fills {@code maxInFlight}
   * would otherwise spin the threads for the rest of the load); returns how the calls ended, by
   * exception type.
   */
  private static Map<String, Integer> race(IntFunction<CompletableFuture<String>> call)
      throws InterruptedException {
    long until = System.nanoTime() + LOAD_TIME.toNanos();
    Map<String, Integer> outcomes = new TreeMap<>();
    AtomicInteger refused = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int offset = t * CALLS_PER_THREAD;
      Thread thread = new Thread(() -> {
        Map<String, Integer> mine = new TreeMap<>();
        for (int i = 0; i < CALLS_PER_THREAD && refused.get() < MAX_REFUSED
            && System.nanoTime() < until; i++) {
          String outcome;
          try {
            call.apply(offset + i).get(10, TimeUnit.SECONDS);
            outcome = "answered";
          } catch (ExecutionException e) {
            outcome = e.getCause().getClass().getSimpleName();
          } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
          }
          mine.merge(outcome, 1, Integer::sum);
          if (outcome.equals("OverloadedException")) {
            refused.incrementAndGet();
          }
        }
        synchronized (outcomes) {
          mine.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
        }
      }, "deadline-race-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(LOAD_TIME.plusSeconds(30).toMillis());
    }
    if (refused.get() >= MAX_REFUSED) {
      outcomes.put("(stopped: " + MAX_REFUSED + " calls refused)", 1);
    }
    return outcomes;
  }

  /**
   * With every call completed: every agent's in-flight count goes back to 0, and within a few
   * seconds a burst of {@code max} calls of {@code shortCall} is taken whole (one
   * entry left behind for good would refuse the last of every burst). Each call of a burst stays
   * in flight until the whole burst was made, then ends at its deadline, before the next burst.
   */
  private static void assertNothingLeftInFlight(Mapper mapper, int max,
      Supplier<CompletableFuture<String>> shortCall) throws Exception {
    Await.until("every agent's in-flight count is back to 0 (" + mapper.agents() + ")",
        Duration.ofSeconds(10),
        () -> mapper.agents().stream().mapToInt(AgentInfo::inFlight).sum() == 0);
    List<String> lastRefused = new ArrayList<>();
    AtomicInteger bursts = new AtomicInteger();
    try {
      Await.until("a burst of " + max + " calls is taken whole", Duration.ofSeconds(5),
          () -> {
            if (bursts.incrementAndGet() > MAX_BURSTS) {
              throw new AssertionError("no burst of " + max + " taken whole in " + MAX_BURSTS
                  + " tries; the last had " + lastRefused.size() + " refused: " + lastRefused);
            }
            List<CompletableFuture<String>> burst = new ArrayList<>();
            for (int i = 0; i < max; i++) {
              burst.add(shortCall.get()); // the mapper refuses a call beyond its limit at once
            }
            lastRefused.clear();
            for (CompletableFuture<String> call : burst) {
              try {
                call.get(20, TimeUnit.SECONDS);
              } catch (ExecutionException e) {
                if (e.getCause() instanceof OverloadedException) {
                  lastRefused.add(String.valueOf(e.getCause()));
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return lastRefused.isEmpty();
          });
    } catch (AssertionError e) {
      throw new AssertionError(max + " calls at once on a mapper whose limit is "
          + max + ", after every earlier call completed: in each of " + bursts.get()
          + " bursts tried some were refused, the last time " + lastRefused.size()
          + ", so that many calls stayed counted in flight: " + lastRefused, e);
    }
  }
}
