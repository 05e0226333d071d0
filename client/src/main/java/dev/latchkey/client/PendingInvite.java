package dev.latchkey.client;

import java.util.List;

/**
 * An invitation to an organization that has been neither accepted nor revoked, and has not expired.
 * Immutable and thread-safe.
 *
 * @param inviteeEmail the invited address
 * @param orgId the organization's id
 * @param orgName the organization's name
 * @param roleInOrg the role the invitee will get
 * @param additionalRolesInOrg additional roles the invitee will get; unmodifiable, never null
 * @param createdAt when the invitation was sent, in unix seconds
 * @param expiresAt when it expires, in unix seconds
 * @param inviterEmail the inviting user's address, or null when sent through the backend API
 * @param inviterUserId the inviting user's id, or null when sent through the backend API
 */
public record PendingInvite(
    String inviteeEmail,
    String orgId,
    String orgName,
    String roleInOrg,
    List<String> additionalRolesInOrg,
    long createdAt,
    long expiresAt,
    String inviterEmail,
    String inviterUserId) {

  /** Copies the list; null becomes an empty list. */
  public PendingInvite {
    additionalRolesInOrg = Copies.list(additionalRolesInOrg);
  }
}
