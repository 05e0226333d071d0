package dev.latchkey.server.testing;

import dev.latchkey.server.app.App;
import dev.latchkey.server.app.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real server on a random port over a real database, built by the same {@link App#create} as
 * production. Suites share one server per database kind ({@link #shared}); a suite that needs
 * special settings starts its own with {@link #start}.
 */
public final class TestServer implements AutoCloseable {
  public static final String MANAGEMENT_KEY = "lk_mgmt_test_0123456789abcdefghijklmnop";
  private static final Map<String, TestServer> SHARED = new ConcurrentHashMap<>();

  private final App app;
  private final Path dataDir;
  private final TestDatabase database;
  private final MutableClock clock;

  private TestServer(App app, Path dataDir, TestDatabase database, MutableClock clock) {
    this.app = app;
    this.dataDir = dataDir;
    this.database = database;
    this.clock = clock;
  }

  /**
   * The shared server for {@code kind} ("sqlite" or "postgresql"), started on first use and closed
   * when the test JVM exits.
   */
  public static TestServer shared(String kind) {
    return SHARED.computeIfAbsent(
        kind,
        k -> {
          TestServer server = start(k, Map.of());
          Runtime.getRuntime().addShutdownHook(new Thread(server::close));
          return server;
        });
  }

  /**
   * Starts a server of {@code kind} with {@code extraEnv} over the defaults. It listens on a random
   * port unless {@code extraEnv} names one as {@code LATCHKEY_PORT} (for a server that must know
   * its own address in advance, such as a token issuer at {@code http://127.0.0.1:<port>}).
   */
  public static TestServer start(String kind, Map<String, String> extraEnv) {
    try {
      Path dir = Files.createTempDirectory("latchkey-test-");
      TestDatabase db =
          kind.equals("postgresql") ? TestDatabase.postgres() : TestDatabase.sqlite(dir);
      Map<String, String> env = new HashMap<>();
      env.put("LATCHKEY_DATABASE_URL", db.url());
      if (db.user() != null) {
        env.put("LATCHKEY_DATABASE_USER", db.user());
      }
      if (db.password() != null && !db.password().isEmpty()) {
        env.put("LATCHKEY_DATABASE_PASSWORD", db.password());
      }
      env.put("LATCHKEY_BOOTSTRAP_API_KEY", MANAGEMENT_KEY);
      env.put("LATCHKEY_PUBLIC_URL", "http://127.0.0.1:1");
      // several suites run servers side by side: keep well under PostgreSQL's connection limit
      env.put("LATCHKEY_DATABASE_POOL_SIZE", "4");
      env.putAll(extraEnv);
      String port = extraEnv.getOrDefault("LATCHKEY_PORT", "0");
      List<String> args =
          new ArrayList<>(
              List.of("--port", port, "--host", "127.0.0.1", "--data-dir", dir.toString()));
      MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      App app = App.create(Config.from(args, env), clock);
      try {
        app.start();
      } catch (RuntimeException e) {
        // e.g. the given port was taken: leave no open pool or database behind
        try {
          app.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        db.dropper().run();
        deleteTree(dir);
        throw e;
      }
      return new TestServer(app, dir, db, clock);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  public int port() {
    return app.port();
  }

  public MutableClock clock() {
    return clock;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String databaseKind() {
    return database.kind();
  }

  public App app() {
    return app;
  }

  /** A raw HTTP client authenticated with the management key. */
  public RawHttp http() {
    return new RawHttp(baseUrl(), MANAGEMENT_KEY);
  }

  /** A raw HTTP client with no credential. */
  public RawHttp anonymous() {
    return new RawHttp(baseUrl(), null);
  }

  @Override
  public void close() {
    try {
      app.close();
    } finally {
      database.dropper().run();
      deleteTree(dataDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
