package dev.latchkey.client;

import java.util.Map;

/**
 * A keypair resource policy: Backend.AI's limit fields, stored and returned by Latchkey and
 * enforced by the product that runs sessions. Immutable; maps are unmodifiable (null when the
 * server has none for a nullable field).
 *
 * @param name its name, the key keypairs refer to it by
 * @param defaultForUnspecified {@code LIMITED} or {@code UNLIMITED}: slots the policy does not name
 * @param totalResourceSlots slot name (such as {@code cpu}, {@code mem}) to amount
 * @param maxSessionLifetime seconds; 0 for no limit
 * @param maxConcurrentSessions sessions at once
 * @param maxPendingSessionCount pending sessions at once, or null for no limit
 * @param maxPendingSessionResourceSlots slots pending sessions may hold, or null
 * @param maxPriority highest session priority, 0 to 100
 * @param maxConcurrentSftpSessions SFTP sessions at once
 * @param maxContainersPerSession containers per session
 * @param idleTimeout seconds before an idle session ends; 0 for never
 * @param allowedVfolderHosts vfolder host to its permission names
 * @param createdAt unix seconds
 * @param updatedAt unix seconds
 */
public record ResourcePolicy(
    String name,
    String defaultForUnspecified,
    Map<String, Object> totalResourceSlots,
    long maxSessionLifetime,
    int maxConcurrentSessions,
    Integer maxPendingSessionCount,
    Map<String, Object> maxPendingSessionResourceSlots,
    int maxPriority,
    int maxConcurrentSftpSessions,
    int maxContainersPerSession,
    long idleTimeout,
    Map<String, Object> allowedVfolderHosts,
    long createdAt,
    long updatedAt) {}
