package dev.nanite.internal.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What a process refused for security; shown with its other counters. */
public final class SecurityStats {
  /** Identities, paths or calls an account may not claim (including those dropped in a flood). */
  public final AtomicLong forbidden = new AtomicLong();
  /** Packets unsigned where signing is required, or signed by an unknown or wrong key. */
  public final AtomicLong badSignature = new AtomicLong();
  /** Signed packets too old, or copies of a request already taken. */
  public final AtomicLong replayed = new AtomicLong();

  AtomicLong of(Refusal refusal) {
    return switch (refusal) {
      case FORBIDDEN -> forbidden;
      case BAD_SIGNATURE -> badSignature;
      case REPLAYED -> replayed;
    };
  }

  /** Adds the counters to {@code counters}. */
  public void addTo(Map<String, Long> counters) {
    counters.put("forbidden", forbidden.get());
    counters.put("badSignature", badSignature.get());
    counters.put("replayed", replayed.get());
  }
}
