package dev.nanite.it.support;

import dev.nanite.AgentInfo;
import dev.nanite.RegistryListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registry listener that records the identities it hears of, per event, in order. */
public final class RecordingListener implements RegistryListener {
  private final List<String> registered = new CopyOnWriteArrayList<>();
  private final List<String> reregistered = new CopyOnWriteArrayList<>();
  private final List<String> unregistered = new CopyOnWriteArrayList<>();
  private final List<String> timedOut = new CopyOnWriteArrayList<>();

  @Override
  public void registered(AgentInfo agent) {
    registered.add(agent.identity());
  }

  @Override
  public void reregistered(AgentInfo agent) {
    reregistered.add(agent.identity());
  }

  @Override
  public void unregistered(AgentInfo agent) {
    unregistered.add(agent.identity());
  }

  @Override
  public void timedOut(AgentInfo agent) {
    timedOut.add(agent.identity());
  }

  /** Every agent that joined the registry: new, or back after it left. */
  public List<String> registered() {
    return registered;
  }

  /** Every registration of an agent already listed (after a reconnect, say). */
  public List<String> reregistered() {
    return reregistered;
  }

  public List<String> unregistered() {
    return unregistered;
  }

  public List<String> timedOut() {
    return timedOut;
  }
}
