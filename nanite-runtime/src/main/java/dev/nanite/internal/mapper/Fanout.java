package dev.nanite.internal.mapper;

import dev.nanite.internal.amqp.CallToAll;
import java.util.List;

/**
 * How calls and pushes to all reach their agents with one message (see {@link CallToAll}).
 *
 * @param bcc whether the broker routes by BCC header, so that one message reaches any agents
 */
record Fanout(boolean bcc) {
  /**
   * Whether one message can reach all of {@code agents}: there are several, and the broker
   * routes by BCC or every one of them is bound to the exchange of calls to all.
   */
  boolean reachableAsOne(List<AgentState> agents) {
    if (agents.size() < 2) {
      return false;
    }
    for (int i = 0; i < agents.size() && !bcc; i++) {
      if (!agents.get(i).allExchange) {
        return false;
      }
    }
    return true;
  }

  /** Where the one message for {@code agents} goes, and the headers that name them. */
  CallToAll.Route route(List<AgentState> agents) {
    return CallToAll.route(bcc, agents.stream().map(agent -> agent.identity).toList());
  }
}
