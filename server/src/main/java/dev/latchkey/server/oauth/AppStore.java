package dev.latchkey.server.oauth;

import dev.latchkey.server.common.JsonText;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.store.Paging;
import dev.latchkey.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code oauth_apps} and {@code oauth_revoked_tokens}. */
final class AppStore {
  private static final String COLUMNS =
      "a.client_id, a.client_name, a.user_id, a.org_id, a.redirect_uris, a.grant_types, a.scopes,"
          + " a.previous_valid_until, a.created_at, a.updated_at";

  static AppRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    String scopes = rs.getString("scopes");
    return new AppRow(
        rs.getString("client_id"),
        rs.getString("client_name"),
        rs.getString("user_id"),
        rs.getString("org_id"),
        JsonText.readStrings(rs.getString("redirect_uris")),
        JsonText.readStrings(rs.getString("grant_types")),
        scopes == null ? null : JsonText.readStrings(scopes),
        Rows.nullableLong(rs, "previous_valid_until"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  boolean exists(Handle h, String clientId) {
    return h.createQuery("SELECT count(*) FROM oauth_apps WHERE client_id = :id")
            .bind("id", clientId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** The client ids taken among {@code base} and {@code base-<anything>}. */
  java.util.Set<String> takenIds(Handle h, String base) {
    // base has only a-z, 0-9 and '-': nothing LIKE would read as a wildcard
    return java.util.Set.copyOf(
        h.createQuery(
                "SELECT client_id FROM oauth_apps WHERE client_id = :base OR client_id LIKE :prefix")
            .bind("base", base)
            .bind("prefix", base + "-%")
            .mapTo(String.class)
            .list());
  }

  /** Outside any transaction: whether an insert that failed lost a race for the id. */
  boolean existsNow(dev.latchkey.server.store.Database db, String clientId) {
    return db.withHandle(h -> exists(h, clientId));
  }

  void insert(Handle h, AppRow a, String secretDigest) {
    h.createUpdate(
            """
            INSERT INTO oauth_apps (client_id, client_name, user_id, org_id, redirect_uris,
              grant_types, scopes, secret_digest, created_at, updated_at)
            VALUES (:clientId, :clientName, :userId, :orgId, :redirectUris, :grantTypes, :scopes,
              :digest, :createdAt, :updatedAt)
            """)
        .bind("clientId", a.clientId())
        .bind("clientName", a.clientName())
        .bind("userId", a.userId())
        .bind("orgId", a.orgId())
        .bind("redirectUris", JsonText.write(a.redirectUris()))
        .bind("grantTypes", JsonText.write(a.grantTypes()))
        .bind("scopes", JsonText.write(a.scopes()))
        .bind("digest", secretDigest)
        .bind("createdAt", a.createdAt())
        .bind("updatedAt", a.updatedAt())
        .execute();
  }

  Optional<AppRow> byClientId(Handle h, String clientId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM oauth_apps a WHERE a.client_id = :id")
        .bind("id", clientId)
        .map(AppStore::map)
        .findOne();
  }

  /** The app with its digests and its owner's state: the token endpoint's one indexed read. */
  Optional<ClientRecord> client(Handle h, String clientId) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + ", a.secret_digest, a.previous_secret_digest, u.enabled AS owner_enabled,"
                + " u.locked AS owner_locked FROM oauth_apps a LEFT JOIN users u ON u.id = a.user_id"
                + " WHERE a.client_id = :id")
        .bind("id", clientId)
        .map(
            (rs, ctx) -> {
              AppRow app = map(rs, ctx);
              boolean active =
                  app.userId() == null
                      || (rs.getBoolean("owner_enabled") && !rs.getBoolean("owner_locked"));
              return new ClientRecord(
                  app,
                  rs.getString("secret_digest"),
                  rs.getString("previous_secret_digest"),
                  active);
            })
        .findOne();
  }

  /** The apps a caller reaches, newest first. */
  Page<AppRow> list(Handle h, Reach reach, PageRequest page) {
    Map<String, Object> binds = new LinkedHashMap<>();
    StringBuilder where = new StringBuilder("FROM oauth_apps a WHERE ");
    if (reach.all()) {
      where.append("1 = 1");
    } else {
      where.append("(");
      if (reach.userId() != null) {
        where.append("a.user_id = :userId");
        binds.put("userId", reach.userId());
      } else {
        where.append("1 = 0");
      }
      if (!reach.orgIds().isEmpty()) {
        where.append(" OR a.org_id IN (<orgs>)");
      }
      where.append(")");
    }
    List<String> orgs = List.copyOf(reach.orgIds());
    return Paging.page(
        h,
        COLUMNS,
        orgs.isEmpty() || reach.all() ? where.toString() : expand(where.toString(), orgs, binds),
        "a.created_at DESC, a.client_id",
        binds,
        page,
        AppStore::map);
  }

  /** Jdbi's list binding needs a defined attribute; named binds keep the query plain text. */
  private static String expand(String sql, List<String> orgs, Map<String, Object> binds) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < orgs.size(); i++) {
      names.append(i == 0 ? "" : ", ").append(":org").append(i);
      binds.put("org" + i, orgs.get(i));
    }
    return sql.replace("<orgs>", names);
  }

  void update(Handle h, AppRow a) {
    h.createUpdate(
            """
            UPDATE oauth_apps SET client_name = :clientName, redirect_uris = :redirectUris,
              grant_types = :grantTypes, scopes = :scopes, updated_at = :updatedAt
            WHERE client_id = :clientId
            """)
        .bind("clientId", a.clientId())
        .bind("clientName", a.clientName())
        .bind("redirectUris", JsonText.write(a.redirectUris()))
        .bind("grantTypes", JsonText.write(a.grantTypes()))
        .bind("scopes", JsonText.write(a.scopes()))
        .bind("updatedAt", a.updatedAt())
        .execute();
  }

  /** A new secret; the old one stays valid until {@code previousValidUntil} (null: not at all). */
  void rotate(Handle h, String clientId, String digest, Long previousValidUntil, long now) {
    String previous =
        previousValidUntil == null
            ? "previous_secret_digest = NULL, previous_valid_until = NULL"
            : "previous_secret_digest = secret_digest, previous_valid_until = :until";
    var update =
        h.createUpdate(
                "UPDATE oauth_apps SET "
                    + previous
                    + ", secret_digest = :digest, updated_at = :now WHERE client_id = :clientId")
            .bind("clientId", clientId)
            .bind("digest", digest)
            .bind("now", now);
    if (previousValidUntil != null) {
      update.bind("until", previousValidUntil);
    }
    update.execute();
  }

  boolean delete(Handle h, String clientId) {
    return h.createUpdate("DELETE FROM oauth_apps WHERE client_id = :id")
            .bind("id", clientId)
            .execute()
        > 0;
  }

  boolean isRevoked(Handle h, String jti) {
    return h.createQuery("SELECT count(*) FROM oauth_revoked_tokens WHERE jti = :jti")
            .bind("jti", jti)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /**
   * Records a revocation and drops rows of expired tokens; false when the token was revoked
   * already.
   */
  boolean revoke(Handle h, String jti, String clientId, long expiresAt, long now) {
    h.createUpdate("DELETE FROM oauth_revoked_tokens WHERE expires_at < :now")
        .bind("now", now)
        .execute();
    if (!isRevoked(h, jti)) {
      h.createUpdate(
              "INSERT INTO oauth_revoked_tokens (jti, client_id, expires_at, revoked_at)"
                  + " VALUES (:jti, :clientId, :expiresAt, :now)")
          .bind("jti", jti)
          .bind("clientId", clientId)
          .bind("expiresAt", expiresAt)
          .bind("now", now)
          .execute();
      return true;
    }
    return false;
  }
}
