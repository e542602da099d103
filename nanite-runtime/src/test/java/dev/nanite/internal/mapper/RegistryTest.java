package dev.nanite.internal.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The path index: every agent serving a path, sorted by identity, whatever the order of events. */
class RegistryTest {
  private final Registry registry = new Registry();

  @Test
  void agentsRegisteringInAnyOrder_listedOncePerPathSortedByIdentity() {
    List<String> identities = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      identities.add("agent-" + i);
    }
    Collections.shuffle(identities, new Random(7));
    for (String identity : identities) {
      boolean added = registry.register(register(identity, "f1", "/a", "/b"), System.nanoTime());
      assertTrue(added, identity);
    }
    Collections.sort(identities);
    assertEquals(identities, names(registry.serving("/a")));
    assertEquals(identities, names(registry.serving("/b")));
    assertEquals(0, registry.serving("/c").length);
  }

  @Test
  void sameServicesAgain_indexUnchangedStateUpdated() {
    registry.register(register("x", "f1", "/a"), 1);
    registry.register(register("y", "f1", "/a"), 2);
    AgentState[] before = registry.serving("/a");
    assertFalse(registry.register(register("x", "f1", "/a").toBuilder().setStatus(3).build(), 3));
    assertSame(before, registry.serving("/a"), "the index was not rebuilt");
    assertEquals(3.0, registry.get("x").status);
  }

  @Test
  void changedServices_indexFollows() throws Exception {
    registry.register(register("x", "f1", "/a"), 1);
    registry.register(register("y", "f1", "/a"), 2);
    registry.register(register("x", "f1", "/b"), 3);
    assertEquals(List.of("y"), names(registry.serving("/a")));
    assertEquals(List.of("x"), names(registry.serving("/b")));

    registry.register(register("y", "f2", "/a"), 4);
    assertTrue(registry.awaitServing("/a", "f2", 1, 0), "the new fingerprint is counted");
    assertFalse(registry.awaitServing("/a", "f1", 1, 0), "the old one no longer");
  }

  @Test
  void removedAndBack_listedOnce() {
    registry.register(register("x", "f1", "/a"), 1);
    registry.register(register("y", "f1", "/a"), 2);
    registry.remove("x");
    assertEquals(List.of("y"), names(registry.serving("/a")));
    assertTrue(registry.register(register("x", "f1", "/a"), 3));
    assertEquals(List.of("x", "y"), names(registry.serving("/a")));
  }

  private static Register register(String identity, String fingerprint, String... paths) {
    Register.Builder register = Register.newBuilder().setIdentity(identity)
        .setPingIntervalMillis(1_000);
    for (String path : paths) {
      register.addServices(Service.newBuilder().setPath(path).setFingerprint(fingerprint));
    }
    return register.build();
  }

  private static List<String> names(AgentState[] states) {
    return Arrays.stream(states).map(s -> s.identity).toList();
  }
}
