package dev.latchkey.server.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the backend API returns, field for field as PropelAuth's clients read it (snake_case on the
 * wire). Optional parts are left out rather than sent as null where the clients expect that.
 */
public final class Views {
  private Views() {}

  /** {@code UserMetadata}; {@code org_id_to_org_info} only with {@code include_orgs=true}. */
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
      @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode metadata,
      JsonNode properties,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, OrgMemberInfo> orgIdToOrgInfo,
      @JsonInclude(JsonInclude.Include.NON_NULL) String roleInOrg,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> additionalRolesInOrg) {}

  /** One org of a user, with the precomputed role list and permissions clients check against. */
  public record OrgMemberInfo(
      String orgId,
      String orgName,
      String urlSafeOrgName,
      JsonNode orgMetadata,
      String userRole,
      List<String> inheritedUserRolesPlusCurrentRole,
      List<String> userPermissions,
      String orgRoleStructure,
      List<String> additionalRoles,
      String legacyOrgId) {}

  /** {@code fetch_org}. */
  public record Organization(
      String orgId,
      String name,
      String urlSafeOrgSlug,
      boolean canSetupSaml,
      boolean isSamlConfigured,
      boolean isSamlInTestMode,
      Integer maxUsers,
      JsonNode metadata,
      String domain,
      List<String> extraDomains,
      boolean domainAutojoin,
      boolean domainRestrict,
      String customRoleMappingName,
      String legacyOrgId,
      @com.fasterxml.jackson.annotation.JsonProperty("require_2fa_by") String require2faBy,
      boolean passwordRotationEnabled,
      Integer passwordRotationHistorySize,
      Integer passwordRotationPeriod,
      long createdAt) {}

  /** An org in {@code fetch_org_by_query} results. */
  public record OrgSummary(
      String orgId,
      String name,
      String urlSafeOrgSlug,
      Integer maxUsers,
      boolean isSamlConfigured,
      String legacyOrgId,
      JsonNode metadata,
      String customRoleMappingName,
      String domain,
      long createdAt) {}

  public record UsersPage(
      List<UserMetadata> users,
      long totalUsers,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public record OrgsPage(
      List<OrgSummary> orgs,
      long totalOrgs,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public record PendingInvite(
      String inviteeEmail,
      String orgId,
      String orgName,
      String roleInOrg,
      List<String> additionalRolesInOrg,
      long createdAt,
      long expiresAt,
      String inviterEmail,
      String inviterUserId) {}

  public record InvitesPage(
      List<PendingInvite> invites,
      long totalInvites,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public record UserIdResponse(String userId) {}

  public record CreatedOrg(String orgId, String name) {}
}
