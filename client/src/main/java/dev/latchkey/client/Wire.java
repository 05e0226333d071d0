package dev.latchkey.client;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** Small request and response bodies that have no public record of their own. */
final class Wire {
  private Wire() {}

  record UserIds(List<String> userIds) {}

  record Emails(List<String> emails) {}

  record Usernames(List<String> usernames) {}

  record UpdateEmail(String newEmail, boolean requireEmailConfirmation) {}

  record UpdatePassword(String password, boolean askUserToUpdatePasswordOnLogin) {
    @Override
    public String toString() {
      return "UpdatePassword[password=[redacted], askUserToUpdatePasswordOnLogin="
          + askUserToUpdatePasswordOnLogin
          + "]";
    }
  }

  record MigratePassword(String userId, String passwordHash) {
    @Override
    public String toString() {
      return "MigratePassword[userId=" + userId + ", passwordHash=[redacted]]";
    }
  }

  record ResendConfirmation(String userId) {}

  record Membership(String userId, String orgId, String role, List<String> additionalRoles) {}

  record RemoveMember(String userId, String orgId) {}

  record Invite(String orgId, String email, String role, List<String> additionalRoles) {}

  record InviteById(String orgId, String userId, String role, List<String> additionalRoles) {}

  record RevokeInvite(String inviteeEmail, String orgId) {}

  record CreateKey(String name, Boolean canDecrypt) {}

  record UserIdAnswer(String userId) {}

  record CreateAccessToken(String userId, int durationInMinutes, String activeOrgId) {}

  record Impersonate(String impersonatorUserId, int durationInMinutes) {}

  record AccessTokenAnswer(String accessToken) {
    @Override
    public String toString() {
      return "AccessTokenAnswer[redacted]";
    }
  }

  record UrlAnswer(String url) {
    @Override
    public String toString() {
      return "UrlAnswer[redacted]";
    }
  }

  record SigningKeys(List<SigningKey> signingKeys) {}

  record ApiKeyToken(String apiKeyToken) {
    @Override
    public String toString() {
      return "ApiKeyToken[redacted]";
    }
  }

  record Reroll(long gracePeriodSeconds) {}

  record ApiKeyIdAnswer(String apiKeyId) {}

  record CountAnswer(long count) {}

  // ---- provider-key vault

  /** {@code POST /user-auth/auth-data}, in DynamoAI's camelCase. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record CreateAuthData(
      AuthType authType,
      String providerType,
      String name,
      Map<String, Object> authConfig,
      String workspaceId) {
    @Override
    public String toString() {
      return "CreateAuthData[authType="
          + authType
          + ", providerType="
          + providerType
          + ", name="
          + name
          + ", authConfig=[redacted], workspaceId="
          + workspaceId
          + "]";
    }
  }

  /** {@code POST /user-auth/auth-data/{authId}}: a new name and/or configuration. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record EditAuthData(String name, Map<String, Object> authConfig) {
    @Override
    public String toString() {
      return "EditAuthData[name="
          + name
          + ", authConfig="
          + (authConfig == null ? null : "[redacted]")
          + "]";
    }
  }

  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  record AuthMappings(List<String> aiSystemsToAdd, List<String> aiSystemsToRemove) {}

  record CreateWorkspace(String name, String orgId, String userId) {}

  record RenameWorkspace(String name) {}

  record AiSystemAnswer(AiSystem data) {}

  record ByokKeyAnswer(ByokKey data) {}

  record WorkspaceAnswer(Workspace data) {}

  /**
   * The validation answer as sent; {@link ApiKeyValidation} with {@code Optional}s is made of it.
   */
  record Validation(
      String apiKeyId,
      Map<String, Object> metadata,
      UserMetadata user,
      ApiKeyOrg org,
      OrgMemberInfo userInOrg) {}
}
