package dev.nanite.it.chaos;

import dev.nanite.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

/** {@link BrokerRestartChaos} on an embedded broker restarted on the same port. */
class EmbeddedBrokerRestartTest {
  @Test
  void brokerRestarts_embeddedQpid_underLoad_idempotentSucceedOthersEndLostOrUnavailable()
      throws Exception {
    EmbeddedBroker[] broker = {EmbeddedBroker.start()};
    int port = broker[0].port();
    try {
      BrokerRestartChaos.run("embedded Qpid", new BrokerRestartChaos.Broker() {
        @Override
        public String uri() {
          return broker[0].uri();
        }

        @Override
        public void stop() {
          broker[0].close();
        }

        @Override
        public void start() {
          broker[0] = EmbeddedBroker.start(port);
        }
      });
    } finally {
      broker[0].close();
    }
  }
}
