package dev.nanite.internal.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.impl.DefaultCredentialsProvider;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class BrokerUriTest {
  @Test
  void oneHost_takesUserPasswordPortAndVhost() {
    BrokerUri uri = BrokerUri.parse("amqp://bob:s%40cret@rabbit:5673/prod");
    assertFalse(uri.tls());
    assertEquals(List.of(new Address("rabbit", 5673)), uri.addresses());
    assertEquals("bob", uri.username());
    assertEquals("s@cret", uri.password());
    assertEquals("prod", uri.vhost());
  }

  @Test
  void severalHosts_eachWithItsPortOrTheSchemesDefault() {
    BrokerUri uri = BrokerUri.parse("amqps://bob@r1,r2:5700,[::1]/%2F");
    assertTrue(uri.tls());
    assertEquals(List.of(new Address("r1", 5671), new Address("r2", 5700),
        new Address("::1", 5671)), uri.addresses());
    assertEquals("r1:5671,r2:5700,[::1]:5671", uri.hosts());
    assertNull(uri.password());
    assertEquals("/", uri.vhost());
  }

  @Test
  void noPathOrASlash_isTheDefaultVhost() {
    assertEquals("/", BrokerUri.parse("amqp://h").vhost());
    assertEquals("/", BrokerUri.parse("amqp://h/").vhost());
  }

  @Test
  void options_areRabbitMqsQueryParameters() {
    BrokerUri uri = BrokerUri.parse(
        "amqps://h?auth_mechanism=EXTERNAL&heartbeat=30&connection_timeout=2000");
    assertEquals("external", uri.authMechanism());
    assertEquals(30, uri.heartbeatSeconds());
    assertEquals(2000, uri.connectionTimeoutMillis());
  }

  @Test
  void badUris_sayWhatIsWrongWithoutThePassword() {
    assertMessage("http://h", "not an AMQP URI");
    assertMessage("amqp://bob:hunter2@h:99999", "port of h must be a number from 1 to 65535");
    assertMessage("amqp://bob:hunter2@h1,,h2", "an empty host");
    assertMessage("amqp://bob:hunter2@h/a/b", "write it as %2F");
    assertMessage("amqp://bob:hunter2@h?frame_max=1", "unknown option 'frame_max'");
    assertMessage("amqp://bob:hunter2@h?auth_mechanism=kerberos", "unknown auth_mechanism");
  }

  @Test
  void aPasswordWithUnencodedDelimiters_isRefusedWithoutShowingIt() {
    assertMessage("amqp://u:hunter2/x@h", "percent-encode");
    assertMessage("amqp://u:hun@ter2@h", "percent-encode");
    assertMessage("amqp://u:hunter2?@h/v", "percent-encode");
    assertEquals("amqp://u:***@h", BrokerUri.redact("amqp://u:hunter2/x@h"));
    assertEquals("amqp://u:***@h", BrokerUri.redact("amqp://u:hun@ter2@h"));
  }

  @Test
  void redact_hidesThePasswordOfEveryForm() {
    assertEquals("amqp://bob:***@h1:1,h2:2/v", BrokerUri.redact("amqp://bob:pw@h1:1,h2:2/v"));
    assertEquals("amqp://h/v", BrokerUri.redact("amqp://h/v"));
  }

  @Test
  void settingsThatDoNotGoTogether_areRefusedBeforeConnecting() throws Exception {
    SSLContext tls = SSLContext.getDefault();
    assertRefused(new BrokerSettings("amqp://h", tls, null, List.of()), "is not amqps://");
    assertRefused(new BrokerSettings("amqp://h?auth_mechanism=external", null, null, List.of()),
        "logs in with a TLS client certificate");
    assertRefused(new BrokerSettings("amqp://bob:pw@h", null,
        new DefaultCredentialsProvider("bob", "pw"), List.of()), "leave the password out");
    assertRefused(new BrokerSettings("amqp://bob@h", null, null, List.of()),
        "names user 'bob' but no password");
    Connections.check(new BrokerSettings("amqps://h?auth_mechanism=external", tls, null,
        List.of()));
    Connections.check(new BrokerSettings("amqp://bob@h", null,
        new DefaultCredentialsProvider("bob", "pw"), List.of()));
  }

  private static void assertRefused(BrokerSettings settings, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Connections.check(settings));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("pw@"), e.getMessage());
  }

  private static void assertMessage(String uri, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BrokerUri.parse(uri));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
