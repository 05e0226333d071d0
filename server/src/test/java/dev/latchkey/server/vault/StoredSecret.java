package dev.latchkey.server.vault;

import dev.latchkey.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads and writes the sealed column of a provider credential directly, as an attacker with the
 * database would.
 */
final class StoredSecret {
  private StoredSecret() {}

  private static Connection connect(TestServer server) throws SQLException {
    var config = server.app().config();
    return DriverManager.getConnection(
        config.databaseUrl(),
        config.databaseUser(),
        config.databasePassword() == null ? "" : config.databasePassword().reveal());
  }

  static String of(TestServer server, String credentialId) throws SQLException {
    try (Connection c = connect(server);
        PreparedStatement s =
            c.prepareStatement("SELECT secret FROM provider_credentials WHERE id = ?")) {
      s.setString(1, credentialId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  static void set(TestServer server, String credentialId, String value) throws SQLException {
    try (Connection c = connect(server);
        PreparedStatement s =
            c.prepareStatement("UPDATE provider_credentials SET secret = ? WHERE id = ?")) {
      s.setString(1, value);
      s.setString(2, credentialId);
      s.executeUpdate();
    }
  }
}
