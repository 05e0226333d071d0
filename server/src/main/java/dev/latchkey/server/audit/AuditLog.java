package dev.latchkey.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The append-only audit log. Services call {@link #record} with the {@link Handle} of the
 * transaction that makes the change, so that the event and the change commit or roll back together.
 * Details must never hold a secret: callers pass field names and ids, not values.
 */
public final class AuditLog {
  private final Clock clock;
  private final ObjectMapper json;

  public AuditLog(Clock clock, ObjectMapper json) {
    this.clock = clock;
    this.json = json;
  }

  public void record(
      Handle h,
      Actor actor,
      String action,
      String targetType,
      String targetId,
      Map<String, ?> details) {
    String detailsJson = detailsJson(details);
    h.createUpdate(
            """
            INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, target_type, target_id, details)
            VALUES (:at, :actorType, :actorId, :action, :targetType, :targetId, :details)
            """)
        .bind("at", clock.instant().getEpochSecond())
        .bind("actorType", actor.type())
        .bind("actorId", actor.id())
        .bind("action", action)
        .bind("targetType", targetType)
        .bind("targetId", targetId)
        .bind("details", detailsJson)
        .execute();
  }

  /** One event of {@link #recordAll}. */
  public record Event(String action, String targetType, String targetId, Map<String, ?> details) {}

  /**
   * Records several events of one actor in one batch: one round trip instead of one per event, for
   * paths that write an event per item (the vault's resolve audits every key it decrypts).
   */
  public void recordAll(Handle h, Actor actor, List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    long at = clock.instant().getEpochSecond();
    var batch =
        h.prepareBatch(
            """
            INSERT INTO audit_events (occurred_at, actor_type, actor_id, action, target_type, target_id, details)
            VALUES (:at, :actorType, :actorId, :action, :targetType, :targetId, :details)
            """);
    for (Event e : events) {
      batch
          .bind("at", at)
          .bind("actorType", actor.type())
          .bind("actorId", actor.id())
          .bind("action", e.action())
          .bind("targetType", e.targetType())
          .bind("targetId", e.targetId())
          .bind("details", detailsJson(e.details()))
          .add();
    }
    batch.execute();
  }

  private String detailsJson(Map<String, ?> details) {
    try {
      return json.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit details are not serializable", e);
    }
  }

  /** Newest first, optionally narrowed to one action or one target. */
  public Page<AuditEvent> list(Jdbi jdbi, String action, String targetId, PageRequest page) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<String[]> binds = new ArrayList<>();
    if (action != null) {
      where.append(" AND action = :action");
      binds.add(new String[] {"action", action});
    }
    if (targetId != null) {
      where.append(" AND target_id = :targetId");
      binds.add(new String[] {"targetId", targetId});
    }
    return jdbi.withHandle(
        h -> {
          var count = h.createQuery("SELECT count(*) FROM audit_events" + where);
          var query =
              h.createQuery(
                  "SELECT id, occurred_at, actor_type, actor_id, action, target_type, target_id, details FROM audit_events"
                      + where
                      + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
          for (String[] b : binds) {
            count.bind(b[0], b[1]);
            query.bind(b[0], b[1]);
          }
          long total = count.mapTo(Long.class).one();
          List<AuditEvent> items =
              query
                  .bind("limit", page.pageSize())
                  .bind("offset", page.offset())
                  .map(
                      (rs, ctx) ->
                          new AuditEvent(
                              rs.getLong("id"),
                              rs.getLong("occurred_at"),
                              rs.getString("actor_type"),
                              rs.getString("actor_id"),
                              rs.getString("action"),
                              rs.getString("target_type"),
                              rs.getString("target_id"),
                              readDetails(rs.getString("details"))))
                  .list();
          return new Page<>(items, total, page);
        });
  }

  private com.fasterxml.jackson.databind.JsonNode readDetails(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      return json.createObjectNode();
    }
  }
}
