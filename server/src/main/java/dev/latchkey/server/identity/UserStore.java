package dev.latchkey.server.identity;

import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.store.ColumnUpdate;
import dev.latchkey.server.store.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code users}. Emails are stored lower-case; usernames compare case-insensitively. */
final class UserStore {
  static final String COLUMNS =
      "id, email, email_confirmed, username, first_name, last_name, picture_url, password_hash, mfa_secret,"
          + " locked, enabled, can_create_orgs, update_password_required, legacy_user_id, metadata, properties,"
          + " created_at, last_active_at, sessions_valid_after";

  /** Orders of {@code fetch_users_by_query}; ties break on id so pages never overlap. */
  enum Order {
    CREATED_AT_ASC("created_at ASC, id ASC"),
    CREATED_AT_DESC("created_at DESC, id DESC"),
    LAST_ACTIVE_AT_ASC("last_active_at ASC, id ASC"),
    LAST_ACTIVE_AT_DESC("last_active_at DESC, id DESC"),
    EMAIL("email ASC, id ASC"),
    USERNAME("(username IS NULL) ASC, lower(username) ASC, id ASC");

    final String sql;

    Order(String sql) {
      this.sql = sql;
    }
  }

  static UserRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new UserRow(
        rs.getString("id"),
        rs.getString("email"),
        rs.getBoolean("email_confirmed"),
        rs.getString("username"),
        rs.getString("first_name"),
        rs.getString("last_name"),
        rs.getString("picture_url"),
        rs.getString("password_hash"),
        rs.getString("mfa_secret"),
        rs.getBoolean("locked"),
        rs.getBoolean("enabled"),
        rs.getBoolean("can_create_orgs"),
        rs.getBoolean("update_password_required"),
        rs.getString("legacy_user_id"),
        rs.getString("metadata"),
        rs.getString("properties"),
        rs.getLong("created_at"),
        rs.getLong("last_active_at"),
        rs.getLong("sessions_valid_after"));
  }

  void insert(Handle h, UserRow u) {
    h.createUpdate(
            "INSERT INTO users ("
                + COLUMNS
                + ") VALUES (:id, :email, :emailConfirmed, :username, :firstName,"
                + " :lastName, :pictureUrl, :passwordHash, :mfaSecret, :locked, :enabled, :canCreateOrgs,"
                + " :updatePasswordRequired, :legacyUserId, :metadata, :properties, :createdAt, :lastActiveAt,"
                + " :sessionsValidAfter)")
        .bindMethods(u)
        .execute();
  }

  Optional<UserRow> byId(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
        .bind("id", id)
        .map(UserStore::map)
        .findOne();
  }

  Optional<UserRow> byEmail(Handle h, String email) {
    return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
        .bind("email", email)
        .map(UserStore::map)
        .findOne();
  }

  Optional<UserRow> byUsername(Handle h, String username) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:username)")
        .bind("username", username)
        .map(UserStore::map)
        .findOne();
  }

  List<UserRow> byIds(Handle h, Collection<String> ids) {
    return byColumnIn(h, "id", ids);
  }

  List<UserRow> byEmails(Handle h, Collection<String> emails) {
    return byColumnIn(h, "email", emails);
  }

  List<UserRow> byUsernames(Handle h, Collection<String> lowerUsernames) {
    return byColumnIn(h, "lower(username)", lowerUsernames);
  }

  private List<UserRow> byColumnIn(Handle h, String column, Collection<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE " + column + " IN (<values>)")
        .bindList("values", List.copyOf(values))
        .map(UserStore::map)
        .list();
  }

  boolean emailTaken(Handle h, String email, String exceptId) {
    return h.createQuery("SELECT count(*) FROM users WHERE email = :email AND id <> :except")
            .bind("email", email)
            .bind("except", exceptId == null ? "" : exceptId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  boolean usernameTaken(Handle h, String username, String exceptId) {
    return h.createQuery(
                "SELECT count(*) FROM users WHERE lower(username) = lower(:username) AND id <> :except")
            .bind("username", username)
            .bind("except", exceptId == null ? "" : exceptId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** Users matching the optional filters, one page in the given order. */
  Page<UserRow> query(
      Handle h, String emailOrUsername, String legacyUserId, Order order, PageRequest page) {
    StringBuilder where = new StringBuilder(" FROM users WHERE 1 = 1");
    Map<String, Object> binds = new java.util.LinkedHashMap<>();
    if (emailOrUsername != null) {
      where.append(
          " AND (email LIKE :pattern ESCAPE '!' OR lower(username) LIKE :pattern ESCAPE '!')");
      binds.put(
          "pattern", "%" + likeEscape(emailOrUsername.toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    if (legacyUserId != null) {
      where.append(" AND legacy_user_id = :legacy");
      binds.put("legacy", legacyUserId);
    }
    return Paging.page(h, COLUMNS, where.toString(), order.sql, binds, page, UserStore::map);
  }

  /** Members of an org (optionally only one role), oldest member first. */
  Page<UserRow> inOrg(Handle h, String orgId, String role, PageRequest page) {
    Map<String, Object> binds = new java.util.LinkedHashMap<>();
    binds.put("org", orgId);
    String fromWhere = " FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.org_id = :org";
    if (role != null) {
      fromWhere += " AND m.role = :role";
      binds.put("role", role);
    }
    return Paging.page(
        h, prefixed("u"), fromWhere, "m.joined_at ASC, u.id ASC", binds, page, UserStore::map);
  }

  /**
   * Sets the given columns of one user. Column names come from code, never from input; returns
   * whether the user exists.
   */
  boolean update(Handle h, String id, Map<String, Object> columns) {
    if (columns.isEmpty()) {
      return byId(h, id).isPresent();
    }
    return ColumnUpdate.set(h, "users", id, columns, null) > 0;
  }

  /** Invalidates every session of the user: sessions remember the epoch they began in. */
  void bumpSessionEpoch(Handle h, String id) {
    h.createUpdate("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = :id")
        .bind("id", id)
        .execute();
  }

  boolean delete(Handle h, String id) {
    return h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute() > 0;
  }

  static String prefixed(String alias) {
    return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
  }

  static String likeEscape(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
