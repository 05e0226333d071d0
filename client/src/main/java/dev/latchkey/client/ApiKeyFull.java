package dev.latchkey.client;

import java.util.List;
import java.util.Map;

/**
 * An issued API key as {@code fetchApiKey} and the listings return it: never the token, only its
 * first characters. PropelAuth's {@code ApiKeyFull} plus Latchkey's state, limits and usage.
 * Immutable and thread-safe; collections are unmodifiable and never null.
 *
 * @param apiKeyId the key's id, 32 lower-case hexadecimal characters
 * @param createdAt when the key was made, in unix seconds
 * @param expiresAtSeconds when it stops working, in unix seconds, or null for never
 * @param metadata its free-form metadata; empty if none
 * @param userId the user of a personal key (or the member an org key was made for), or null
 * @param orgId the organization of an org key, or null
 * @param displayName its label, or null
 * @param start the first characters of the token, to recognize it by
 * @param enabled whether it is enabled
 * @param imported whether it was imported (validated only by {@code validateImportedApiKey})
 * @param archived whether it was deleted or has expired
 * @param lastUsedAt when it last validated, in unix seconds, or null if never
 * @param usageCount how many times it validated
 * @param credits its credit balance and refill, or null when unlimited
 * @param ratelimits its rate-limit windows; empty if none
 * @param previousTokenValidUntil after a reroll with a grace period, until when the previous token
 *     still works, in unix seconds; null otherwise
 */
public record ApiKeyFull(
    String apiKeyId,
    long createdAt,
    Long expiresAtSeconds,
    Map<String, Object> metadata,
    String userId,
    String orgId,
    String displayName,
    String start,
    boolean enabled,
    boolean imported,
    boolean archived,
    Long lastUsedAt,
    long usageCount,
    ApiKeyCredits credits,
    List<ApiKeyRateLimit> ratelimits,
    Long previousTokenValidUntil) {

  /** Copies every collection; nulls become empty collections. */
  public ApiKeyFull {
    metadata = Copies.json(metadata);
    ratelimits = Copies.list(ratelimits);
  }
}
