package dev.latchkey.client;

/**
 * A key the server signs or signed access tokens with, as {@code fetchSigningKeys} lists it: only
 * the public half, which never needs hiding. Immutable and thread-safe.
 *
 * @param kid the key id, as in tokens' {@code kid} header and the JWKS
 * @param algorithm {@code RS256}
 * @param publicKeyPem the public key as SPKI PEM
 * @param createdAt when the key was made, in unix seconds
 * @param retiredAt when a rotation stopped it from signing, in unix seconds, or null
 * @param verifyUntil until when tokens it signed still verify, in unix seconds, or null while it
 *     signs
 * @param signing whether new tokens are signed with it
 */
public record SigningKey(
    String kid,
    String algorithm,
    String publicKeyPem,
    long createdAt,
    Long retiredAt,
    Long verifyUntil,
    boolean signing) {}
