package dev.latchkey.client;

/**
 * A keypair as the keypair functions return it (Backend.AI's KeyPair fields); never the secret key.
 * Immutable and thread-safe.
 *
 * @param accessKey the access key: {@code AKIA} and 16 characters of base32, 20 in all
 * @param userId the owner's Latchkey user id
 * @param email the owner's email (Backend.AI's {@code user_id})
 * @param isActive whether it may sign requests
 * @param isAdmin whether it is an admin keypair
 * @param resourcePolicy the name of its resource policy
 * @param rateLimit requests allowed per rolling 15 minutes
 * @param numQueries verified requests so far (written in batches, so slightly behind)
 * @param lastUsed the last verified request, unix seconds, or null if never
 * @param createdAt unix seconds
 * @param updatedAt unix seconds
 */
public record KeyPair(
    String accessKey,
    String userId,
    String email,
    boolean isActive,
    boolean isAdmin,
    String resourcePolicy,
    long rateLimit,
    long numQueries,
    Long lastUsed,
    long createdAt,
    long updatedAt) {}
