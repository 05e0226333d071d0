package dev.latchkey.client;

import java.util.List;

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
}
