package dev.latchkey.client;

/**
 * A keypair just created: the only answer that carries its secret key. Keep the secret key now; the
 * server never shows it again. {@link #toString()} leaves the secret key out. Immutable and
 * thread-safe.
 *
 * @param accessKey the access key ({@code AKIA...}, 20 characters)
 * @param secretKey the secret key (40 URL-safe base64 characters)
 * @param userId the owner's Latchkey user id
 * @param email the owner's email
 * @param isActive whether it may sign requests
 * @param isAdmin whether it is an admin keypair
 * @param resourcePolicy the name of its resource policy
 * @param rateLimit requests allowed per rolling 15 minutes
 * @param createdAt unix seconds
 */
public record CreatedKeyPair(
    String accessKey,
    String secretKey,
    String userId,
    String email,
    boolean isActive,
    boolean isAdmin,
    String resourcePolicy,
    long rateLimit,
    long createdAt) {

  @Override
  public String toString() {
    return "CreatedKeyPair[accessKey="
        + accessKey
        + ", secretKey=(redacted), userId="
        + userId
        + ", isActive="
        + isActive
        + ", isAdmin="
        + isAdmin
        + ", resourcePolicy="
        + resourcePolicy
        + ", rateLimit="
        + rateLimit
        + "]";
  }
}
