package dev.latchkey.client;

/**
 * The answer to {@code rotateSigningKey}: the key that signs new tokens from now on. Immutable and
 * thread-safe.
 *
 * @param kid the new key's id
 * @param publicKeyPem its public key as SPKI PEM
 */
public record RotatedSigningKey(String kid, String publicKeyPem) {}
