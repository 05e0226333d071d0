package dev.latchkey.server.audit;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.PageRequest;
import io.javalin.http.Context;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/admin/v1/audit_events}: newest first, filter by action or target id. */
public final class AuditHandlers {
  private final AuditLog audit;
  private final Jdbi jdbi;

  public AuditHandlers(AuditLog audit, Jdbi jdbi) {
    this.audit = audit;
    this.jdbi = jdbi;
  }

  record EventsPage(
      List<AuditEvent> events,
      long totalEvents,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public void list(Context ctx) {
    FieldErrors errors = new FieldErrors();
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    String action = errors.text("action", Http.query(ctx, "action"), false, 100);
    String target = errors.text("target_id", Http.query(ctx, "target_id"), false, 100);
    errors.throwIfAny();
    var result = audit.list(jdbi, action, target, page);
    ctx.json(
        new EventsPage(
            result.items(), result.total(), page.pageNumber(), page.pageSize(), result.hasMore()));
  }
}
