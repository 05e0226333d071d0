package dev.latchkey.client;

/**
 * Who signed a request whose signature holds: the keypair's user, rights, policy and rate window.
 *
 * @param accessKey the access key that signed
 * @param userId the owner's Latchkey user id
 * @param email the owner's email
 * @param isAdmin whether it is an admin keypair
 * @param resourcePolicy the policy's name
 * @param policy the policy's limits
 * @param rateLimit the rate window after this request
 */
public record VerifiedKeyPair(
    String accessKey,
    String userId,
    String email,
    boolean isAdmin,
    String resourcePolicy,
    ResourcePolicy policy,
    KeyPairRateLimit rateLimit) {}
