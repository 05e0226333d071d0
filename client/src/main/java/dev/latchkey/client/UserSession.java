package dev.latchkey.client;

/**
 * A login session of a user, as {@code fetchUserSessions} lists it. Immutable and thread-safe.
 *
 * @param id the session's id, a UUID
 * @param userId the user's id
 * @param loginMethod how the session began ({@code PASSWORD}, {@code MAGIC_LINK}, {@code
 *     EMAIL_CONFIRMATION_LINK}, ...); {@link LoginMethod.Kind#UNKNOWN} for a method this SDK does
 *     not know
 * @param impersonatorUserId the impersonating user's id, or null
 * @param ip the client address the session began from, or null
 * @param userAgent the {@code User-Agent} the session began with, or null
 * @param createdAt when the session began, in unix seconds
 * @param lastUsedAt when its refresh token was last used, in unix seconds
 * @param expiresAt when it ends at the latest, in unix seconds
 * @param revokedAt when it was ended, in unix seconds, or null
 * @param revokeReason why it was ended, such as {@code logout}, {@code logout_all} or {@code
 *     refresh_token_reused}, or null
 * @param active whether its refresh token still works: not revoked, not expired, and not ended by a
 *     password change, lock or "log out everywhere"
 */
public record UserSession(
    String id,
    String userId,
    LoginMethod.Kind loginMethod,
    String impersonatorUserId,
    String ip,
    String userAgent,
    long createdAt,
    long lastUsedAt,
    long expiresAt,
    Long revokedAt,
    String revokeReason,
    boolean active) {

  /** A null login method becomes {@link LoginMethod.Kind#UNKNOWN}. */
  public UserSession {
    loginMethod = loginMethod == null ? LoginMethod.Kind.UNKNOWN : loginMethod;
  }
}
