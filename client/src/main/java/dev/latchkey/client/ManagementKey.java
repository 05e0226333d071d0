package dev.latchkey.client;

/**
 * A management key as listed: never the key itself, only its first characters for recognition.
 * Immutable and thread-safe.
 *
 * @param id the key's id, a UUID
 * @param name the name given at creation
 * @param displayStart the first characters of the key, such as {@code lk_mgmt_AbCd}
 * @param createdAt when the key was created, in unix seconds
 * @param createdBy who created it, as {@code type:id} (for example {@code management_key:<id>})
 * @param revokedAt when it was revoked, in unix seconds, or null while it is active
 * @param lastUsedAt when it last authenticated a request, in unix seconds, or null if never
 */
public record ManagementKey(
    String id,
    String name,
    String displayStart,
    long createdAt,
    String createdBy,
    Long revokedAt,
    Long lastUsedAt) {}
