package dev.latchkey.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the whole test database as text, to prove a secret is nowhere in it. */
public final class DatabaseDump {
  private DatabaseDump() {}

  public static boolean contains(TestServer server, String needle) throws SQLException {
    String url = server.app().config().databaseUrl();
    String user = server.app().config().databaseUser();
    String password =
        server.app().config().databasePassword() == null
            ? ""
            : server.app().config().databasePassword().reveal();
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      for (String table :
          new String[] {
            "users",
            "orgs",
            "org_members",
            "org_invites",
            "email_tokens",
            "audit_events",
            "management_keys",
            "server_meta"
          }) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              String v = rs.getString(i);
              if (v != null && v.contains(needle)) {
                return true;
              }
            }
          }
        }
      }
    }
    return false;
  }
}
