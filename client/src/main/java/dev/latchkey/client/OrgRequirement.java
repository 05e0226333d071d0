package dev.latchkey.client;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a route requires of the user's membership in an organization, beyond being a member: an
 * exact role, a minimum role, one permission or several. The checks are {@link OrgMemberInfo}'s and
 * use only the token's data. Immutable and thread-safe.
 */
public final class OrgRequirement {
  private enum Kind {
    MEMBER,
    EXACT_ROLE,
    MINIMUM_ROLE,
    PERMISSION,
    ALL_PERMISSIONS
  }

  private static final OrgRequirement MEMBER = new OrgRequirement(Kind.MEMBER, null, List.of());

  private final Kind kind;
  private final String role;
  private final List<String> permissions;

  private OrgRequirement(Kind kind, String role, List<String> permissions) {
    this.kind = kind;
    this.role = role;
    this.permissions = permissions;
  }

  /** Any member ({@code require_org_member}). */
  public static OrgRequirement member() {
    return MEMBER;
  }

  /**
   * A member whose role is exactly {@code role} ({@link OrgMemberInfo#isRole}).
   *
   * @throws NullPointerException if {@code role} is null
   */
  public static OrgRequirement exactRole(String role) {
    return new OrgRequirement(Kind.EXACT_ROLE, Objects.requireNonNull(role, "role"), List.of());
  }

  /**
   * A member whose role is {@code role} or above it ({@link OrgMemberInfo#isAtLeastRole}).
   *
   * @throws NullPointerException if {@code role} is null
   */
  public static OrgRequirement minimumRole(String role) {
    return new OrgRequirement(Kind.MINIMUM_ROLE, Objects.requireNonNull(role, "role"), List.of());
  }

  /**
   * A member whose roles grant {@code permission} ({@link OrgMemberInfo#hasPermission}).
   *
   * @throws NullPointerException if {@code permission} is null
   */
  public static OrgRequirement permission(String permission) {
    return new OrgRequirement(
        Kind.PERMISSION, null, List.of(Objects.requireNonNull(permission, "permission")));
  }

  /**
   * A member whose roles grant every one of {@code permissions} ({@link
   * OrgMemberInfo#hasAllPermissions}); any member for an empty collection.
   *
   * @throws NullPointerException if {@code permissions} or one of its elements is null
   */
  public static OrgRequirement allPermissions(Collection<String> permissions) {
    return new OrgRequirement(Kind.ALL_PERMISSIONS, null, List.copyOf(permissions));
  }

  /** Whether {@code member} meets this requirement. */
  public boolean isSatisfiedBy(OrgMemberInfo member) {
    Objects.requireNonNull(member, "member");
    return switch (kind) {
      case MEMBER -> true;
      case EXACT_ROLE -> member.isRole(role);
      case MINIMUM_ROLE -> member.isAtLeastRole(role);
      case PERMISSION -> member.hasPermission(permissions.get(0));
      case ALL_PERMISSIONS -> member.hasAllPermissions(permissions);
    };
  }

  /**
   * The user's membership in {@code org}, provided it meets this requirement.
   *
   * @throws ForbiddenException if the user is not a member of {@code org} or the membership does
   *     not meet this requirement (also for {@link User#anonymous()})
   */
  public OrgMemberInfo check(User user, RequiredOrg org) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(org, "org");
    OrgMemberInfo member = org.find(user);
    if (member == null) {
      throw new ForbiddenException(
          "user " + user.userId() + " is not a member of the required org " + describe(org));
    }
    if (!isSatisfiedBy(member)) {
      throw new ForbiddenException(
          "user "
              + user.userId()
              + " is a member of org "
              + member.orgId()
              + " but does not have "
              + this);
    }
    return member;
  }

  /** The org as the request named it: it may come from a URL, so it is cut short and cleaned. */
  private static String describe(RequiredOrg org) {
    String given = org.orgId() != null ? org.orgId() : "named " + org.orgName();
    String shown = given.length() > 100 ? given.substring(0, 100) + "…" : given;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  /** Names the requirement, such as {@code minimum role Admin}. */
  @Override
  public String toString() {
    return switch (kind) {
      case MEMBER -> "membership";
      case EXACT_ROLE -> "exact role " + role;
      case MINIMUM_ROLE -> "minimum role " + role;
      case PERMISSION -> "permission " + permissions.get(0);
      case ALL_PERMISSIONS -> "all permissions " + permissions;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrgRequirement r
        && kind == r.kind
        && Objects.equals(role, r.role)
        && permissions.equals(r.permissions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, role, permissions);
  }
}
