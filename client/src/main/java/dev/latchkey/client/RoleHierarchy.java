package dev.latchkey.client;

import java.util.List;
import java.util.Optional;

/**
 * The project's roles, highest first, with what each implies. Immutable and thread-safe;
 * collections are unmodifiable and never null.
 *
 * @param orgRoleStructure {@code single_role_in_hierarchy} or {@code multi_role}
 * @param roles every role, highest first
 */
public record RoleHierarchy(String orgRoleStructure, List<Role> roles) {

  /** Copies the list; null becomes an empty list. */
  public RoleHierarchy {
    roles = Copies.list(roles);
  }

  /**
   * One role.
   *
   * @param name the role's name, such as {@code Admin}
   * @param inheritedRoles the role itself and every role below it, highest first
   * @param permissions the permissions the role grants
   */
  public record Role(String name, List<String> inheritedRoles, List<String> permissions) {

    /** Copies the lists; nulls become empty lists. */
    public Role {
      inheritedRoles = Copies.list(inheritedRoles);
      permissions = Copies.list(permissions);
    }
  }

  /** The role names, highest first. */
  public List<String> roleNames() {
    return roles.stream().map(Role::name).toList();
  }

  /** The role called {@code name}, if there is one. */
  public Optional<Role> role(String name) {
    return roles.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
