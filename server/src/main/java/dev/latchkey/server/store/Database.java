package dev.latchkey.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The database: a pooled connection to SQLite (embedded default) or PostgreSQL, migrated by Flyway
 * from the dialect's own folder at start. Feature stores write their SQL against the {@link Handle}
 * of the transaction their service opened.
 */
public final class Database implements AutoCloseable {

  /** The two supported SQL dialects; migrations and the few differing statements follow it. */
  public enum Dialect {
    SQLITE,
    POSTGRESQL;

    /**
     * Row lock for read-modify-write; SQLite needs none because its write transactions are
     * exclusive.
     */
    public String forUpdate() {
      return this == POSTGRESQL ? " FOR UPDATE" : "";
    }
  }

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
    // Error messages name the statement but never the bound values, which may be credentials.
    jdbi.getConfig(StatementExceptions.class)
        .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
  }

  /** Opens the pool and applies pending migrations; fails with a clear message when it cannot. */
  public static Database open(
      String url, String user, String password, int poolSize, MeterRegistry registry) {
    Dialect dialect = url.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRESQL;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setPoolName("latchkey");
    hc.setConnectionTimeout(3_000);
    hc.setValidationTimeout(2_000);
    if (registry != null) {
      hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
    if (dialect == Dialect.SQLITE) {
      createParentDirectory(url);
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "NORMAL");
      hc.addDataSourceProperty("foreign_keys", "true");
      hc.addDataSourceProperty("busy_timeout", "10000");
      // Write transactions take the lock when they begin, so two of them never deadlock on upgrade.
      hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      hc.setMaximumPoolSize(Math.min(poolSize, 8));
    } else {
      if (user != null) {
        hc.setUsername(user);
      }
      if (password != null) {
        hc.setPassword(password);
      }
      hc.setMaximumPoolSize(poolSize);
    }
    hc.setMinimumIdle(Math.min(2, hc.getMaximumPoolSize()));
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the database " + redact(url) + ": " + rootMessage(e), e);
    }
    try {
      if (appliedVersion(ds) < SCHEMA_VERSION) {
        Flyway.configure()
            .dataSource(ds)
            .locations(
                "classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
            .failOnMissingLocations(true)
            .load()
            .migrate();
      }
    } catch (RuntimeException e) {
      ds.close();
      throw new IllegalStateException(
          "database migration failed on " + redact(url) + ": " + rootMessage(e), e);
    }
    return new Database(ds, dialect);
  }

  /**
   * The newest migration in {@code db/migration/<dialect>}; keep it equal to the highest {@code
   * V<n>__} file (a test checks). A database already at this version skips Flyway at start, which
   * would otherwise spend most of the start time scanning and validating.
   */
  public static final int SCHEMA_VERSION = 6;

  /** The highest successfully applied migration, or 0 for a new database. */
  static int appliedVersion(javax.sql.DataSource ds) {
    try (java.sql.Connection c = ds.getConnection();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = TRUE")) {
      int max = 0;
      while (rs.next()) {
        String v = rs.getString(1);
        if (v != null && v.matches("\\d+")) {
          max = Math.max(max, Integer.parseInt(v));
        }
      }
      return max;
    } catch (java.sql.SQLException e) {
      return 0; // no history table yet: a new database
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
    return jdbi.inTransaction(callback);
  }

  public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
    return jdbi.withHandle(callback);
  }

  /** True while the database answers a trivial query. */
  public boolean isHealthy() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static void createParentDirectory(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file::memory:")) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot create the database directory " + parent + ": " + e.getMessage(), e);
    }
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
