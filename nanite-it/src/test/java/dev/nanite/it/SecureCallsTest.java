package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AccountPolicy;
import dev.nanite.Agent;
import dev.nanite.Broker;
import dev.nanite.CallOptions;
import dev.nanite.CallerPolicy;
import dev.nanite.Mapper;
import dev.nanite.RemoteException;
import dev.nanite.Selector;
import dev.nanite.Signing;
import dev.nanite.TrustedKeys;
import dev.nanite.internal.security.Keys;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.fixtures.WorkPaths;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.security.KeyPair;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Secure mode and signing between honest processes, on the suite's broker: calls work, the
 * identities follow the account, and an agent's caller policy refuses with nanite.Forbidden.
 * (The hostile cases, with rogue accounts, are in the security package.)
 */
class SecureCallsTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String account = Broker.of(Brokers.uri()).account();
  private final CallOptions options = CallOptions.DEFAULT.withTags(run)
      .withTimeout(Duration.ofSeconds(10));

  @Test
  void secureProcessesAreNamedAfterTheirAccountAndServeEachOther() throws Exception {
    AccountPolicy policy = AccountPolicy.byName();
    try (Agent agent = Agent.builder().uri(Brokers.uri()).secure(policy).tags(run)
            .actor(new WorkActor("secure")).start();
        Mapper mapper = Mapper.builder().uri(Brokers.uri()).secure(policy).start()) {
      assertTrue(agent.identity().startsWith(account + "-"), agent.identity());
      assertTrue(mapper.identity().startsWith(account + "-"), mapper.identity());
      assertEquals("secure", new WorkClient(mapper).whoami(Selector.LEAST_LOADED, options)
          .get(10, TimeUnit.SECONDS));
      assertEquals(0L, mapper.counters().get("forbidden"));
    }
  }

  @Test
  void anIdentityTheAccountMayNotClaimIsRefusedAtStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Agent.builder().uri(Brokers.uri()).secure(AccountPolicy.byName())
            .identity("someone-else-" + run).actor(new WorkActor("x")).start());
    assertTrue(e.getMessage().contains("may not act as 'someone-else-" + run + "'"),
        e.getMessage());
  }

  @Test
  void theCallerPolicyRefusesWithForbidden() throws Exception {
    try (Agent agent = Agent.builder().uri(Brokers.uri()).tags(run)
            .callers((path, caller) -> !path.equals(WorkPaths.BOOM))
            .actor(new WorkActor("picky")).start();
        Mapper mapper = Mapper.builder().uri(Brokers.uri()).start()) {
      WorkClient work = new WorkClient(mapper);
      assertEquals("picky", work.whoami(Selector.LEAST_LOADED, options).get(10, TimeUnit.SECONDS));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> work.boom("no", Selector.LEAST_LOADED, options).get(10, TimeUnit.SECONDS));
      RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
      assertEquals("nanite.Forbidden", remote.errorType());
      assertTrue(remote.getMessage().contains("account '" + account + "'"), remote.getMessage());
      assertEquals(1L, agent.counters().get("forbidden"));
    }
  }

  @Test
  void signedCallsWorkAndAnUntrustedSignerIsNotAnswered() throws Exception {
    KeyPair agentKey = Keys.generate();
    KeyPair mapperKey = Keys.generate();
    KeyPair strangerKey = Keys.generate();
    TrustedKeys trusted = TrustedKeys.builder()
        .add("agent-key", account + "-*", agentKey.getPublic())
        .add("mapper-key", account + "-*", mapperKey.getPublic())
        .build();
    AccountPolicy policy = AccountPolicy.byName();
    try (Agent agent = Agent.builder().uri(Brokers.uri()).secure(policy).tags(run)
            .signing(Signing.builder().key("agent-key", agentKey.getPrivate()).trust(trusted)
                .build())
            .actor(new WorkActor("signed")).start();
        Mapper mapper = Mapper.builder().uri(Brokers.uri()).secure(policy)
            .signing(Signing.builder().key("mapper-key", mapperKey.getPrivate()).trust(trusted)
                .build()).start();
        Mapper stranger = Mapper.builder().uri(Brokers.uri())
            .signing(Signing.builder().key("stranger", strangerKey.getPrivate())
                .trust(TrustedKeys.builder().add("agent-key", account + "-*",
                    agentKey.getPublic()).build()).build()).start()) {
      WorkClient work = new WorkClient(mapper);
      for (int i = 0; i < 20; i++) {
        assertEquals("signed", work.whoami(Selector.LEAST_LOADED, options)
            .get(10, TimeUnit.SECONDS));
      }
      // The agent refuses the stranger's call to register (the stranger's key is not trusted),
      // so the stranger never learns of it: a ping names an agent, only a registration says
      // what it serves.
      Await.until("the agent refused the stranger's call to register", Duration.ofSeconds(10),
          () -> agent.counters().get("badSignature") >= 1);
      assertFalse(stranger.awaitAgents(WorkPaths.WHOAMI, 1, Duration.ofSeconds(1)));
      assertEquals(0L, agent.counters().get("forbidden"));
    }
  }
}
