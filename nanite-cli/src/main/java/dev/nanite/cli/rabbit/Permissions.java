package dev.nanite.cli.rabbit;

/**
 * A RabbitMQ user's permissions on a vhost: regular expressions of the exchange and queue names
 * it may configure (declare, delete), write (publish to, bind to) and read (consume from, bind
 * from).
 */
public record Permissions(String configure, String write, String read) {
  /**
   * A mapper: declares the two fanout exchanges, its own {@code nanite.mapper.*} queues and the
   * shared {@code nanite.offline} queue of parked requests, binds its inbox to the fanouts,
   * publishes requests through the default exchange and consumes its own queues and the
   * offline queue.
   */
  public static final Permissions MAPPER = new Permissions(
      "^(heartbeat|registration|nanite\\.offline|nanite\\.mapper\\..+)$",
      "^(amq\\.default|nanite\\.offline|nanite\\.mapper\\..+)$",
      "^(heartbeat|registration|nanite\\.offline|nanite\\.mapper\\..+)$");

  /**
   * An agent: declares the fanout exchanges and its request queue (named by its identity, which
   * must not start with {@code nanite.}), publishes pings and registrations to the fanouts and
   * results through the default exchange, and consumes its queue. It cannot bind anything, nor
   * touch the mappers' queues or the offline queue, so it cannot listen to other agents' pings,
   * mappers' traffic or parked requests.
   */
  public static final Permissions AGENT = new Permissions(
      "^(?!nanite\\.).+$",
      "^(heartbeat|registration|amq\\.default)$",
      "^(?!nanite\\.).+$");

  @Override
  public String toString() {
    return "configure '" + configure + "', write '" + write + "', read '" + read + "'";
  }
}
