package dev.latchkey.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the whole test database as text (every column of every table of the suite's schema), and
 * for SQLite also the raw bytes of its files, to prove a secret is nowhere in it.
 */
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
      for (String table : tables(c)) {
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
    return server.app().config().isSqlite() && filesContain(server.dataDir(), needle);
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (!name.startsWith("sqlite_")) {
          tables.add(name);
        }
      }
    }
    if (tables.isEmpty()) {
      throw new IllegalStateException("no tables found to search");
    }
    return tables;
  }

  /** The raw bytes of every file in the data directory (database, WAL), as Latin-1 text. */
  private static boolean filesContain(Path dir, String needle) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(needle)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
