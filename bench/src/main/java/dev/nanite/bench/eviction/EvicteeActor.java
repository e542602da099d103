package dev.nanite.bench.eviction;

/** The agents' side of {@link Evictee}. */
public final class EvicteeActor implements Evictee {
  private final String identity;

  public EvicteeActor(String identity) {
    this.identity = identity;
  }

  @Override
  public String whoami() {
    return identity;
  }
}
