package dev.latchkey.server.session;

import dev.latchkey.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one stored value straight from the test database. */
final class StoredColumn {
  private StoredColumn() {}

  static String of(TestServer server, String table, String column, String id) throws SQLException {
    var config = server.app().config();
    String password = config.databasePassword() == null ? "" : config.databasePassword().reveal();
    try (Connection c =
            DriverManager.getConnection(config.databaseUrl(), config.databaseUser(), password);
        PreparedStatement s =
            c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
