package dev.nanite.internal.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.ConnectionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection state a user sees, driven as amqp-client drives {@link ConnectionState} (a
 * loss, a recovery) and as the owner reports readiness, in every order they can come in.
 */
class ConnectionEventsTest {
  private final List<String> heard = new ArrayList<>();
  private final ConnectionState state = new ConnectionState("test", Runnable::run);
  private final ConnectionEvents events = new ConnectionEvents(state, "test",
      List.of(new ConnectionListener() {
        @Override
        public void disconnected(String reason) {
          heard.add("disconnected: " + reason);
        }

        @Override
        public void reconnected() {
          heard.add("reconnected");
        }
      }), Runnable::run);

  /** amqp-client finds the connection gone and starts recovering it. */
  private void connectionLost() {
    state.handleRecoveryStarted(null);
  }

  /** amqp-client has the connection back (the owner's queues are not consumed yet). */
  private void connectionBack() {
    state.handleRecovery(null);
  }

  @Test
  void connectedFromTheStartWithNothingTold() {
    assertTrue(events.isConnected());
    events.ready(); // a channel the broker closed was reopened: no loss, nothing to tell
    assertTrue(heard.isEmpty());
  }

  @Test
  void aLossThenReadinessTellsEachOnce() {
    connectionLost();
    events.lost();
    events.lost(); // told twice by the connection's two callbacks: one event
    assertFalse(events.isConnected());
    connectionBack();
    assertFalse(events.isConnected(), "connected, but the queues are not consumed yet");
    events.ready();
    events.ready();
    assertTrue(events.isConnected());
    assertEquals(List.of("disconnected: the connection is recovering", "reconnected"), heard);
  }

  @Test
  void notConnectedTheMomentTheConnectionIsLostBeforeTheEventIsTold() {
    connectionLost();
    assertFalse(events.isConnected());
    assertTrue(heard.isEmpty());
  }

  @Test
  void aLossReportedAfterTheReconnectIsStillToldBeforeIt() {
    connectionLost();
    connectionBack();
    events.ready(); // the queues came back before the loss's notification ran
    events.lost();  // which then comes late, and changes nothing
    assertTrue(events.isConnected());
    assertEquals(List.of("disconnected: the connection is recovering", "reconnected"), heard);
  }

  @Test
  void readinessWhileTheConnectionIsDownAgainWaitsForTheNextReconnect() {
    connectionLost();
    events.lost();
    connectionBack();
    connectionLost(); // lost again before the queues were consumed
    events.ready();
    assertFalse(events.isConnected());
    events.lost();
    connectionBack();
    events.ready();
    assertTrue(events.isConnected());
    assertEquals(List.of("disconnected: the connection is recovering", "reconnected"), heard);
  }

  @Test
  void eventsRunOffTheCallersThreadInOrderAndAThrowingListenerStopsNoOther() throws Exception {
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(4);
    Thread caller = Thread.currentThread();
    ConnectionListener throwing = new ConnectionListener() {
      @Override
      public void disconnected(String reason) {
        throw new IllegalStateException("listener bug");
      }
    };
    ConnectionListener recording = new ConnectionListener() {
      @Override
      public void disconnected(String reason) {
        record("disconnected");
      }

      @Override
      public void reconnected() {
        record("reconnected");
      }

      private void record(String event) {
        order.add(event + (Thread.currentThread() == caller ? " on the caller" : ""));
        done.countDown();
      }
    };
    try (ConnectionEvents threaded = ConnectionEvents.create(state, "test", "test-events",
        List.of(throwing, recording))) {
      for (int i = 0; i < 2; i++) {
        connectionLost();
        threaded.lost();
        connectionBack();
        threaded.ready();
      }
      assertTrue(done.await(10, TimeUnit.SECONDS), "told: " + order);
    }
    assertEquals(List.of("disconnected", "reconnected", "disconnected", "reconnected"), order);
  }
}
