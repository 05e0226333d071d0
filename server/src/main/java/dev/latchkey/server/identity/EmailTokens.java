package dev.latchkey.server.identity;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Single-use email links (confirm address, confirm a changed address); only digests are stored. */
final class EmailTokens {
  static final String CONFIRM = "confirm_email";
  static final String CHANGE = "change_email";

  record Row(
      String id, String userId, String purpose, String email, long createdAt, long expiresAt) {}

  void put(Handle h, Row row, String digest) {
    h.createUpdate("DELETE FROM email_tokens WHERE user_id = :user AND purpose = :purpose")
        .bind("user", row.userId())
        .bind("purpose", row.purpose())
        .execute();
    h.createUpdate(
            "INSERT INTO email_tokens (id, user_id, purpose, email, token_digest, created_at, expires_at)"
                + " VALUES (:id, :userId, :purpose, :email, :digest, :createdAt, :expiresAt)")
        .bind("id", row.id())
        .bind("userId", row.userId())
        .bind("purpose", row.purpose())
        .bind("email", row.email())
        .bind("createdAt", row.createdAt())
        .bind("expiresAt", row.expiresAt())
        .bind("digest", digest)
        .execute();
  }

  Optional<Row> byDigest(Handle h, String digest) {
    return h.createQuery(
            "SELECT id, user_id, purpose, email, created_at, expires_at FROM email_tokens WHERE token_digest = :d")
        .bind("d", digest)
        .map(
            (rs, ctx) ->
                new Row(
                    rs.getString("id"),
                    rs.getString("user_id"),
                    rs.getString("purpose"),
                    rs.getString("email"),
                    rs.getLong("created_at"),
                    rs.getLong("expires_at")))
        .findOne();
  }

  /** When the newest confirmation link of this user was made, if any (resend throttling). */
  Optional<Long> newestCreatedAt(Handle h, String userId) {
    return h.createQuery("SELECT max(created_at) FROM email_tokens WHERE user_id = :user")
        .bind("user", userId)
        .mapTo(Long.class)
        .findOne();
  }

  void delete(Handle h, String id) {
    h.createUpdate("DELETE FROM email_tokens WHERE id = :id").bind("id", id).execute();
  }
}
