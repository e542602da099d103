package dev.nanite.cli.rabbit;

/**
 * A RabbitMQ user's permissions on a vhost: regular expressions of the exchange and queue names
 * it may configure (declare, delete), write (publish to, bind to) and read (consume from, bind
 * from).
 */
public record Permissions(String configure, String write, String read) {
  /**
   * A mapper: declares the two fanout exchanges and its own {@code nanite.mapper.*} queues,
   * binds its inbox to the fanouts, publishes requests through the default exchange and consumes
   * its own queues.
   */
  public static final Permissions MAPPER = new Permissions(
      "^(heartbeat|registration|nanite\\.mapper\\..+)$",
      "^(amq\\.default|nanite\\.mapper\\..+)$",
      "^(heartbeat|registration|nanite\\.mapper\\..+)$");

  /**
   * An agent: declares the fanout exchanges and its request queue (named by its identity, which
   * must not start with {@code nanite.mapper.}), publishes pings and registrations to the fanouts
   * and results through the default exchange, and consumes its queue. It cannot bind anything,
   * so it cannot listen to other agents' pings or mappers' traffic.
   */
  public static final Permissions AGENT = new Permissions(
      "^(?!nanite\\.mapper\\.).+$",
      "^(heartbeat|registration|amq\\.default)$",
      "^(?!nanite\\.mapper\\.).+$");

  @Override
  public String toString() {
    return "configure '" + configure + "', write '" + write + "', read '" + read + "'";
  }
}
