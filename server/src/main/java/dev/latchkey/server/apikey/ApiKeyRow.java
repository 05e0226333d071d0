package dev.latchkey.server.apikey;

/** A row of {@code api_keys}. */
public record ApiKeyRow(
    String id,
    String start,
    String userId,
    String orgId,
    String displayName,
    String metadata,
    Long expiresAt,
    boolean enabled,
    boolean imported,
    Long creditsRemaining,
    String refillInterval,
    Long refillAmount,
    Integer refillDay,
    Long lastRefillAt,
    String ratelimits,
    long createdAt,
    long updatedAt,
    Long deletedAt,
    Long lastUsedAt,
    long usageCount,
    Long previousValidUntil) {}
