package dev.latchkey.server.session;

import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.UnauthorizedException;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Credentials;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.store.Rows;
import dev.latchkey.server.token.AccessTokens.LoginMethod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Login sessions with rotating refresh tokens. Each refresh uses up the presented token and issues
 * the next; presenting a used token again means it was stolen or replayed, so the whole session
 * (the token family) is revoked. A session also ends when the user's session epoch moves on
 * (disable, log out everywhere, password change) or the user is locked or deleted.
 */
final class Sessions {
  static final String REFRESH_PREFIX = "lk_rt_";

  private final Database db;
  private final ServerKeys keys;
  private final AuditLog audit;
  private final Credentials credentials;
  private final Clock clock;
  private final Duration lifetime;

  Sessions(
      Database db,
      ServerKeys keys,
      AuditLog audit,
      Credentials credentials,
      Clock clock,
      Duration lifetime) {
    this.db = db;
    this.keys = keys;
    this.audit = audit;
    this.credentials = credentials;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** A session as listed: never a token. */
  record Session(
      String id,
      String userId,
      LoginMethod loginMethod,
      String impersonatorUserId,
      String ip,
      String userAgent,
      long createdAt,
      long lastUsedAt,
      long expiresAt,
      Long revokedAt,
      String revokeReason,
      boolean active) {}

  /** A new or refreshed session with the refresh token that continues it. */
  record Opened(Session session, Secret refreshToken) {}

  private static final String COLUMNS =
      "s.id, s.user_id, s.session_epoch, s.login_method, s.impersonator_user_id, s.ip, s.user_agent, s.created_at,"
          + " s.last_used_at, s.expires_at, s.revoked_at, s.revoke_reason, u.session_epoch AS user_epoch";

  private Session map(ResultSet rs, long now) throws SQLException {
    Long revoked = Rows.nullableLong(rs, "revoked_at");
    boolean active =
        revoked == null
            && rs.getLong("expires_at") > now
            && rs.getLong("session_epoch") == rs.getLong("user_epoch");
    return new Session(
        rs.getString("id"),
        rs.getString("user_id"),
        LoginMethod.fromWire(rs.getString("login_method")),
        rs.getString("impersonator_user_id"),
        rs.getString("ip"),
        rs.getString("user_agent"),
        rs.getLong("created_at"),
        rs.getLong("last_used_at"),
        rs.getLong("expires_at"),
        revoked,
        rs.getString("revoke_reason"),
        active);
  }

  Opened open(
      Credentials.Subject user,
      LoginMethod method,
      String impersonator,
      String ip,
      String userAgent) {
    String id = Ids.newUuid();
    long now = now();
    Secret refresh = newRefreshToken();
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO sessions (id, user_id, session_epoch, login_method, impersonator_user_id, ip, user_agent,"
                      + " created_at, last_used_at, expires_at) VALUES (:id, :user, :epoch, :method, :imp, :ip, :ua, :now, :now, :exp)")
              .bind("id", id)
              .bind("user", user.userId())
              .bind("epoch", user.sessionEpoch())
              .bind("method", method.wire())
              .bindByType("imp", impersonator, String.class)
              .bindByType("ip", clip(ip, 64), String.class)
              .bindByType("ua", clip(userAgent, 256), String.class)
              .bind("now", now)
              .bind("exp", now + lifetime.toSeconds())
              .execute();
          insertRefresh(h, id, refresh, now);
          audit.record(
              h,
              new Actor("user", user.userId()),
              "session.created",
              "session",
              id,
              Map.of("login_method", method.wire()));
          return null;
        });
    return new Opened(
        new Session(
            id,
            user.userId(),
            method,
            impersonator,
            ip,
            userAgent,
            now,
            now,
            now + lifetime.toSeconds(),
            null,
            null,
            true),
        refresh);
  }

  /**
   * Uses up {@code presented} and returns the session with its next refresh token. Refuses (401)
   * unknown, used, expired or revoked tokens, and sessions whose user may no longer log in.
   */
  Opened refresh(Secret presented) {
    if (!presented.reveal().startsWith(REFRESH_PREFIX) || presented.length() > 200) {
      throw invalid();
    }
    String digest = keys.digest(presented);
    long now = now();
    Optional<String[]> found =
        db.withHandle(
            h ->
                h.createQuery("SELECT session_id, used_at FROM refresh_tokens WHERE digest = :d")
                    .bind("d", digest)
                    .map(
                        (rs, ctx) ->
                            new String[] {rs.getString("session_id"), rs.getString("used_at")})
                    .findOne());
    if (found.isEmpty()) {
      throw invalid();
    }
    String sessionId = found.get()[0];
    if (found.get()[1] != null) {
      revoke(sessionId, "refresh_token_reused", Actor.SYSTEM);
      throw invalid();
    }
    Session session = byId(sessionId).orElseThrow(Sessions::invalid);
    Credentials.Subject user = credentials.byId(session.userId()).orElse(null);
    if (!session.active() || user == null || !user.enabled() || user.lockedAt(now)) {
      if (session.revokedAt() == null) {
        revoke(sessionId, "user_cannot_log_in", Actor.SYSTEM);
      }
      throw invalid();
    }
    Secret next = newRefreshToken();
    boolean rotated =
        db.inTransaction(
            h -> {
              int used =
                  h.createUpdate(
                          "UPDATE refresh_tokens SET used_at = :now WHERE digest = :d AND used_at IS NULL")
                      .bind("now", now)
                      .bind("d", digest)
                      .execute();
              if (used == 0) {
                return false;
              }
              insertRefresh(h, sessionId, next, now);
              h.createUpdate("UPDATE sessions SET last_used_at = :now WHERE id = :id")
                  .bind("now", now)
                  .bind("id", sessionId)
                  .execute();
              return true;
            });
    if (!rotated) {
      revoke(sessionId, "refresh_token_reused", Actor.SYSTEM);
      throw invalid();
    }
    return new Opened(session, next);
  }

  /** The active session a refresh token belongs to, without using it up (logout). */
  Optional<Session> bySessionToken(Secret presented) {
    if (!presented.reveal().startsWith(REFRESH_PREFIX) || presented.length() > 200) {
      return Optional.empty();
    }
    return db.withHandle(
            h ->
                h.createQuery("SELECT session_id FROM refresh_tokens WHERE digest = :d")
                    .bind("d", keys.digest(presented))
                    .mapTo(String.class)
                    .findOne())
        .flatMap(this::byId);
  }

  Optional<Session> byId(String sessionId) {
    long now = now();
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = :id")
                .bind("id", sessionId)
                .map((rs, ctx) -> map(rs, now))
                .findOne());
  }

  Page<Session> list(String userId, boolean activeOnly, PageRequest page) {
    long now = now();
    String where =
        " WHERE s.user_id = :user"
            + (activeOnly
                ? " AND s.revoked_at IS NULL AND s.expires_at > :now AND s.session_epoch = u.session_epoch"
                : "");
    return db.withHandle(
        h -> {
          long total =
              h.createQuery(
                      "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id" + where)
                  .bind("user", userId)
                  .bind("now", now)
                  .mapTo(Long.class)
                  .one();
          List<Session> items =
              h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM sessions s JOIN users u ON u.id = s.user_id"
                          + where
                          + " ORDER BY s.created_at DESC, s.id LIMIT :limit OFFSET :offset")
                  .bind("user", userId)
                  .bind("now", now)
                  .bind("limit", page.pageSize())
                  .bind("offset", page.offset())
                  .map((rs, ctx) -> map(rs, now))
                  .list();
          return new Page<>(items, total, page);
        });
  }

  /** Revokes one session; false if it was not active. */
  boolean revoke(String sessionId, String reason, Actor actor) {
    return db.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE sessions SET revoked_at = :now, revoke_reason = :reason WHERE id = :id AND revoked_at IS NULL")
                  .bind("now", now())
                  .bind("reason", reason)
                  .bind("id", sessionId)
                  .execute();
          if (n > 0) {
            audit.record(
                h, actor, "session.revoked", "session", sessionId, Map.of("reason", reason));
          }
          return n > 0;
        });
  }

  /** Revokes every active session of the user. */
  int revokeAll(String userId, String reason, Actor actor) {
    return db.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE sessions SET revoked_at = :now, revoke_reason = :reason WHERE user_id = :user AND revoked_at IS NULL")
                  .bind("now", now())
                  .bind("reason", reason)
                  .bind("user", userId)
                  .execute();
          audit.record(
              h,
              actor,
              "session.revoked_all",
              "user",
              userId,
              Map.of("sessions", n, "reason", reason));
          return n;
        });
  }

  private void insertRefresh(Handle h, String sessionId, Secret token, long now) {
    h.createUpdate(
            "INSERT INTO refresh_tokens (digest, session_id, created_at) VALUES (:d, :s, :now)")
        .bind("d", keys.digest(token))
        .bind("s", sessionId)
        .bind("now", now)
        .execute();
  }

  private static Secret newRefreshToken() {
    return Secret.of(REFRESH_PREFIX + RandomTokens.base62(32));
  }

  private static UnauthorizedException invalid() {
    return new UnauthorizedException("The refresh token is not valid; log in again");
  }

  private static String clip(String s, int max) {
    return s == null ? null : s.length() <= max ? s : s.substring(0, max);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
