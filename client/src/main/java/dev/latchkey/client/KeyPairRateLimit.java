package dev.latchkey.client;

/**
 * A keypair's rolling window after a verified request: what the {@code X-RateLimit-*} headers say.
 *
 * @param limit requests allowed per window
 * @param remaining requests left in the window
 * @param windowSeconds the window, 900 (15 minutes)
 */
public record KeyPairRateLimit(long limit, long remaining, long windowSeconds) {}
