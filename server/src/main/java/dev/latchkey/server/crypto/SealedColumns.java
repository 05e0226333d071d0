package dev.latchkey.server.crypto;

import java.util.List;

/**
 * Every column that holds a {@link MasterKeys} ciphertext, with how its associated data is made
 * from the row: what {@link Rewrap} walks. A feature that adds a sealed column adds it here.
 */
public final class SealedColumns {
  private SealedColumns() {}

  /**
   * A sealed column: {@code table.column}, the row's id column, and the owner column that is part
   * of the associated data (or null when the row is its own owner).
   */
  public record Column(
      String table, String idColumn, String column, String ownerColumn, String filter) {
    public Column(String table, String idColumn, String column, String ownerColumn) {
      this(table, idColumn, column, ownerColumn, null);
    }

    /** The SQL condition selecting this column's sealed values. */
    String where() {
      return column + " IS NOT NULL" + (filter == null ? "" : " AND " + filter);
    }

    /** The associated data of one row: {@code table.column:id[:owner]}. */
    public String associatedData(String id, String owner) {
      return table + "." + column + ":" + id + (ownerColumn == null ? "" : ":" + owner);
    }
  }

  public static final Column USER_MFA = new Column("users", "id", "mfa_secret", null);
  public static final Column USER_PENDING_MFA =
      new Column("users", "id", "mfa_pending_secret", null);
  public static final Column SIGNING_KEY = new Column("signing_keys", "kid", "private_key", null);

  /** A provider key (or custom auth config) in the vault, bound to its row and workspace. */
  public static final Column PROVIDER_SECRET =
      new Column("provider_credentials", "id", "secret", "workspace_id");

  /** A keypair's secret key (Backend.AI), bound to its access key and user. */
  public static final Column KEYPAIR_SECRET =
      new Column("keypairs", "access_key", "secret_key", "user_id");

  /** The value that proves at start that the master keyset is the database's own. */
  public static final Column MASTER_KEY_CHECK =
      new Column("server_meta", "key", "value", null, "key = 'master_key_check'");

  public static final List<Column> ALL =
      List.of(
          MASTER_KEY_CHECK,
          USER_MFA,
          USER_PENDING_MFA,
          SIGNING_KEY,
          PROVIDER_SECRET,
          KEYPAIR_SECRET);
}
