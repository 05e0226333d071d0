package dev.latchkey.client;

import java.util.List;
import java.util.Map;

/**
 * The fields of a resource policy to create or update; null fields are not sent (the server's
 * default on create, unchanged on update). See {@link ResourcePolicy} for their meaning.
 */
public record ResourcePolicyInput(
    String name,
    String defaultForUnspecified,
    Map<String, Object> totalResourceSlots,
    Long maxSessionLifetime,
    Integer maxConcurrentSessions,
    Integer maxPendingSessionCount,
    Map<String, Object> maxPendingSessionResourceSlots,
    Integer maxPriority,
    Integer maxConcurrentSftpSessions,
    Integer maxContainersPerSession,
    Long idleTimeout,
    Map<String, List<String>> allowedVfolderHosts) {

  /** Only a name: every limit at the server's default. */
  public static ResourcePolicyInput named(String name) {
    return new ResourcePolicyInput(
        name, null, null, null, null, null, null, null, null, null, null, null);
  }

  public ResourcePolicyInput withTotalResourceSlots(Map<String, Object> slots) {
    return new ResourcePolicyInput(
        name,
        defaultForUnspecified,
        slots,
        maxSessionLifetime,
        maxConcurrentSessions,
        maxPendingSessionCount,
        maxPendingSessionResourceSlots,
        maxPriority,
        maxConcurrentSftpSessions,
        maxContainersPerSession,
        idleTimeout,
        allowedVfolderHosts);
  }

  public ResourcePolicyInput withMaxConcurrentSessions(Integer max) {
    return new ResourcePolicyInput(
        name,
        defaultForUnspecified,
        totalResourceSlots,
        maxSessionLifetime,
        max,
        maxPendingSessionCount,
        maxPendingSessionResourceSlots,
        maxPriority,
        maxConcurrentSftpSessions,
        maxContainersPerSession,
        idleTimeout,
        allowedVfolderHosts);
  }

  public ResourcePolicyInput withIdleTimeout(Long seconds) {
    return new ResourcePolicyInput(
        name,
        defaultForUnspecified,
        totalResourceSlots,
        maxSessionLifetime,
        maxConcurrentSessions,
        maxPendingSessionCount,
        maxPendingSessionResourceSlots,
        maxPriority,
        maxConcurrentSftpSessions,
        maxContainersPerSession,
        seconds,
        allowedVfolderHosts);
  }
}
