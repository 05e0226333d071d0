package dev.latchkey.server.keypair;

import dev.latchkey.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** SQL of {@code keypairs}. */
final class KeypairStore {
  static final String COLUMNS =
      """
      k.access_key, k.user_id, u.email, k.secret_key, k.is_active, k.is_admin, k.resource_policy,
      k.rate_limit, k.num_queries, k.last_used, k.created_at, k.updated_at""";
  static final String FROM = "FROM keypairs k JOIN users u ON u.id = k.user_id";

  static KeypairRow map(ResultSet rs) throws SQLException {
    return new KeypairRow(
        rs.getString("access_key"),
        rs.getString("user_id"),
        rs.getString("email"),
        rs.getString("secret_key"),
        rs.getBoolean("is_active"),
        rs.getBoolean("is_admin"),
        rs.getString("resource_policy"),
        rs.getLong("rate_limit"),
        rs.getLong("num_queries"),
        Rows.nullableLong(rs, "last_used"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  Optional<KeypairRow> find(Handle h, String accessKey) {
    return h.createQuery("SELECT " + COLUMNS + " " + FROM + " WHERE k.access_key = :key")
        .bind("key", accessKey)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  void insert(Handle h, KeypairRow k) {
    h.createUpdate(
            """
            INSERT INTO keypairs (access_key, user_id, secret_key, is_active, is_admin,
              resource_policy, rate_limit, created_at, updated_at)
            VALUES (:accessKey, :userId, :secret, :active, :admin, :policy, :rateLimit, :at, :at)
            """)
        .bind("accessKey", k.accessKey())
        .bind("userId", k.userId())
        .bind("secret", k.sealedSecret())
        .bind("active", k.isActive())
        .bind("admin", k.isAdmin())
        .bind("policy", k.resourcePolicy())
        .bind("rateLimit", k.rateLimit())
        .bind("at", k.createdAt())
        .execute();
  }

  /** Sets the given columns (names from this class only) and {@code updated_at}. */
  boolean update(Handle h, String accessKey, Map<String, Object> set, long at) {
    StringBuilder sql = new StringBuilder("UPDATE keypairs SET updated_at = :at");
    for (String column : set.keySet()) {
      sql.append(", ").append(column).append(" = :").append(column);
    }
    sql.append(" WHERE access_key = :key");
    Update u = h.createUpdate(sql.toString()).bind("at", at).bind("key", accessKey);
    set.forEach(u::bind);
    return u.execute() == 1;
  }

  boolean delete(Handle h, String accessKey) {
    return h.createUpdate("DELETE FROM keypairs WHERE access_key = :key")
            .bind("key", accessKey)
            .execute()
        == 1;
  }

  List<KeypairRow> ofUser(Handle h, String userId) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " "
                + FROM
                + " WHERE k.user_id = :user ORDER BY k.created_at, k.access_key LIMIT 101")
        .bind("user", userId)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Adds counted requests and the newest use, one statement per key, in one transaction. */
  void addUsage(Handle h, Map<String, long[]> usage) {
    var batch =
        h.prepareBatch(
            """
            UPDATE keypairs SET num_queries = num_queries + :n,
              last_used = CASE WHEN last_used IS NULL OR last_used < :at THEN :at ELSE last_used END
            WHERE access_key = :key
            """);
    usage.forEach((key, v) -> batch.bind("key", key).bind("n", v[0]).bind("at", v[1]).add());
    if (!usage.isEmpty()) {
      batch.execute();
    }
  }
}
