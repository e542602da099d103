package dev.nanite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What metadata accepts, and the errors that name what it refuses. */
class MetadataTest {
  @Test
  void holdsTextAndBytesUnderTheirKeys() {
    Metadata metadata = Metadata.EMPTY.with("request-id", "7f3a")
        .withBinary("token-bin", new byte[] {1, 2, 3});
    assertEquals(Optional.of("7f3a"), metadata.get("request-id"));
    assertArrayEquals(new byte[] {1, 2, 3}, metadata.getBinary("token-bin").orElseThrow());
    assertEquals(Set.of("request-id", "token-bin"), metadata.keys());
    assertEquals(Optional.empty(), metadata.get("absent"));
    assertEquals("{request-id=7f3a, token-bin=3 bytes}", metadata.toString());
  }

  @Test
  void laterEntriesWinAndRemovingLeavesTheRest() {
    Metadata first = Metadata.EMPTY.with("tenant", "acme").with("region", "eu");
    Metadata merged = first.withAll(Metadata.EMPTY.with("tenant", "globex"));
    assertEquals(Optional.of("globex"), merged.get("tenant"));
    assertEquals(Optional.of("eu"), merged.get("region"));
    assertEquals(Set.of("region"), merged.without("tenant").keys());
    assertEquals(Optional.of("acme"), first.get("tenant"), "immutable");
  }

  @Test
  void refusesBadKeysAndTooMuchNamingWhy() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Metadata.EMPTY.with("Request-Id", "x")).getMessage()
        .contains("'Request-Id' is not 1 to 64 characters of a-z 0-9 . _ -"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Metadata.EMPTY.with("token-bin", "x")).getMessage().contains("withBinary"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Metadata.EMPTY.withBinary("token", new byte[1])).getMessage()
        .contains("ending in -bin"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Metadata.EMPTY.with("big", "x".repeat(Metadata.MAX_BYTES))).getMessage()
        .contains("over the limit of 8192"));
  }

  @Test
  void callOptionsCarryIt() {
    CallOptions options = CallOptions.DEFAULT.withMetadata("tenant", "acme")
        .withMetadata(Metadata.EMPTY.with("request-id", "r-1"));
    assertEquals(Set.of("request-id", "tenant"), options.metadata().keys());
    assertTrue(options.toString().contains("metadata={request-id=r-1, tenant=acme}"),
        options.toString());
    assertTrue(CallOptions.DEFAULT.metadata().isEmpty());
  }
}
