package dev.latchkey.server.mail;

import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development mailbox used when no SMTP server is configured: messages are kept in the database
 * (the newest {@value #KEEP}) and listed by {@code GET /api/admin/v1/dev/outbox}.
 */
public final class DevOutbox implements Mailer {
  static final int KEEP = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(DevOutbox.class);
  private final Jdbi jdbi;
  private final Clock clock;

  public DevOutbox(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A message as kept in the outbox. */
  public record OutboxMail(long id, long createdAt, String to, String subject, String body) {}

  @Override
  public void send(Mail mail) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO dev_outbox (created_at, to_address, subject, body) VALUES (:at, :to, :subject, :body)")
              .bind("at", clock.instant().getEpochSecond())
              .bind("to", mail.to())
              .bind("subject", mail.subject())
              .bind("body", mail.body())
              .execute();
          h.createUpdate(
                  "DELETE FROM dev_outbox WHERE id <= (SELECT max(id) FROM dev_outbox) - " + KEEP)
              .execute();
        });
    LOG.info(
        "mail '{}' kept in the dev outbox (no LATCHKEY_SMTP_URL); read it at GET /api/admin/v1/dev/outbox",
        mail.subject());
  }

  public Page<OutboxMail> list(String to, PageRequest page) {
    String where = to == null ? "" : " WHERE to_address = :to";
    return jdbi.withHandle(
        h -> {
          var count = h.createQuery("SELECT count(*) FROM dev_outbox" + where);
          var query =
              h.createQuery(
                  "SELECT id, created_at, to_address, subject, body FROM dev_outbox"
                      + where
                      + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
          if (to != null) {
            count.bind("to", to);
            query.bind("to", to);
          }
          long total = count.mapTo(Long.class).one();
          List<OutboxMail> items =
              query
                  .bind("limit", page.pageSize())
                  .bind("offset", page.offset())
                  .map(
                      (rs, ctx) ->
                          new OutboxMail(
                              rs.getLong("id"),
                              rs.getLong("created_at"),
                              rs.getString("to_address"),
                              rs.getString("subject"),
                              rs.getString("body")))
                  .list();
          return new Page<>(items, total, page);
        });
  }
}
