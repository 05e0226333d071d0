package dev.latchkey.client;

import java.util.List;
import java.util.Map;

/**
 * A user as the backend API returns it ({@code UserMetadata} in PropelAuth). Immutable and
 * thread-safe; collections are unmodifiable and never null.
 *
 * @param userId the user's id, a lower-case UUID
 * @param email the primary email address, lower case
 * @param emailConfirmed whether the address is confirmed
 * @param hasPassword whether the user can log in with a password
 * @param username the username, or null if none is set
 * @param firstName the first name, or null
 * @param lastName the last name, or null
 * @param pictureUrl the picture URL, or null
 * @param locked whether the account is locked for security reasons
 * @param enabled whether the user may log in
 * @param mfaEnabled whether the user has set up two-factor authentication
 * @param canCreateOrgs whether the user may create organizations
 * @param createdAt when the user was created, in unix seconds
 * @param lastActiveAt when the user was last active, in unix seconds
 * @param updatePasswordRequired whether the user must set a new password at the next login
 * @param legacyUserId the id in the system the user was migrated from, or null
 * @param impersonatorUserId the impersonating employee's id, or null (not issued by Latchkey yet)
 * @param metadata free-form metadata set through the backend API; empty if none
 * @param properties custom properties; empty if none
 * @param orgIdToOrgInfo the user's organizations by org id; only filled when the call asked to
 *     include orgs, empty otherwise
 * @param roleInOrg the user's role in the org of a {@code fetchUsersInOrg} call, null otherwise
 * @param additionalRolesInOrg additional roles in the org of a {@code fetchUsersInOrg} call, empty
 *     otherwise
 */
public record UserMetadata(
    String userId,
    String email,
    boolean emailConfirmed,
    boolean hasPassword,
    String username,
    String firstName,
    String lastName,
    String pictureUrl,
    boolean locked,
    boolean enabled,
    boolean mfaEnabled,
    boolean canCreateOrgs,
    long createdAt,
    long lastActiveAt,
    boolean updatePasswordRequired,
    String legacyUserId,
    String impersonatorUserId,
    Map<String, Object> metadata,
    Map<String, Object> properties,
    Map<String, OrgMemberInfo> orgIdToOrgInfo,
    String roleInOrg,
    List<String> additionalRolesInOrg) {

  /** Copies every collection; nulls become empty collections. */
  public UserMetadata {
    metadata = Copies.json(metadata);
    properties = Copies.json(properties);
    orgIdToOrgInfo = Copies.map(orgIdToOrgInfo);
    additionalRolesInOrg = Copies.list(additionalRolesInOrg);
  }
}
