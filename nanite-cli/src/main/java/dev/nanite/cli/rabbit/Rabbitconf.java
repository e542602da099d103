package dev.nanite.cli.rabbit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The seed's {@code rabbitconf}: a vhost for one Nanite fabric, a mapper account and agent
 * accounts ({@code nanite1}, {@code nanite2}, ...) with the permissions each needs
 * ({@link Permissions#MAPPER}, {@link Permissions#AGENT}). Idempotent: what exists is left as it
 * is (a user's password included) and reported so; permissions that differ are set again. Each
 * action is reported as it is done.
 *
 * @param vhost the vhost, such as {@code /nanite}
 * @param mapperUser the mapper account
 * @param agentPrefix agent accounts are this prefix and a number from 1
 * @param agents how many agent accounts
 * <p>For secure mode ({@code secure}), each account's own queues are those named as secure mode
 * names its processes ({@link Permissions#secureAgent}, {@link Permissions#secureMapper}), and
 * no account name is another's followed by a dash, as that account could claim the other's
 * identities. Either way no account keeps the {@code impersonator} tag, which would let it
 * publish under any account's name: secure mode relies on RabbitMQ refusing that.
 *
 * @param password the password of the accounts it creates
 * @param secure whether the permissions fit secure mode
 */
public record Rabbitconf(String vhost, String mapperUser, String agentPrefix, int agents,
    String password, boolean secure) {
  /** The tag that lets a RabbitMQ user publish with another user's {@code user-id}. */
  public static final String IMPERSONATOR = "impersonator";

  /** Checks the settings. */
  public Rabbitconf {
    if (vhost.isBlank() || mapperUser.isBlank() || agentPrefix.isBlank()) {
      throw new IllegalArgumentException("the vhost, mapper user and agent prefix must be"
          + " non-blank");
    }
    if (agents < 0 || agents > 1000) {
      throw new IllegalArgumentException("agents must be 0 to 1000, not " + agents);
    }
    if (secure) {
      List<String> accounts = new ArrayList<>(List.of(mapperUser));
      for (int i = 1; i <= agents; i++) {
        accounts.add(agentPrefix + i);
      }
      for (String a : accounts) {
        for (String b : accounts) {
          if (b.startsWith(a + "-")) {
            throw new IllegalArgumentException("in secure mode account '" + a + "' may act as"
                + " '" + a + "-...', which takes in account '" + b + "' and its identities:"
                + " choose a mapper user and an agent prefix that are not one another's"
                + " followed by a dash");
          }
        }
      }
    }
  }

  /** The seed's set-up, for open mode. */
  public Rabbitconf(String vhost, String mapperUser, String agentPrefix, int agents,
      String password) {
    this(vhost, mapperUser, agentPrefix, agents, password, false);
  }

  /** The permissions of the mapper account. */
  public Permissions mapperPermissions() {
    return secure ? Permissions.secureMapper(mapperUser) : Permissions.MAPPER;
  }

  /** The permissions of agent account {@code user}. */
  public Permissions agentPermissions(String user) {
    return secure ? Permissions.secureAgent(user) : Permissions.AGENT;
  }

  /** The agent account names. */
  public List<String> agentUsers() {
    List<String> users = new ArrayList<>();
    for (int i = 1; i <= agents; i++) {
      users.add(agentPrefix + i);
    }
    return users;
  }

  /** Creates what is missing and reports each step to {@code report}. */
  public void apply(RabbitAdmin admin, Consumer<String> report) throws RabbitAdminException {
    if (admin.vhostExists(vhost)) {
      report.accept("vhost " + vhost + ": exists");
    } else {
      admin.addVhost(vhost);
      report.accept("vhost " + vhost + ": created");
    }
    account(admin, mapperUser, mapperPermissions(), report);
    for (String agent : agentUsers()) {
      account(admin, agent, agentPermissions(agent), report);
    }
  }

  private void account(RabbitAdmin admin, String user, Permissions wanted,
      Consumer<String> report) throws RabbitAdminException {
    Optional<Set<String>> tags = admin.userTags(user);
    if (tags.isPresent()) {
      report.accept("user " + user + ": exists (password left as it is)");
      if (tags.get().contains(IMPERSONATOR)) {
        Set<String> kept = new TreeSet<>(tags.get());
        kept.remove(IMPERSONATOR);
        admin.setUserTags(user, kept);
        report.accept("user " + user + ": tag " + IMPERSONATOR + " removed (it lets the account"
            + " publish under any account's name)");
      }
    } else {
      admin.addUser(user, password);
      report.accept("user " + user + ": created");
    }
    Optional<Permissions> current = admin.permissions(vhost, user);
    String what = "permissions of " + user + " on " + vhost;
    if (current.isPresent() && current.get().equals(wanted)) {
      report.accept(what + ": unchanged");
    } else {
      admin.setPermissions(vhost, user, wanted);
      report.accept(what + ": " + (current.isPresent() ? "updated" : "set") + " (" + wanted + ")");
    }
  }

  /** Deletes the accounts and the vhost, those that exist, reporting each step. */
  public void delete(RabbitAdmin admin, Consumer<String> report) throws RabbitAdminException {
    List<String> users = new ArrayList<>(List.of(mapperUser));
    users.addAll(agentUsers());
    for (String user : users) {
      if (admin.userExists(user)) {
        admin.deleteUser(user);
        report.accept("user " + user + ": deleted");
      } else {
        report.accept("user " + user + ": absent");
      }
    }
    if (admin.vhostExists(vhost)) {
      admin.deleteVhost(vhost);
      report.accept("vhost " + vhost + ": deleted");
    } else {
      report.accept("vhost " + vhost + ": absent");
    }
  }
}
