package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TcpProxy;
import dev.latchkey.server.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /readyz} answers 200 only while the database does; {@code /healthz} keeps answering. */
class ReadinessTest {

  @Test
  void readyz_whenDatabaseConnectionIsCut_returns503_whileHealthzStaysUp(@TempDir Path dir)
      throws Exception {
    Assumptions.assumeTrue(TestDatabase.postgresConfigured(), TestDatabase.postgresSkipMessage());
    TestDatabase db = TestDatabase.postgres();
    URI target = URI.create(db.url().substring("jdbc:".length()));
    TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
    try {
      String viaProxy = db.url().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/");
      Config config =
          Config.from(
              List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()),
              Map.of("LATCHKEY_DATABASE_URL", viaProxy, "LATCHKEY_DATABASE_USER", db.user()));
      try (App app = App.create(config, new MutableClock(Instant.now())).start()) {
        RawHttp http = new dev.latchkey.server.testing.RawHttpFactory(app.port()).anonymous();
        assertThat(http.get("/readyz").status()).isEqualTo(200);
        proxy.close();
        var r = http.get("/readyz");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("status").asText()).isEqualTo("database unavailable");
        assertThat(http.get("/healthz").status()).isEqualTo(200);
      }
    } finally {
      proxy.close();
      db.dropper().run();
    }
  }
}
