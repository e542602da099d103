package dev.nanite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.impl.DefaultCredentialsProvider;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class BrokerTest {
  @Test
  void aUserWithoutAPassword_needsCredentials_checkedWhenBuilt() {
    Broker.Builder builder = Broker.builder("amqp://app@h1,h2/prod"); // parses: no error yet
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("names user 'app' but no password"), e.getMessage());
    Broker broker = builder.credentials(new DefaultCredentialsProvider("app", "secret")).build();
    assertEquals("amqp://app@h1,h2/prod", broker.toString());
  }

  @Test
  void aUriThatDoesNotParse_isRefusedAtOnce_withoutItsPassword() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Broker.builder("amqp://app:secret@h1:http"));
    assertTrue(e.getMessage().contains("port of h1"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void toString_hidesThePassword() throws Exception {
    assertEquals("amqps://app:***@h1:5671/prod",
        Broker.builder("amqps://app:secret@h1:5671/prod").sslContext(SSLContext.getDefault())
            .build().toString());
  }

  @Test
  void bothBuilders_takeTheBrokerOrItsUri() {
    Broker broker = Broker.of("amqp://guest:guest@localhost:5672");
    Agent.builder().broker(broker).uri("amqp://guest:guest@localhost:5672");
    Mapper.builder().broker(broker).uri("amqp://guest:guest@localhost:5672");
    assertThrows(IllegalArgumentException.class, () -> Agent.builder().uri("http://h"));
    assertThrows(IllegalArgumentException.class, () -> Mapper.builder().uri("amqp://h:0"));
  }
}
