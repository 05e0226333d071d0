package dev.latchkey.client;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The user an access token speaks for, read from the token's claims without a request to the server
 * ({@code current_user} in PropelAuth). Immutable and thread-safe; collections are unmodifiable and
 * never null, and {@link #loginMethod()} is never null.
 *
 * <p>A route that allows anonymous callers ({@code optionalUser}) gets {@link #anonymous()}, the
 * one user whose {@link #exists()} is false; all of its nullable fields are null and its
 * collections empty.
 *
 * @param userId the user's id, a lower-case UUID; null only for {@link #anonymous()}
 * @param email the primary email address, or null
 * @param firstName the first name, or null
 * @param lastName the last name, or null
 * @param username the username, or null
 * @param legacyUserId the id in a system the user was migrated from, or null
 * @param impersonatorUserId the id of the employee impersonating this user, or null
 * @param properties custom properties, keys as sent (snake_case, unlike PropelAuth's Node client,
 *     which camel-cases them); empty if none
 * @param metadata free-form metadata; empty if none
 * @param loginMethod how the user came by the token
 * @param orgIdToOrgMemberInfo the user's organizations by id; for a token made for one active
 *     organization, only that one
 * @param activeOrgId the organization the token was made for, or null for a token that carries all
 *     of the user's organizations
 */
public record User(
    String userId,
    String email,
    String firstName,
    String lastName,
    String username,
    String legacyUserId,
    String impersonatorUserId,
    Map<String, Object> properties,
    Map<String, Object> metadata,
    LoginMethod loginMethod,
    Map<String, OrgMemberInfo> orgIdToOrgMemberInfo,
    String activeOrgId) {

  private static final User ANONYMOUS =
      new User(null, null, null, null, null, null, null, null, null, null, null, null);

  /** Copies every collection; nulls become empty collections and a null login method unknown. */
  public User {
    properties = Copies.json(properties);
    metadata = Copies.json(metadata);
    loginMethod = loginMethod == null ? LoginMethod.unknown() : loginMethod;
    orgIdToOrgMemberInfo = Copies.map(orgIdToOrgMemberInfo);
  }

  /** The caller of an {@code optionalUser} route who sent no valid access token. */
  public static User anonymous() {
    return ANONYMOUS;
  }

  /** Whether a user is logged in: false only for {@link #anonymous()}. */
  public boolean exists() {
    return userId != null;
  }

  /** Whether an employee is acting as this user ({@link #impersonatorUserId()} is set). */
  public boolean isImpersonating() {
    return impersonatorUserId != null;
  }

  /**
   * The user's membership in the organization with this id.
   *
   * @throws NullPointerException if {@code orgId} is null
   */
  public Optional<OrgMemberInfo> getOrg(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return Optional.ofNullable(orgIdToOrgMemberInfo.get(orgId));
  }

  /**
   * The user's membership in the organization with this name, compared as PropelAuth does: the name
   * is lower-cased, its spaces become dashes, and the result must equal the organization's {@code
   * url_safe_org_name}.
   *
   * @throws NullPointerException if {@code orgName} is null
   */
  public Optional<OrgMemberInfo> getOrgByName(String orgName) {
    Objects.requireNonNull(orgName, "orgName");
    String urlSafe = orgName.toLowerCase(Locale.ROOT).replace(' ', '-');
    return orgIdToOrgMemberInfo.values().stream()
        .filter(o -> urlSafe.equals(o.urlSafeOrgName()))
        .findFirst();
  }

  /** The membership in the organization the token was made for, if it was made for one. */
  public Optional<OrgMemberInfo> getActiveOrg() {
    return activeOrgId == null ? Optional.empty() : getOrg(activeOrgId);
  }
}
