package dev.latchkey.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Throttling and lockout, on a server of its own so that its counters start empty. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockoutApiTest {
  static final String PASSWORD = "a long passphrase 1";
  TestServer server;
  RawHttp http;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            "sqlite", Map.of("LATCHKEY_LOGIN_MAX_FAILURES", "3", "LATCHKEY_LOCKOUT_MINUTES", "10"));
    http = server.http();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private RawHttp.Response login(String email, String password) {
    return server
        .anonymous()
        .post("/api/v1/login", RawHttp.json(Map.of("email", email, "password", password)));
  }

  private String user() {
    String email = Fixtures.email();
    Fixtures.createUser(
        http, Map.of("email", email, "email_confirmed", true, "password", PASSWORD));
    return email;
  }

  @Test
  void repeatedFailures_lockTheAccount_untilTheLockExpires() {
    String email = user();
    assertThat(login(email, "wrong one").status()).isEqualTo(401);
    assertThat(login(email, "wrong two").status()).isEqualTo(401);
    var third = login(email, "wrong three");
    assertThat(third.status()).isEqualTo(403);
    assertThat(third.json().get("error_code").asText()).isEqualTo("user_locked");
    var right = login(email, PASSWORD);
    assertThat(right.status()).as("even the right password is refused while locked").isEqualTo(403);
    var user = http.get("/api/backend/v1/user/email?email=" + email.replace("@", "%40")).json();
    assertThat(user.get("locked").asBoolean()).isTrue();
    server.clock().advance(Duration.ofMinutes(11));
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    assertThat(
            http.get("/api/backend/v1/user/email?email=" + email.replace("@", "%40"))
                .json()
                .get("locked")
                .asBoolean())
        .isFalse();
  }

  @Test
  void anAdministrator_canUnlock() {
    String email = user();
    for (int i = 0; i < 3; i++) {
      login(email, "wrong " + i);
    }
    assertThat(login(email, PASSWORD).status()).isEqualTo(403);
    String id =
        http.get("/api/backend/v1/user/email?email=" + email.replace("@", "%40"))
            .json()
            .get("user_id")
            .asText();
    assertThat(http.post("/api/backend/v1/user/" + id + "/unlock", "").status()).isEqualTo(200);
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    assertThat(
            http.post("/api/backend/v1/user/" + java.util.UUID.randomUUID() + "/unlock", "")
                .status())
        .isEqualTo(404);
  }

  @Test
  void failuresPerAccount_areThrottledWith429AndRetryAfter_evenForUnknownAccounts() {
    String unknown = "ghost-" + java.util.UUID.randomUUID() + "@example.com";
    for (int i = 0; i < 5; i++) {
      assertThat(login(unknown, "guess " + i).status()).isEqualTo(401);
    }
    var limited = login(unknown, "guess 6");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotNull();
    assertThat(limited.json().get("wait_seconds").asLong()).isBetween(1L, 900L);
    server.clock().advance(Duration.ofMinutes(16));
    assertThat(login(unknown, "guess 7").status()).isEqualTo(401);
  }

  @Test
  void failuresPerAddress_areThrottledAcrossAccounts() {
    server.clock().advance(Duration.ofMinutes(16));
    int limitedAt = -1;
    for (int i = 0; i < 60; i++) {
      String someone = "spray-" + i + "-" + java.util.UUID.randomUUID() + "@example.com";
      if (login(someone, "password spraying").status() == 429) {
        limitedAt = i;
        break;
      }
    }
    assertThat(limitedAt).as("the 51st failure from one address is refused").isEqualTo(50);
    server.clock().advance(Duration.ofMinutes(16));
  }
}
