package dev.nanite;

import java.util.Collection;
import java.util.Set;

/**
 * Which callers an agent runs a path for. The agent asks it for every request, with the broker
 * account the request was published with (its AMQP {@code user-id}, empty if it carries none);
 * a request it refuses gets the error {@code nanite.Forbidden} and is not run.
 *
 * <p>On RabbitMQ the account is the one the caller's connection logged in with, which the broker
 * checks; see {@link AccountPolicy} for what the embedded broker does. Implementations must be
 * thread-safe and fast.
 */
@FunctionalInterface
public interface CallerPolicy {
  /** Whether the caller publishing as {@code account} may call {@code path}. */
  boolean allows(String path, String account);

  /** Every caller, the default. */
  static CallerPolicy anyone() {
    return (path, account) -> true;
  }

  /** Only callers publishing as one of {@code accounts}, for every path. */
  static CallerPolicy accounts(Collection<String> accounts) {
    Set<String> allowed = Set.copyOf(accounts);
    return (path, account) -> allowed.contains(account);
  }
}
