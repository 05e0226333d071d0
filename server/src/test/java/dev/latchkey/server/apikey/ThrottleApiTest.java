package dev.latchkey.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Validation failures are throttled per client address and per key prefix (own server, fresh
 * counters).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottleApiTest {
  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start("sqlite", Map.of());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private int validate(String token) {
    return server
        .http()
        .post(
            "/api/backend/v1/end_user_api_keys/validate",
            RawHttp.json(Map.of("api_key_token", token)))
        .status();
  }

  @Test
  void failuresForOneKeyPrefix_are429AfterThirty_andRecoverAfterTheWindow() {
    String sameStart = "lk_SAMEstartXX";
    for (int i = 0; i < 30; i++) {
      assertThat(validate(sameStart + i)).isEqualTo(400);
    }
    var limited =
        server
            .http()
            .post(
                "/api/backend/v1/end_user_api_keys/validate",
                RawHttp.json(Map.of("api_key_token", sameStart + "x")));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().get("wait_seconds").asLong()).isBetween(1L, 60L);
    assertThat(limited.header("Retry-After")).isNotNull();
    server.clock().advance(Duration.ofMinutes(2));
    assertThat(validate(sameStart + "y")).isEqualTo(400);
  }

  @Test
  void anApplicationNamingItsClientsAddresses_isNotThrottledForThem() {
    server.clock().advance(Duration.ofMinutes(2));
    for (int i = 0; i < 101; i++) {
      server
          .http()
          .send(
              "POST",
              "/api/backend/v1/end_user_api_keys/validate",
              RawHttp.json(Map.of("api_key_token", "lk_" + i + "attacker" + i + "x")),
              "application/json",
              Map.of("X-Latchkey-Client-Address", "203.0.113.7"));
    }
    var attacker =
        server
            .http()
            .send(
                "POST",
                "/api/backend/v1/end_user_api_keys/validate",
                RawHttp.json(Map.of("api_key_token", "lk_more_attacker")),
                "application/json",
                Map.of("X-Latchkey-Client-Address", "203.0.113.7"));
    assertThat(attacker.status()).isEqualTo(429);
    String token =
        server
            .http()
            .post("/api/backend/v1/end_user_api_keys", "{}")
            .json()
            .get("api_key_token")
            .asText();
    var honest =
        server
            .http()
            .send(
                "POST",
                "/api/backend/v1/end_user_api_keys/validate",
                RawHttp.json(Map.of("api_key_token", token)),
                "application/json",
                Map.of("X-Latchkey-Client-Address", "198.51.100.1"));
    assertThat(honest.status()).isEqualTo(200);
    server.clock().advance(Duration.ofMinutes(2));
  }

  @Test
  void failuresFromOneAddress_are429AfterAHundred() {
    server.clock().advance(Duration.ofMinutes(2));
    int limitedAt = -1;
    for (int i = 0; i < 120; i++) {
      if (validate("lk_" + i + "distinct" + i + "x") == 429) {
        limitedAt = i;
        break;
      }
    }
    assertThat(limitedAt).isEqualTo(100);
    server.clock().advance(Duration.ofMinutes(2));
  }
}
