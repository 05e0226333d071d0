package dev.latchkey.client;

/**
 * {@link KeyPairs#info}: the signing keypair itself with its policy. {@code numQueries}, {@code
 * lastUsed} and {@code updatedAt} are admin fields, null unless the keypair is an admin one.
 *
 * @param accessKey the access key
 * @param userId the owner's Latchkey user id
 * @param email the owner's email
 * @param isActive whether it may sign requests
 * @param isAdmin whether it is an admin keypair
 * @param resourcePolicy the policy's name
 * @param rateLimit requests per rolling 15 minutes
 * @param createdAt unix seconds
 * @param policy the resource policy's limits
 * @param numQueries verified requests so far; admin only
 * @param lastUsed last verified request, unix seconds; admin only
 * @param updatedAt unix seconds; admin only
 */
public record KeyPairInfo(
    String accessKey,
    String userId,
    String email,
    boolean isActive,
    boolean isAdmin,
    String resourcePolicy,
    long rateLimit,
    long createdAt,
    ResourcePolicy policy,
    Long numQueries,
    Long lastUsed,
    Long updatedAt) {}
