package dev.nanite.it.support;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * A private {@link RabbitNode} with a TLS listener on certificates of a {@link TestCa} of its
 * own, for tests of TLS connections and of certificate logins. Both kinds of login work over
 * TLS: the node asks for a client certificate and verifies one it gets, but does not require
 * it, so PLAIN (guest/guest) works too; EXTERNAL takes the user name from the certificate's CN,
 * and user {@value TestCa#CLIENT_NAME} exists, without a password, with full permissions on
 * vhost {@code /}. The plain AMQP listener is there as well.
 */
public final class TlsRabbitNode implements AutoCloseable {
  private final TestCa ca;
  private final RabbitNode node;

  private TlsRabbitNode(TestCa ca, RabbitNode node) {
    this.ca = ca;
    this.node = node;
  }

  /** Makes the certificates, starts the node and adds the certificate user. */
  public static TlsRabbitNode start()
      throws IOException, InterruptedException, GeneralSecurityException {
    TestCa ca = TestCa.create();
    RabbitNode node = null;
    try {
      node = tls(RabbitNode.builder(), ca).start();
      String user = TestCa.CLIENT_NAME;
      // add_user wants a password; clearing it leaves the certificate as the only way in.
      node.ctl("add_user", user, UUID.randomUUID().toString());
      node.ctl("clear_password", user);
      node.ctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
      return new TlsRabbitNode(ca, node);
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        if (node != null) {
          node.close();
        }
      } finally {
        ca.close();
      }
      throw e;
    }
  }

  /**
   * {@code node} with a TLS listener on {@code ca}'s localhost certificate that asks for a client
   * certificate without requiring one, and EXTERNAL logins taking the user from its CN.
   */
  public static RabbitNodeBuilder tls(RabbitNodeBuilder node, TestCa ca) {
    return node.tls(ca.server())
        .config("ssl_options.verify = verify_peer",
            "ssl_options.fail_if_no_peer_cert = false",
            "auth_mechanisms.1 = PLAIN",
            "auth_mechanisms.2 = AMQPLAIN",
            "auth_mechanisms.3 = EXTERNAL",
            "ssl_cert_login_from = common_name")
        .plugins("rabbitmq_auth_mechanism_ssl");
  }

  /** The certificates the node and its clients use. */
  public TestCa ca() {
    return ca;
  }

  public RabbitNode node() {
    return node;
  }

  /** The TLS listener's port on 127.0.0.1 (connect as {@code localhost} to match the cert). */
  public int tlsPort() {
    return node.tlsPort();
  }

  /** Kills the node and deletes its directory and the certificates. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      node.close();
    } finally {
      ca.close();
    }
  }
}
