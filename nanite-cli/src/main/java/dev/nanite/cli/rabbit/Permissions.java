package dev.nanite.cli.rabbit;

/**
 * A RabbitMQ user's permissions on a vhost: regular expressions of the exchange and queue names
 * it may configure (declare, delete), write (publish to, bind to) and read (consume from, bind
 * from).
 */
public record Permissions(String configure, String write, String read) {
  /**
   * A mapper: declares the three fanout exchanges, its own {@code nanite.mapper.*} queues and
   * the shared {@code nanite.offline} queue of parked requests, binds its inbox to the
   * {@code heartbeat} and {@code registration} fanouts, publishes requests through the default
   * exchange and advertise requests to {@code advertise}, and consumes its own queues and the
   * offline queue.
   */
  public static final Permissions MAPPER = new Permissions(
      "^(heartbeat|registration|advertise|nanite\\.offline|nanite\\.mapper\\..+)$",
      "^(amq\\.default|advertise|nanite\\.offline|nanite\\.mapper\\..+)$",
      "^(heartbeat|registration|nanite\\.offline|nanite\\.mapper\\..+)$");

  /**
   * An agent: declares the fanout exchanges and its request queue (named by its identity, which
   * must not start with {@code nanite.}), binds that queue to {@code advertise}, publishes pings
   * and registrations to the fanouts and results through the default exchange, and consumes its
   * queue. It cannot read from {@code heartbeat} or {@code registration} (so it cannot bind a
   * queue to them and listen to other agents), touch the mappers' queues or the offline queue,
   * nor publish to {@code advertise} and make every agent register.
   */
  public static final Permissions AGENT = new Permissions(
      "^(?!nanite\\.).+$",
      "^(?!nanite\\.|advertise$).+$",
      "^(?!nanite\\.|heartbeat$|registration$).+$");

  /**
   * An agent account in secure mode ({@code rabbitconf --secure}): as {@link #AGENT}, but the
   * only queues it may declare, bind and consume are those named as secure mode names its
   * agents, {@code <account>} and {@code <account>-...}: it cannot take another agent's queue
   * name (to receive the requests sent to it) nor consume another agent's durable queue.
   */
  public static Permissions secureAgent(String account) {
    String own = quote(account) + "(-.*)?";
    return new Permissions(
        "^(heartbeat|registration|advertise|" + own + ")$",
        "^(amq\\.default|heartbeat|registration|" + own + ")$",
        "^(advertise|" + own + ")$");
  }

  /**
   * The mapper account in secure mode: as {@link #MAPPER}, but its own queues are those of the
   * identities secure mode names its mappers, {@code <account>} and {@code <account>-...}.
   */
  public static Permissions secureMapper(String account) {
    String own = "nanite\\.mapper\\." + quote(account) + "(-.*)?\\.(inbox|replies)";
    return new Permissions(
        "^(heartbeat|registration|advertise|nanite\\.offline|" + own + ")$",
        "^(amq\\.default|advertise|nanite\\.offline|" + own + ")$",
        "^(heartbeat|registration|nanite\\.offline|" + own + ")$");
  }

  /** {@code text} as a regular expression matching it alone. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.toString();
  }

  @Override
  public String toString() {
    return "configure '" + configure + "', write '" + write + "', read '" + read + "'";
  }
}
