package dev.nanite.bench.scale;

/** The agents' side of {@link Member}. */
public final class MemberActor implements Member {
  private final String identity;

  public MemberActor(String identity) {
    this.identity = identity;
  }

  @Override
  public String whoami() {
    return identity;
  }
}
