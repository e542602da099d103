package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.nanite.Agent;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Result;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A result whose reply queue is gone (its mapper is reconnecting) is not lost: the agent sends
 * it again until the request's deadline, and the mapper gets it once its queue is back. After
 * the deadline the agent gives up and counts it; and it gives up sooner on a queue that has
 * refused every result for 30 s, whatever the deadlines.
 */
class UnroutedResultsTest {
  @Test
  void reconnection_replyQueueNotBackYet_resultSentAgainUntilTheDeadline() throws Exception {
    String uri = Brokers.uri();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String identity = "answering-" + run;
    String lateQueue = "nanite-test-late-" + run;
    String goneQueue = "nanite-test-gone-" + run;
    try (Agent agent = Agent.builder().uri(uri).identity(identity).tags(run)
            .actor(new WorkActor(identity)).start()) {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri);
      try (Connection connection = factory.newConnection("late-mapper")) {
        Channel channel = connection.createChannel();
        long now = System.currentTimeMillis();
        channel.basicPublish("", identity, null, request("late", lateQueue, now + 30_000));
        channel.basicPublish("", identity, null, request("gone", goneQueue, now + 1_500));

        // Both results came back unroutable, and the first was sent again at least once.
        Await.until("the broker returned results more than twice", Duration.ofSeconds(10),
            () -> agent.counters().get("unrouted") >= 3);
        channel.queueDeclare(lateQueue, false, true, true, null);
        AtomicReference<Result> late = new AtomicReference<>();
        Await.until("the late result arrived", Duration.ofSeconds(10), () -> {
          try {
            GetResponse got = channel.basicGet(lateQueue, true);
            if (got != null) {
              late.set(Packet.parseFrom(got.getBody()).getResult());
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return late.get() != null;
        });
        assertEquals("late", late.get().getToken());
        assertEquals(identity, late.get().getAgent());
        assertEquals(0, late.get().getError().getType().length(), "answered: " + late.get());

        Await.until("the result past its deadline was given up", Duration.ofSeconds(10),
            () -> agent.counters().get("undelivered") == 1L);
        assertEquals(1L, agent.counters().get("undelivered"), "only the one past its deadline");
      }
    }
  }

  @Test
  void resultsForAReplyQueueThatNeverExistsAreGivenUpAfterThirtySecondsNotAtTheirDeadline()
      throws Exception {
    String uri = Brokers.uri();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String identity = "answering-" + run;
    String neverQueue = "nanite-test-never-" + run;
    int results = 20;
    try (Agent agent = Agent.builder().uri(uri).identity(identity).tags(run)
            .actor(new WorkActor(identity)).start()) {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri);
      try (Connection connection = factory.newConnection("bad-requester")) {
        Channel channel = connection.createChannel();
        long farDeadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        long sent = System.nanoTime();
        for (int i = 0; i < results; i++) {
          channel.basicPublish("", identity, null, request("never-" + i, neverQueue, farDeadline));
        }

        // Sent again for a while, as for a mapper that is reconnecting, then given up: the
        // queue has refused every result for 30 s, so it is not coming back.
        Await.until("every result for the queue that never existed is given up",
            Duration.ofSeconds(60), () -> agent.counters().get("undelivered") == results);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        System.out.printf("%d results for a reply queue that never existed given up after %d ms"
            + " (%d returns)%n", results, took.toMillis(), agent.counters().get("unrouted"));
        assertTrue(took.compareTo(Duration.ofSeconds(30)) >= 0,
            "given up after " + took + ", before a reconnecting mapper had its 30 s");
        assertTrue(agent.counters().get("unrouted") > results, "sent again before giving up");

        // The queue is known to be gone now: a new result for it is given up on its first
        // return, not sent again.
        long unrouted = agent.counters().get("unrouted");
        channel.basicPublish("", identity, null, request("one-more", neverQueue, farDeadline));
        Await.until("the next result for the gone queue is given up", Duration.ofSeconds(10),
            () -> agent.counters().get("undelivered") == results + 1);
        assertEquals(unrouted + 1, agent.counters().get("unrouted"), "returned once, not re-sent");
      }
    }
  }

  private static byte[] request(String token, String replyTo, long deadlineMillis) {
    return Packets.newPacket().setRequest(Request.newBuilder()
            .setToken(token)
            .setPath("/work/whoami")
            .setArgs(ByteString.EMPTY)
            .setReplyTo(replyTo)
            .setMapper("hand-made")
            .setDeadlineUnixMillis(deadlineMillis))
        .build().toByteArray();
  }
}
