package dev.latchkey.server.store;

import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * {@code UPDATE <table> SET a = :a, b = :b WHERE id = :id [AND <condition>]} for a set of columns
 * chosen by code (never by input): the partial updates of the feature stores.
 */
public final class ColumnUpdate {
  private ColumnUpdate() {}

  /** Sets {@code columns} on the row {@code id}; returns the number of rows changed. */
  public static int set(
      Handle h, String table, String id, Map<String, Object> columns, String extraCondition) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to set");
    }
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
    int i = 0;
    for (String column : columns.keySet()) {
      sql.append(i++ == 0 ? "" : ", ").append(column).append(" = :").append(column);
    }
    sql.append(" WHERE id = :id");
    if (extraCondition != null) {
      sql.append(" AND ").append(extraCondition);
    }
    var update = h.createUpdate(sql.toString()).bind("id", id);
    columns.forEach(update::bind);
    return update.execute();
  }
}
