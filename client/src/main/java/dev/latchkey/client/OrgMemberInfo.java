package dev.latchkey.client;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A user's membership in one organization, with the role list and permissions the server
 * precomputes from the project's role hierarchy. Immutable and thread-safe; collections are
 * unmodifiable and never null.
 *
 * <p>The role checks follow PropelAuth's semantics: in the default {@code single_role_in_hierarchy}
 * structure, {@link #isRole} compares with the user's role and {@link #isAtLeastRole} looks the
 * role up in {@link #inheritedUserRolesPlusCurrentRole}; in the {@code multi_role} structure both
 * also accept any of {@link #additionalRoles}.
 *
 * @param orgId the organization's id
 * @param orgName the organization's name
 * @param urlSafeOrgName the URL-safe form of the name
 * @param orgMetadata the organization's metadata; empty if none
 * @param userRole the user's role in the organization
 * @param inheritedUserRolesPlusCurrentRole the user's role and every role below it, highest first
 * @param userPermissions the union of the permissions of the user's roles
 * @param orgRoleStructure {@code single_role_in_hierarchy} or {@code multi_role}
 * @param additionalRoles roles held in addition to {@code userRole}
 * @param legacyOrgId the organization's id in a system it was migrated from, or null
 */
public record OrgMemberInfo(
    String orgId,
    String orgName,
    String urlSafeOrgName,
    Map<String, Object> orgMetadata,
    String userRole,
    List<String> inheritedUserRolesPlusCurrentRole,
    List<String> userPermissions,
    String orgRoleStructure,
    List<String> additionalRoles,
    String legacyOrgId) {

  /** The structure in which each member holds several unordered roles. */
  public static final String MULTI_ROLE = "multi_role";

  /** Copies every collection; nulls become empty collections. */
  public OrgMemberInfo {
    orgMetadata = Copies.json(orgMetadata);
    inheritedUserRolesPlusCurrentRole = Copies.list(inheritedUserRolesPlusCurrentRole);
    userPermissions = Copies.list(userPermissions);
    additionalRoles = Copies.list(additionalRoles);
  }

  /**
   * Whether the user holds exactly {@code role} (or, in {@code multi_role}, holds it among the
   * additional roles).
   *
   * @throws NullPointerException if {@code role} is null
   */
  public boolean isRole(String role) {
    Objects.requireNonNull(role, "role");
    return role.equals(userRole) || (multiRole() && additionalRoles.contains(role));
  }

  /**
   * Whether the user's role is {@code role} or above it in the hierarchy. In {@code multi_role}
   * there is no hierarchy, and this is {@link #isRole}.
   *
   * @throws NullPointerException if {@code role} is null
   */
  public boolean isAtLeastRole(String role) {
    Objects.requireNonNull(role, "role");
    return multiRole() ? isRole(role) : inheritedUserRolesPlusCurrentRole.contains(role);
  }

  /**
   * Whether the user's roles grant {@code permission}.
   *
   * @throws NullPointerException if {@code permission} is null
   */
  public boolean hasPermission(String permission) {
    Objects.requireNonNull(permission, "permission");
    return userPermissions.contains(permission);
  }

  /**
   * Whether the user's roles grant every one of {@code permissions}; true for an empty collection.
   *
   * @throws NullPointerException if {@code permissions} or one of its elements is null
   */
  public boolean hasAllPermissions(Collection<String> permissions) {
    Objects.requireNonNull(permissions, "permissions");
    for (String p : permissions) {
      if (!hasPermission(p)) {
        return false;
      }
    }
    return true;
  }

  private boolean multiRole() {
    return MULTI_ROLE.equals(orgRoleStructure);
  }
}
