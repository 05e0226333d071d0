package dev.latchkey.server.audit;

import com.fasterxml.jackson.databind.JsonNode;

/** One recorded change: who did what to which target, and when (unix seconds). */
public record AuditEvent(
    long id,
    long occurredAt,
    String actorType,
    String actorId,
    String action,
    String targetType,
    String targetId,
    JsonNode details) {}
