package dev.latchkey.client;

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

  record CreateKey(String name) {}

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
