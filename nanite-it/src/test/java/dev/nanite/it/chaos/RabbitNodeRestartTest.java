package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nanite.it.support.RabbitNode;
import org.junit.jupiter.api.Test;

/** {@link BrokerRestartChaos} on a private RabbitMQ node, stopped and started again. */
class RabbitNodeRestartTest {
  @Test
  void brokerRestarts_rabbitMqNode_underLoad_idempotentSucceedOthersEndLostOrUnavailable()
      throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private node to restart");
    try (RabbitNode node = RabbitNode.start()) {
      BrokerRestartChaos.run("private RabbitMQ node", new BrokerRestartChaos.Broker() {
        @Override
        public String uri() {
          return node.uri();
        }

        @Override
        public void stop() throws Exception {
          node.stop();
        }

        @Override
        public void start() throws Exception {
          node.restart();
        }
      });
    }
  }
}
