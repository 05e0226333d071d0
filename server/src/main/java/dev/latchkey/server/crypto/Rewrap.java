package dev.latchkey.server.crypto;

import dev.latchkey.server.crypto.SealedColumns.Column;
import dev.latchkey.server.store.Database;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key-version upkeep over every sealed column: count what each master key version encrypts,
 * re-encrypt everything to the primary (plaintext never leaves this class), and retire versions
 * nothing uses any more.
 */
public final class Rewrap {
  private Rewrap() {}

  /** How many stored values each key version seals (0 stands for pre-Tink {@code v1:} values). */
  public static Map<Integer, Long> usage(Database db, List<Column> columns) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (Column c : columns) {
      List<String> values =
          db.withHandle(
              h ->
                  h.createQuery(
                          "SELECT " + c.column() + " FROM " + c.table() + " WHERE " + c.where())
                      .mapTo(String.class)
                      .list());
      for (String v : values) {
        counts.merge(MasterKeys.keyIdOf(v), 1L, Long::sum);
      }
    }
    return counts;
  }

  /**
   * Re-encrypts every value not sealed by the primary key; returns how many changed. Each row is
   * updated only if it still holds the value read, so a concurrent change is never overwritten.
   */
  public static int rewrapAll(Database db, MasterKeys keys, List<Column> columns) {
    int primary = keys.primaryKeyId();
    int changed = 0;
    for (Column c : columns) {
      String owner = c.ownerColumn() == null ? "NULL" : c.ownerColumn();
      List<String[]> rows =
          db.withHandle(
              h ->
                  h.createQuery(
                          "SELECT "
                              + c.idColumn()
                              + " AS id, "
                              + owner
                              + " AS owner, "
                              + c.column()
                              + " AS v FROM "
                              + c.table()
                              + " WHERE "
                              + c.where())
                      .map(
                          (rs, ctx) ->
                              new String[] {
                                rs.getString("id"), rs.getString("owner"), rs.getString("v")
                              })
                      .list());
      for (String[] row : rows) {
        if (MasterKeys.keyIdOf(row[2]) == primary) {
          continue;
        }
        String aad = c.associatedData(row[0], row[1]);
        String resealed = keys.seal(keys.open(row[2], aad), aad);
        changed +=
            db.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE "
                                + c.table()
                                + " SET "
                                + c.column()
                                + " = :new WHERE "
                                + c.idColumn()
                                + " = :id AND "
                                + c.column()
                                + " = :old")
                        .bind("new", resealed)
                        .bind("id", row[0])
                        .bind("old", row[2])
                        .execute());
      }
    }
    return changed;
  }

  /** Removes key version {@code keyId}, refusing while any stored value still uses it. */
  public static void retire(Database db, MasterKeys keys, List<Column> columns, int keyId) {
    long inUse = usage(db, columns).getOrDefault(keyId, 0L);
    if (inUse > 0) {
      throw new IllegalArgumentException(
          "key " + keyId + " still encrypts " + inUse + " stored values; rewrap first");
    }
    keys.remove(keyId);
  }
}
