package dev.latchkey.server.apikey;

import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.store.ColumnUpdate;
import dev.latchkey.server.store.Paging;
import dev.latchkey.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code api_keys} and {@code api_key_usage}. */
final class ApiKeyStore {
  static final String COLUMNS =
      "id, start, user_id, org_id, display_name, metadata, expires_at, enabled, imported, credits_remaining,"
          + " refill_interval, refill_amount, refill_day, last_refill_at, ratelimits, created_at, updated_at,"
          + " deleted_at, last_used_at, usage_count, previous_valid_until";

  static ApiKeyRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ApiKeyRow(
        rs.getString("id"),
        rs.getString("start"),
        rs.getString("user_id"),
        rs.getString("org_id"),
        rs.getString("display_name"),
        rs.getString("metadata"),
        Rows.nullableLong(rs, "expires_at"),
        rs.getBoolean("enabled"),
        rs.getBoolean("imported"),
        Rows.nullableLong(rs, "credits_remaining"),
        rs.getString("refill_interval"),
        Rows.nullableLong(rs, "refill_amount"),
        Rows.nullableInt(rs, "refill_day"),
        Rows.nullableLong(rs, "last_refill_at"),
        rs.getString("ratelimits"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        Rows.nullableLong(rs, "deleted_at"),
        Rows.nullableLong(rs, "last_used_at"),
        rs.getLong("usage_count"),
        Rows.nullableLong(rs, "previous_valid_until"));
  }

  void insert(Handle h, ApiKeyRow k, String digest) {
    h.createUpdate(
            "INSERT INTO api_keys (id, digest, start, user_id, org_id, display_name, metadata, expires_at, enabled,"
                + " imported, credits_remaining, refill_interval, refill_amount, refill_day, last_refill_at, ratelimits,"
                + " created_at, updated_at) VALUES (:id, :digest, :start, :userId, :orgId, :displayName, :metadata,"
                + " :expiresAt, :enabled, :imported, :creditsRemaining, :refillInterval, :refillAmount, :refillDay,"
                + " :lastRefillAt, :ratelimits, :createdAt, :updatedAt)")
        .bindMethods(k)
        .bind("digest", digest)
        .execute();
  }

  Optional<ApiKeyRow> byId(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
        .bind("id", id)
        .map(ApiKeyStore::map)
        .findOne();
  }

  /**
   * The key a token digest names: its current digest, or the previous one during a reroll's grace.
   */
  Optional<Found> byDigest(Handle h, String digest) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + ", CASE WHEN digest = :d THEN 1 ELSE 0 END AS current_digest FROM api_keys"
                + " WHERE digest = :d OR previous_digest = :d")
        .bind("d", digest)
        .map((rs, ctx) -> new Found(map(rs, ctx), rs.getInt("current_digest") == 1))
        .findOne();
  }

  record Found(ApiKeyRow key, boolean currentDigest) {}

  /** Filters of the list endpoints; null means "any". */
  record Filter(String orgId, String userId, String type, boolean archived, long now) {}

  Page<ApiKeyRow> list(Handle h, Filter f, PageRequest page) {
    StringBuilder where = new StringBuilder(" WHERE ");
    Map<String, Object> binds = new LinkedHashMap<>();
    binds.put("now", f.now());
    where.append(
        f.archived()
            ? "(deleted_at IS NOT NULL OR (expires_at IS NOT NULL AND expires_at <= :now))"
            : "deleted_at IS NULL AND (expires_at IS NULL OR expires_at > :now)");
    if (f.orgId() != null) {
      where.append(" AND org_id = :org");
      binds.put("org", f.orgId());
    }
    if (f.userId() != null) {
      where.append(" AND user_id = :user");
      binds.put("user", f.userId());
    }
    if (f.type() != null) {
      where.append(
          switch (f.type()) {
            case "User" -> " AND user_id IS NOT NULL AND org_id IS NULL";
            case "Org" -> " AND org_id IS NOT NULL";
            default -> " AND user_id IS NULL AND org_id IS NULL";
          });
    }
    return Paging.page(
        h, COLUMNS, " FROM api_keys" + where, "created_at DESC, id", binds, page, ApiKeyStore::map);
  }

  boolean update(Handle h, String id, Map<String, Object> columns, long now) {
    Map<String, Object> all = new LinkedHashMap<>(columns);
    all.put("updated_at", now);
    return ColumnUpdate.set(h, "api_keys", id, all, "deleted_at IS NULL") > 0;
  }

  boolean softDelete(Handle h, String id, long now) {
    return h.createUpdate(
                "UPDATE api_keys SET deleted_at = :now, updated_at = :now, previous_digest = NULL WHERE id = :id AND deleted_at IS NULL")
            .bind("now", now)
            .bind("id", id)
            .execute()
        > 0;
  }

  boolean reroll(
      Handle h, String id, String newDigest, String newStart, long previousValidUntil, long now) {
    return h.createUpdate(
                "UPDATE api_keys SET previous_digest = CASE WHEN :grace > :now THEN digest ELSE NULL END,"
                    + " previous_valid_until = CASE WHEN :grace > :now THEN :grace ELSE NULL END, digest = :d, start = :start,"
                    + " updated_at = :now WHERE id = :id AND deleted_at IS NULL")
            .bind("grace", previousValidUntil)
            .bind("now", now)
            .bind("d", newDigest)
            .bind("start", newStart)
            .bind("id", id)
            .execute()
        > 0;
  }

  /** Usage counted on one node since the last flush: {@code count} validations on {@code day}. */
  record UsageDelta(String keyId, String day, long count, long lastUsedAt) {}

  /**
   * Adds usage of many keys in two batched statements (one round trip each on PostgreSQL, not two
   * or three per key). Keys deleted meanwhile (with their user or org) are skipped.
   */
  void addUsage(Handle h, List<UsageDelta> deltas) {
    if (deltas.isEmpty()) {
      return;
    }
    var keys =
        h.prepareBatch(
            """
            UPDATE api_keys SET usage_count = usage_count + :n,
              last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < :at THEN :at ELSE last_used_at END
            WHERE id = :id
            """);
    var days =
        h.prepareBatch(
            """
            INSERT INTO api_key_usage (api_key_id, day, count)
            SELECT :id, :day, :n WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = :id)
            ON CONFLICT (api_key_id, day) DO UPDATE SET count = api_key_usage.count + excluded.count
            """);
    for (UsageDelta d : deltas) {
      keys.bind("n", d.count()).bind("at", d.lastUsedAt()).bind("id", d.keyId()).add();
      days.bind("id", d.keyId()).bind("day", d.day()).bind("n", d.count()).add();
    }
    keys.execute();
    days.execute();
  }

  void setCredits(Handle h, String id, long remaining, Long lastRefillAt) {
    h.createUpdate(
            "UPDATE api_keys SET credits_remaining = :r, last_refill_at = :at WHERE id = :id AND credits_remaining IS NOT NULL")
        .bind("r", remaining)
        .bindByType("at", lastRefillAt, Long.class)
        .bind("id", id)
        .execute();
  }

  long usage(Handle h, String orgId, String userId, String keyId, String day) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT COALESCE(sum(u.count), 0) FROM api_key_usage u JOIN api_keys k ON k.id = u.api_key_id WHERE u.day = :day");
    if (orgId != null) {
      sql.append(" AND k.org_id = :org");
    }
    if (userId != null) {
      sql.append(" AND k.user_id = :user");
    }
    if (keyId != null) {
      sql.append(" AND k.id = :key");
    }
    Query q = h.createQuery(sql.toString()).bind("day", day);
    if (orgId != null) {
      q.bind("org", orgId);
    }
    if (userId != null) {
      q.bind("user", userId);
    }
    if (keyId != null) {
      q.bind("key", keyId);
    }
    return q.mapTo(Long.class).one();
  }
}
