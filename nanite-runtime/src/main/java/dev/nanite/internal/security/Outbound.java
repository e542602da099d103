package dev.nanite.internal.security;

import com.rabbitmq.client.AMQP;
import dev.nanite.Signing;

/**
 * What every packet a process publishes gets on its way out: its broker account as the AMQP
 * {@code user-id} (which RabbitMQ checks against the connection's login), and its signature if
 * the process signs. Applied by the channel pool to each message, once: a message published
 * again as it came back (a returned result) is already signed. Thread-safe.
 */
public final class Outbound {
  /** Publishes as it is given: no account known, no signing. */
  public static final Outbound NONE = new Outbound("", null);

  private final String account;
  private final Signing signing;
  /** The properties of a message that has none but its user-id. */
  private final AMQP.BasicProperties accountOnly;

  /**
   * @param account the broker account the connection logs in with, or empty if unknown (a TLS
   *     client certificate login that did not name it): then no user-id is set
   * @param signing how to sign, or null not to
   */
  public Outbound(String account, Signing signing) {
    this.account = account;
    this.signing = signing;
    this.accountOnly = account.isEmpty() ? null
        : new AMQP.BasicProperties.Builder().userId(account).build();
  }

  /** The account stamped on every message, or empty. */
  public String account() {
    return account;
  }

  /** {@code properties} with the account as user-id. */
  public AMQP.BasicProperties properties(AMQP.BasicProperties properties) {
    if (accountOnly == null) {
      return properties;
    }
    if (properties == null) {
      return accountOnly;
    }
    return properties.getUserId() != null ? properties
        : properties.builder().userId(account).build();
  }

  /** {@code packet}, signed if this process signs and it is not signed yet. */
  public byte[] body(byte[] packet) {
    if (signing == null || Seals.isSealed(packet)) {
      return packet;
    }
    return Seals.seal(packet, signing.keyId(), signing.privateKey(), System.currentTimeMillis());
  }
}
