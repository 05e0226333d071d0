package dev.latchkey.server.identity;

/**
 * A row of {@code users}. The password hash and MFA ciphertext never leave the identity feature.
 */
public record UserRow(
    String id,
    String email,
    boolean emailConfirmed,
    String username,
    String firstName,
    String lastName,
    String pictureUrl,
    String passwordHash,
    String mfaSecret,
    boolean locked,
    boolean enabled,
    boolean canCreateOrgs,
    boolean updatePasswordRequired,
    String legacyUserId,
    String metadata,
    String properties,
    long createdAt,
    long lastActiveAt,
    long sessionsValidAfter) {

  public boolean hasPassword() {
    return passwordHash != null;
  }

  public boolean mfaEnabled() {
    return mfaSecret != null;
  }

  @Override
  public String toString() {
    return "UserRow[id=" + id + "]";
  }
}
