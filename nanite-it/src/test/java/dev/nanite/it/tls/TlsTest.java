package dev.nanite.it.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nanite.Agent;
import dev.nanite.Broker;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Mock;
import dev.nanite.it.fixtures.MockClient;
import dev.nanite.it.fixtures.MockPaths;
import dev.nanite.it.support.RabbitNode;
import dev.nanite.it.support.TestCa;
import dev.nanite.it.support.TlsRabbitNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Agents and mappers over TLS to a private RabbitMQ node whose certificate a CA made by the
 * test signed, for {@code localhost} only: trusted, it serves; untrusted (the JVM's own trust
 * store, or another CA) or dialled by another name, it is refused with a message saying which;
 * and a client certificate logs in through RabbitMQ's EXTERNAL mechanism, with no password.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TlsTest {
  private static TlsRabbitNode broker;

  @BeforeAll
  static void startNode() throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private TLS node");
    broker = TlsRabbitNode.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  private static String uri(String host) {
    return "amqps://guest:guest@" + host + ":" + broker.tlsPort();
  }

  @Test
  void trustedCa_agentAndMapperServeOverTls_andTheAgentSaysItsNode() throws Exception {
    TestCa ca = broker.ca();
    String identity = "tls-" + UUID.randomUUID().toString().substring(0, 8);
    try (Agent agent = Agent.builder().broker(tls(uri("localhost"), ca.sslContext()))
            .identity(identity).actor(new Mock()).start();
        Mapper mapper = Mapper.builder().broker(tls(uri("localhost"), ca.sslContext()))
            .start()) {
      assertTrue(mapper.awaitAgents(MockPaths.LIST, 1, Duration.ofSeconds(20)));
      assertEquals(List.of(2), new MockClient(mapper).list("2", Selector.target(identity),
          CallOptions.DEFAULT).get(20, TimeUnit.SECONDS));
      assertEquals("localhost:" + broker.tlsPort(),
          mapper.agent(identity).orElseThrow().broker());
    }
  }

  @Test
  void theJvmsOwnTrustStore_refusesTheTestsCa_nothingTrustsEveryCertificate() {
    assertRefused(b -> b.uri(uri("localhost")), "the broker's TLS certificate is not trusted",
        "the JVM's default trust store");
  }

  @Test
  void anotherCa_isRefused_sayingTheCertificateIsNotTrusted() throws Exception {
    var other = broker.ca().otherSslContext();
    assertRefused(b -> b.broker(tls(uri("localhost"), other)),
        "the broker's TLS certificate is not trusted", "the trust store of the TLS context given");
  }

  @Test
  void anotherHostName_isRefused_sayingTheCertificateDoesNotNameIt() throws Exception {
    var trusted = broker.ca().sslContext();
    assertRefused(b -> b.broker(tls(uri("127.0.0.1"), trusted)),
        "does not name the host dialled", "127.0.0.1");
  }

  @Test
  void aPlainPortDialledAsTls_failsTheHandshake_sayingSo() throws Exception {
    var trusted = broker.ca().sslContext();
    String plain = "amqps://guest:guest@localhost:" + broker.node().port();
    assertRefused(b -> b.broker(tls(plain, trusted)), "the TLS handshake failed",
        "is the port a TLS listener");
  }

  @Test
  void aClientCertificate_logsInWithExternal_noPassword() throws Exception {
    TestCa ca = broker.ca();
    String identity = "tls-external-" + UUID.randomUUID().toString().substring(0, 8);
    String external = "amqps://localhost:" + broker.tlsPort() + "?auth_mechanism=external";
    try (Agent agent = Agent.builder()
            .broker(tls(external, ca.sslContextWithClientCertificate()))
            .identity(identity).actor(new Mock()).start();
        Mapper mapper = Mapper.builder().broker(tls(uri("localhost"), ca.sslContext()))
            .start()) {
      assertTrue(mapper.awaitAgents(MockPaths.LIST, 1, Duration.ofSeconds(20)));
      assertEquals(List.of(3), new MockClient(mapper).list("3", Selector.target(identity),
          CallOptions.DEFAULT).get(20, TimeUnit.SECONDS));
      String connections = broker.node().ctl("list_connections", "user", "client_properties");
      assertTrue(connections.lines().anyMatch(l -> l.startsWith(TestCa.CLIENT_NAME)
          && l.contains("nanite-agent-" + identity)), connections);
    }
  }

  @Test
  void externalWithoutAClientCertificate_isRefusedAsALogin() throws Exception {
    var trusted = broker.ca().sslContext();
    String external = "amqps://localhost:" + broker.tlsPort() + "?auth_mechanism=external";
    assertRefused(b -> b.broker(tls(external, trusted)), "the broker refused the login");
  }

  private static Broker tls(String uri, SSLContext context) {
    return Broker.builder(uri).sslContext(context).build();
  }

  private static void assertRefused(Consumer<Agent.Builder> settings, String... expected) {
    Agent.Builder builder = Agent.builder().identity("tls-refused").actor(new Mock());
    settings.accept(builder);
    BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
        () -> builder.start().close());
    System.out.println("refused, as it should be: " + e.getMessage());
    for (String part : expected) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
    assertTrue(e.getMessage().contains("broker localhost:") || e.getMessage().contains(
        "broker 127.0.0.1:"), "names the broker: " + e.getMessage());
  }
}
