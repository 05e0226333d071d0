package dev.latchkey.client;

import java.util.Map;

/**
 * One recorded change: who did what to which target, and when. Immutable and thread-safe.
 *
 * @param id the event's sequence number
 * @param occurredAt when it happened, in unix seconds
 * @param actorType {@code management_key}, {@code user}, {@code system} or {@code cli}
 * @param actorId the actor's id
 * @param action what happened, such as {@code user.created} or {@code org.member_added}
 * @param targetType the kind of thing changed, such as {@code user} or {@code org}
 * @param targetId the id of the thing changed
 * @param details further facts about the change; unmodifiable, empty if none
 */
public record AuditEvent(
    long id,
    long occurredAt,
    String actorType,
    String actorId,
    String action,
    String targetType,
    String targetId,
    Map<String, Object> details) {

  /** Copies the details; null becomes an empty map. */
  public AuditEvent {
    details = Copies.json(details);
  }
}
