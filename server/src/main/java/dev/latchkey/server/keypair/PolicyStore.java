package dev.latchkey.server.keypair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** SQL of {@code keypair_resource_policies}. JSON columns are stored as text. */
final class PolicyStore {
  private final ObjectMapper json;

  PolicyStore(ObjectMapper json) {
    this.json = json;
  }

  private Records.Policy map(ResultSet rs) throws SQLException {
    return new Records.Policy(
        rs.getString("name"),
        rs.getString("default_for_unspecified"),
        parse(rs.getString("total_resource_slots")),
        rs.getLong("max_session_lifetime"),
        rs.getInt("max_concurrent_sessions"),
        Rows.nullableInt(rs, "max_pending_session_count"),
        parse(rs.getString("max_pending_session_resource_slots")),
        rs.getInt("max_priority"),
        rs.getInt("max_concurrent_sftp_sessions"),
        rs.getInt("max_containers_per_session"),
        rs.getLong("idle_timeout"),
        parse(rs.getString("allowed_vfolder_hosts")),
        rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored policy column is not JSON", e);
    }
  }

  String text(JsonNode node) {
    try {
      return node == null || node.isNull() ? null : json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  Optional<Records.Policy> find(Handle h, String name) {
    return h.createQuery("SELECT * FROM keypair_resource_policies WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  Records.Policies list(Handle h, int offset, int size) {
    List<Records.Policy> items =
        h.createQuery(
                "SELECT * FROM keypair_resource_policies ORDER BY name LIMIT :limit OFFSET :offset")
            .bind("limit", size)
            .bind("offset", offset)
            .map((rs, ctx) -> map(rs))
            .list();
    long total =
        h.createQuery("SELECT count(*) FROM keypair_resource_policies").mapTo(Long.class).one();
    return new Records.Policies(items, total);
  }

  void insert(Handle h, String name, long at) {
    h.createUpdate(
            "INSERT INTO keypair_resource_policies (name, created_at, updated_at)"
                + " VALUES (:name, :at, :at)")
        .bind("name", name)
        .bind("at", at)
        .execute();
  }

  /** Sets the given columns (names from {@link ResourcePolicies} only) and {@code updated_at}. */
  boolean update(Handle h, String name, Map<String, Object> set, long at) {
    StringBuilder sql = new StringBuilder("UPDATE keypair_resource_policies SET updated_at = :at");
    for (String column : set.keySet()) {
      sql.append(", ").append(column).append(" = :").append(column);
    }
    sql.append(" WHERE name = :name");
    Update u = h.createUpdate(sql.toString()).bind("at", at).bind("name", name);
    set.forEach(u::bind);
    return u.execute() == 1;
  }

  long keypairsUsing(Handle h, String name) {
    return h.createQuery("SELECT count(*) FROM keypairs WHERE resource_policy = :name")
        .bind("name", name)
        .mapTo(Long.class)
        .one();
  }

  boolean delete(Handle h, String name) {
    return h.createUpdate("DELETE FROM keypair_resource_policies WHERE name = :name")
            .bind("name", name)
            .execute()
        == 1;
  }
}
