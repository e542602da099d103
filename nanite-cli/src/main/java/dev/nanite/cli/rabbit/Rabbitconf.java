package dev.nanite.cli.rabbit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * @param password the password of the accounts it creates
 */
public record Rabbitconf(String vhost, String mapperUser, String agentPrefix, int agents,
    String password) {

  /** Checks the settings. */
  public Rabbitconf {
    if (vhost.isBlank() || mapperUser.isBlank() || agentPrefix.isBlank()) {
      throw new IllegalArgumentException("the vhost, mapper user and agent prefix must be"
          + " non-blank");
    }
    if (agents < 0 || agents > 1000) {
      throw new IllegalArgumentException("agents must be 0 to 1000, not " + agents);
    }
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
    account(admin, mapperUser, Permissions.MAPPER, report);
    for (String agent : agentUsers()) {
      account(admin, agent, Permissions.AGENT, report);
    }
  }

  private void account(RabbitAdmin admin, String user, Permissions wanted,
      Consumer<String> report) throws RabbitAdminException {
    if (admin.userExists(user)) {
      report.accept("user " + user + ": exists (password left as it is)");
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
