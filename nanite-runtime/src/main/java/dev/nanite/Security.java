package dev.nanite;

import dev.nanite.internal.amqp.Connections;

/** The identity checks the builders share in secure mode and when signing. */
final class Security {
  private Security() {}

  /**
   * The identity a process starts with: the one given, or a default (named after its account
   * in secure mode); refused if its own account or key could not claim it, as every packet it
   * sent would then be refused.
   *
   * @param given the identity the builder was given, or null
   * @param open the default in open mode
   * @param suffix what follows the account in secure mode's default
   */
  static String identity(String given, String open, String suffix, Broker broker,
      AccountPolicy policy, Signing signing) {
    String account = Connections.account(broker.settings());
    String identity = given != null ? given
        : policy != null && !account.isEmpty() ? account + "-" + suffix : open;
    if (policy != null) {
      if (account.isEmpty()) {
        throw new IllegalArgumentException("secure mode needs the broker account: with"
            + " auth_mechanism=external, name it in the URI (amqps://<account>@host/...)");
      }
      if (!policy.mayClaim(account, identity)) {
        throw new IllegalArgumentException("account '" + account + "' may not act as '"
            + identity + "' under the account policy, so every packet would be refused: choose"
            + " an identity it may claim (by default '" + account + "' or '" + account
            + "-...')");
      }
    }
    if (signing != null) {
      TrustedKeys.Key own = signing.trusted().all().get(signing.keyId());
      if (own != null && !own.signsFor(identity)) {
        throw new IllegalArgumentException("key '" + signing.keyId() + "' signs for '"
            + own.identities() + "' only, not for identity '" + identity + "': every packet"
            + " would be refused; choose an identity the key signs for");
      }
    }
    return identity;
  }
}
