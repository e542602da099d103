package dev.nanite.it.support;

import dev.nanite.AgentInfo;
import dev.nanite.RegistryListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registry listener that records the identities it hears of, per event, in order. */
public final class RecordingListener implements RegistryListener {
  private final List<String> registered = new CopyOnWriteArrayList<>();
  private final List<String> unregistered = new CopyOnWriteArrayList<>();
  private final List<String> timedOut = new CopyOnWriteArrayList<>();

  @Override
  public void registered(AgentInfo agent) {
    registered.add(agent.identity());
  }

  @Override
  public void unregistered(AgentInfo agent) {
    unregistered.add(agent.identity());
  }

  @Override
  public void timedOut(AgentInfo agent) {
    timedOut.add(agent.identity());
  }

  /** Every registration heard, re-registrations included. */
  public List<String> registered() {
    return registered;
  }

  public List<String> unregistered() {
    return unregistered;
  }

  public List<String> timedOut() {
    return timedOut;
  }
}
