package dev.latchkey.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database for one test suite: a SQLite file in a temp directory, or a fresh schema in the
 * PostgreSQL server named by {@code LATCHKEY_TEST_POSTGRES_URL} (CI always sets it).
 */
public record TestDatabase(
    String kind, String url, String user, String password, Runnable dropper) {

  public static final String POSTGRES_URL_ENV = "LATCHKEY_TEST_POSTGRES_URL";

  public static TestDatabase sqlite(Path dir) {
    return new TestDatabase(
        "sqlite", "jdbc:sqlite:" + dir.resolve("latchkey.db"), null, null, () -> {});
  }

  /** True when PostgreSQL tests can run here. */
  public static boolean postgresConfigured() {
    String url = System.getenv(POSTGRES_URL_ENV);
    return url != null && !url.isBlank();
  }

  public static String postgresSkipMessage() {
    return "\n*** PostgreSQL suite SKIPPED: set "
        + POSTGRES_URL_ENV
        + " (e.g. jdbc:postgresql://127.0.0.1:5432/test) and LATCHKEY_TEST_POSTGRES_USER to run it."
        + " .ci/run sets them, so CI never skips. ***\n";
  }

  /** A new, empty schema; dropped again when the suite's server closes. */
  public static TestDatabase postgres() {
    Map<String, String> env = System.getenv();
    String base = env.get(POSTGRES_URL_ENV);
    String user = env.getOrDefault("LATCHKEY_TEST_POSTGRES_USER", "postgres");
    String password = env.getOrDefault("LATCHKEY_TEST_POSTGRES_PASSWORD", "");
    String schema = "lk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test schema on " + base + ": " + e.getMessage(), e);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Runnable drop =
        () -> {
          try (Connection c = DriverManager.getConnection(base, user, password);
              Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
          } catch (SQLException e) {
            System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
          }
        };
    return new TestDatabase("postgresql", url, user, password, drop);
  }
}
