package dev.latchkey.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.common.Secret;
import java.util.List;

/**
 * Request bodies of the backend API, field for field as the PropelAuth clients send them. Every
 * field is nullable (absent); the services validate and name the field in any error. Unknown fields
 * are refused by the JSON reader.
 */
public final class Requests {
  private Requests() {}

  public record CreateUser(
      String email,
      Boolean emailConfirmed,
      Boolean sendEmailToConfirmEmailAddress,
      Secret password,
      Boolean askUserToUpdatePasswordOnLogin,
      Boolean ignoreDomainRestrictions,
      String username,
      String firstName,
      String lastName,
      JsonNode properties) {}

  public record MigrateUser(
      String email,
      Boolean emailConfirmed,
      String existingUserId,
      Secret existingPasswordHash,
      Secret existingMfaBase32EncodedSecret,
      Boolean updatePasswordRequired,
      Boolean askUserToUpdatePasswordOnLogin,
      Boolean enabled,
      String firstName,
      String lastName,
      String username,
      String pictureUrl,
      JsonNode properties) {}

  public record MigratePassword(String userId, Secret passwordHash) {}

  public record UpdateEmail(String newEmail, Boolean requireEmailConfirmation) {}

  public record UpdateMetadata(
      String username,
      String firstName,
      String lastName,
      String pictureUrl,
      JsonNode metadata,
      JsonNode properties,
      Boolean updatePasswordRequired,
      String legacyUserId) {}

  public record UpdatePassword(Secret password, Boolean askUserToUpdatePasswordOnLogin) {}

  public record UserIds(List<String> userIds) {}

  public record Emails(List<String> emails) {}

  public record Usernames(List<String> usernames) {}

  public record ResendConfirmation(String userId) {}

  public record CreateOrg(
      String name,
      Boolean enableAutoJoiningByDomain,
      Boolean membersMustHaveMatchingDomain,
      String domain,
      Long maxUsers,
      String legacyOrgId,
      String customRoleMappingName) {}

  public record UpdateOrg(
      String name,
      Boolean canSetupSaml,
      JsonNode metadata,
      Long maxUsers,
      Boolean autojoinByDomain,
      Boolean restrictToDomain,
      String domain,
      String legacyOrgId,
      @com.fasterxml.jackson.annotation.JsonProperty("require_2fa_by") String require2faBy,
      List<String> extraDomains,
      Boolean passwordRotationEnabled,
      Long passwordRotationHistorySize,
      Long passwordRotationPeriod,
      String customRoleMappingName) {}

  /** {@code fetch_org_by_query}: sent as a JSON body (or, by one client, as query parameters). */
  public record OrgQuery(
      Long pageSize,
      Long pageNumber,
      String orderBy,
      String name,
      String legacyOrgId,
      String domain) {}

  public record Membership(
      String userId, String orgId, String role, List<String> additionalRoles) {}

  public record RemoveMember(String userId, String orgId) {}

  public record Invite(String orgId, String email, String role, List<String> additionalRoles) {}

  public record InviteById(
      String orgId, String userId, String role, List<String> additionalRoles) {}

  public record RevokeInvite(String inviteeEmail, String orgId) {}
}
