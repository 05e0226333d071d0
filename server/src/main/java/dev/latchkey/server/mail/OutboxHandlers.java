package dev.latchkey.server.mail;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.PageRequest;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /api/admin/v1/dev/outbox}: the mail kept when no SMTP server is configured. */
public final class OutboxHandlers {
  private final DevOutbox outbox;

  /** {@code outbox} is null when mail goes out over SMTP; the route then answers 404. */
  public OutboxHandlers(DevOutbox outbox) {
    this.outbox = outbox;
  }

  record MailPage(
      List<DevOutbox.OutboxMail> messages,
      long totalMessages,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public void list(Context ctx) {
    if (outbox == null) {
      throw new NotFoundException("The dev outbox is off because LATCHKEY_SMTP_URL is set");
    }
    FieldErrors errors = new FieldErrors();
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    String to = errors.email("to", Http.query(ctx, "to"), false);
    errors.throwIfAny();
    var result = outbox.list(to, page);
    ctx.json(
        new MailPage(
            result.items(), result.total(), page.pageNumber(), page.pageSize(), result.hasMore()));
  }
}
