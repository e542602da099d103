package dev.nanite;

/**
 * Told when an {@link Agent}'s or a {@link Mapper}'s broker connection is lost and when it is
 * back, for health checks and dashboards; register one with {@link
 * Agent.Builder#connectionListener} or {@link Mapper.Builder#connectionListener}.
 *
 * <pre>{@code
 * Mapper mapper = Mapper.builder()
 *     .connectionListener(new ConnectionListener() {
 *       public void disconnected(String reason) { health.markDown("broker: " + reason); }
 *       public void reconnected() { health.markUp(); }
 *     })
 *     .start();
 * }</pre>
 *
 * <p>The events alternate, starting with {@link #disconnected}: {@code start()} has connected
 * already, and {@code close()} tells nothing. They mirror {@code isConnected()}, which is false
 * from a {@code disconnected} until the {@code reconnected} after it (or may turn so a moment
 * before the event arrives).
 *
 * <p>Events run on a thread of the agent's or mapper's own, one at a time and in order, never
 * on the AMQP client's threads nor on the ones that serve requests, evict agents or fire
 * deadlines. Return quickly and do not block: a listener that blocks holds back the events after
 * it. An exception thrown here is logged and otherwise ignored.
 */
public interface ConnectionListener {
  /**
   * The connection was lost; the agent or mapper is reconnecting on its own, every second, for
   * as long as it takes. Meanwhile a mapper fails new calls with {@link
   * BrokerUnavailableException}, and an agent takes no requests.
   *
   * @param reason why, as the AMQP client library put it (a broker shutdown, a reset
   *     connection, missed heartbeats)
   */
  default void disconnected(String reason) {}

  /**
   * Connected again and working: an agent consumes its request queue again and has sent its
   * registration again; a mapper has its queues back and sends calls again.
   */
  default void reconnected() {}
}
