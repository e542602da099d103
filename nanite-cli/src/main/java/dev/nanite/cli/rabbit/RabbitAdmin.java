package dev.nanite.cli.rabbit;

import java.util.Optional;
import java.util.Set;

/** The RabbitMQ administration {@code nanite rabbitconf} needs: vhosts, users, permissions. */
public interface RabbitAdmin {
  /** How this talks to RabbitMQ, for messages: {@code rabbitmqctl}, or the management URL. */
  String describe();

  /** Whether the vhost exists. */
  boolean vhostExists(String vhost) throws RabbitAdminException;

  /** Creates a vhost. */
  void addVhost(String vhost) throws RabbitAdminException;

  /** Deletes a vhost and everything in it. */
  void deleteVhost(String vhost) throws RabbitAdminException;

  /** Whether the user exists. */
  boolean userExists(String user) throws RabbitAdminException;

  /** Creates a user with no tags (no management access). */
  void addUser(String user, String password) throws RabbitAdminException;

  /** The user's tags ({@code administrator}, {@code impersonator}, ...), if the user exists. */
  Optional<Set<String>> userTags(String user) throws RabbitAdminException;

  /** Sets the user's tags, leaving its password as it is. */
  void setUserTags(String user, Set<String> tags) throws RabbitAdminException;

  /** Deletes a user. */
  void deleteUser(String user) throws RabbitAdminException;

  /** The user's permissions on the vhost, if any are set. */
  Optional<Permissions> permissions(String vhost, String user) throws RabbitAdminException;

  /** Sets the user's permissions on the vhost. */
  void setPermissions(String vhost, String user, Permissions permissions)
      throws RabbitAdminException;
}
