package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.server.testing.TestDatabase;
import dev.latchkey.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Makes the PostgreSQL configuration visible in every test report: a skipped test with the reason
 * when it is absent, a failure when CI requires it ({@code LATCHKEY_TEST_REQUIRE_POSTGRES=1}).
 */
class PostgresConfiguredTest {

  @Test
  void postgresSuites_areConfigured_orSkippedLoudly() {
    if (!TestDatabase.postgresConfigured()) {
      if ("1".equals(System.getenv("LATCHKEY_TEST_REQUIRE_POSTGRES"))) {
        fail(
            "LATCHKEY_TEST_REQUIRE_POSTGRES=1 but "
                + TestDatabase.POSTGRES_URL_ENV
                + " is not set");
      }
      System.err.println(TestDatabase.postgresSkipMessage());
      Assumptions.abort(TestDatabase.postgresSkipMessage());
    }
    try (TestServer server = TestServer.start("postgresql", Map.of())) {
      assertThat(server.anonymous().get("/readyz").status()).isEqualTo(200);
    }
  }
}
