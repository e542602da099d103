package dev.nanite;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Which identities, and which paths, a broker account may claim on a fabric in secure mode.
 *
 * <p>Every packet an agent or a mapper publishes carries its broker account in the AMQP
 * {@code user-id} property, which RabbitMQ checks against the account the connection logged in
 * with (and the embedded broker too). A mapper or agent built with {@code secure(policy)} takes
 * a registration, ping, unregistration, result or request only when its account may claim the
 * identity inside it, and a registration's paths only when that account may serve them: a
 * holder of one agent account can then neither pose as another agent nor take its calls.
 *
 * <p>Implementations must be thread-safe and fast: they are asked for every packet.
 */
@FunctionalInterface
public interface AccountPolicy {
  /** Whether {@code account} may publish as the agent or mapper named {@code identity}. */
  boolean mayClaim(String account, String identity);

  /** Whether {@code account} may serve {@code path}; by default any path. */
  default boolean mayServe(String account, String path) {
    return true;
  }

  /**
   * The default policy: an account claims the identity of its own name and those that start
   * with its name and a dash. Account {@code nanite3} may be {@code nanite3} and
   * {@code nanite3-worker-1}, not {@code nanite31} nor {@code nanite4}.
   */
  static AccountPolicy byName() {
    return (account, identity) -> identity.equals(account)
        || (identity.length() > account.length() + 1 && identity.startsWith(account)
            && identity.charAt(account.length()) == '-');
  }

  /**
   * This policy, with the paths each listed account may serve: exact paths, or prefixes
   * ending in {@code /*} ({@code /billing/*}). Accounts not listed may serve any path.
   *
   * @throws IllegalArgumentException for a pattern that is not a path
   */
  default AccountPolicy servingOnly(Map<String, ? extends Collection<String>> pathsByAccount) {
    Map<String, Set<String>> paths = Map.copyOf(pathsByAccount.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> {
          for (String pattern : e.getValue()) {
            if (!pattern.startsWith("/")) {
              throw new IllegalArgumentException("path pattern '" + pattern + "' for account "
                  + e.getKey() + " must start with '/' (a path, or a prefix ending in /*)");
            }
          }
          return Set.copyOf(e.getValue());
        })));
    AccountPolicy identities = this;
    return new AccountPolicy() {
      @Override
      public boolean mayClaim(String account, String identity) {
        return identities.mayClaim(account, identity);
      }

      @Override
      public boolean mayServe(String account, String path) {
        Set<String> allowed = paths.get(account);
        if (allowed == null) {
          return identities.mayServe(account, path);
        }
        for (String pattern : allowed) {
          if (pattern.endsWith("/*")
              ? path.startsWith(pattern.substring(0, pattern.length() - 1))
              : pattern.equals(path)) {
            return true;
          }
        }
        return false;
      }
    };
  }
}
