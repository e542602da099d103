package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.SaslConfig;
import com.rabbitmq.client.impl.NetworkConnection;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.RabbitCluster;
import dev.nanite.it.support.RabbitNode;
import dev.nanite.it.support.TestCa;
import dev.nanite.it.support.TlsRabbitNode;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The private-RabbitMQ fixtures do what the tests that use them take for granted, checked with
 * plain amqp-client (no Nanite): {@link RabbitCluster} is one cluster whose quorum queues outlive
 * a killed node, and {@link TlsRabbitNode} verifies host names and certificates and logs a client
 * certificate in with EXTERNAL. Needs RabbitMQ installed; skipped otherwise.
 */
class PrivateRabbitFixturesTest {
  @Test
  @Timeout(300)
  void rabbitCluster_quorumQueueMessage_isReadFromAnotherNodeAfterItsNodeIsKilled()
      throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private nodes");
    long started = System.nanoTime();
    List<ProcessHandle> processes = new ArrayList<>();
    List<RabbitNode> nodes;
    try (RabbitCluster cluster = RabbitCluster.start()) {
      System.out.printf("cluster of 3 started and joined in %d ms%n",
          (System.nanoTime() - started) / 1_000_000);
      nodes = cluster.nodes();
      nodes.forEach(n -> processes.addAll(n.processes()));
      Set<String> names = Set.of(nodes.get(0).nodeName(), nodes.get(1).nodeName(),
          nodes.get(2).nodeName());
      for (RabbitNode node : nodes) {
        assertEquals(names, cluster.runningNodes(node), "running nodes as " + node + " sees them");
        try (Connection connection = connect(cluster.uriOf(nodes.indexOf(node)))) {
          assertTrue(connection.isOpen());
        }
      }
      assertEquals("amqp://guest:guest@127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:"
          + nodes.get(1).port() + ",127.0.0.1:" + nodes.get(2).port(), cluster.uri());

      String queue = "fixtures-quorum-" + UUID.randomUUID();
      String body = "kept by the quorum " + UUID.randomUUID();
      try (Connection connection = connect(cluster.uriOf(0))) {
        Channel channel = connection.createChannel();
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
        channel.confirmSelect();
        channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN,
            body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
      }

      List<ProcessHandle> killed = nodes.get(0).processes();
      assertTrue(killed.stream().anyMatch(p -> p.pid() == nodes.get(0).pid()
          && p.info().command().orElse("").endsWith("beam.smp")), "pid() is the Erlang VM");
      cluster.kill(0);
      assertFalse(nodes.get(0).running());
      assertTrue(killed.stream().noneMatch(ProcessHandle::isAlive), "left alive: " + killed);
      assertThrows(ConnectException.class, () -> connect(cluster.uriOf(0)).close());

      assertEquals(body, read(cluster.uriOf(1), queue, Duration.ofSeconds(60)));
      Await.until("the cluster seeing the killed node down", Duration.ofSeconds(30),
          () -> runningNodes(cluster).equals(
              Set.of(nodes.get(1).nodeName(), nodes.get(2).nodeName())));
    }
    assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive),
        "processes left after close: " + processes);
    assertTrue(nodes.stream().noneMatch(n -> Files.exists(n.dir())), "directories left");
  }

  @Test
  @Timeout(180)
  void tlsRabbitNode_verifiesHostAndCa_andLogsTheClientCertificateInWithExternal()
      throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private node");
    long started = System.nanoTime();
    List<ProcessHandle> processes;
    try (TlsRabbitNode tls = TlsRabbitNode.start()) {
      System.out.printf("TLS node (certificates, node, user) ready in %d ms%n",
          (System.nanoTime() - started) / 1_000_000);
      processes = tls.node().processes();
      TestCa ca = tls.ca();
      int port = tls.tlsPort();

      try (Connection connection = tlsConnect("localhost", port, ca.sslContext(), null)) {
        assertTrue(connection.isOpen());
      }
      try (SSLSocket socket = (SSLSocket) ca.sslContext().getSocketFactory()
          .createSocket("localhost", port)) {
        socket.startHandshake();
        System.out.println("TLS node negotiated " + socket.getSession().getProtocol() + " "
            + socket.getSession().getCipherSuite());
      }

      Exception wrongHost = assertThrows(Exception.class,
          () -> tlsConnect("127.0.0.1", port, ca.sslContext(), null).close());
      assertHandshakeFailed(wrongHost,
          "No subject alternative names matching IP address 127.0.0.1");

      Exception wrongCa = assertThrows(Exception.class,
          () -> tlsConnect("localhost", port, ca.otherSslContext(), null).close());
      assertHandshakeFailed(wrongCa, "unable to find valid certification path");

      try (Connection connection = tlsConnect("localhost", port,
          ca.sslContextWithClientCertificate(), DefaultSaslConfig.EXTERNAL)) {
        // The broker's peer port is our local one: it tells this connection from others.
        String expected = TestCa.CLIENT_NAME + "\t"
            + ((NetworkConnection) connection).getLocalPort();
        String listed = Await.value("the broker listing the EXTERNAL connection",
            Duration.ofSeconds(20), () -> {
              String connections = ctl(tls.node(), "list_connections", "user", "peer_port");
              return connections.lines().anyMatch(expected::equals) ? connections : null;
            });
        System.out.println("EXTERNAL login listed as: " + listed.strip());
      }
      // Without a certificate there is nothing for EXTERNAL to go on: the login above was the
      // certificate's doing.
      assertThrows(AuthenticationFailureException.class, () -> tlsConnect("localhost", port,
          ca.sslContext(), DefaultSaslConfig.EXTERNAL).close());
    }
    assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive),
        "processes left after close: " + processes);
  }

  private static Connection connect(String uri) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    return factory.newConnection("nanite-fixtures-test");
  }

  private static Connection tlsConnect(String host, int port, SSLContext context,
      SaslConfig sasl) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(host);
    factory.setPort(port);
    factory.setUsername("guest");
    factory.setPassword("guest");
    factory.useSslProtocol(context);
    factory.enableHostnameVerification();
    if (sasl != null) {
      factory.setSaslConfig(sasl);
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    factory.setHandshakeTimeout(5_000);
    return factory.newConnection("nanite-fixtures-test");
  }

  /** Reads one message from {@code queue}, retrying while the queue elects a new leader. */
  private static String read(String uri, String queue, Duration timeout) {
    AtomicReference<Exception> last = new AtomicReference<>();
    try {
      return Await.value("a message in " + queue + " at " + uri, timeout, () -> {
        try (Connection connection = connect(uri)) {
          GetResponse response = connection.createChannel().basicGet(queue, true);
          return response == null ? null : new String(response.getBody(), StandardCharsets.UTF_8);
        } catch (Exception e) {
          last.set(e);
          return null;
        }
      });
    } catch (AssertionError e) {
      if (last.get() != null) {
        e.addSuppressed(last.get());
      }
      throw e;
    }
  }

  private static Set<String> runningNodes(RabbitCluster cluster) {
    try {
      return cluster.runningNodes();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ctl(RabbitNode node, String... args) {
    try {
      return node.ctl(args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code failure} is a TLS handshake refused for the reason {@code because}. */
  private static void assertHandshakeFailed(Exception failure, String because) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains(because)) {
        return;
      }
    }
    throw new AssertionError("expected a TLS handshake failure saying '" + because + "'", failure);
  }
}
