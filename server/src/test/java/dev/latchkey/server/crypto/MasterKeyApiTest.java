package dev.latchkey.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Rotation, rewrap and retirement of master key versions, on a server of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MasterKeyApiTest {
  static final String MFA = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  TestServer server;
  RawHttp http;

  @BeforeAll
  void start() {
    server = TestServer.start("sqlite", Map.of());
    http = server.http();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private List<String> sealedValues() throws Exception {
    List<String> out = new ArrayList<>();
    var c = server.app().config();
    try (Connection conn = DriverManager.getConnection(c.databaseUrl());
        Statement s = conn.createStatement()) {
      for (String q :
          List.of(
              "SELECT mfa_secret FROM users WHERE mfa_secret IS NOT NULL",
              "SELECT private_key FROM signing_keys")) {
        try (ResultSet rs = s.executeQuery(q)) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
    }
    return out;
  }

  @Test
  void rotateRewrapRetire_keepsEverySecretUsable() throws Exception {
    var migrated =
        http.post(
            "/api/backend/v1/migrate_user/",
            RawHttp.json(
                Map.of(
                    "email",
                    Fixtures.email(),
                    "email_confirmed",
                    true,
                    "existing_mfa_base32_encoded_secret",
                    MFA)));
    assertThat(migrated.status()).isEqualTo(200);
    assertThat(sealedValues()).allSatisfy(v -> assertThat(v).startsWith("t1:").doesNotContain(MFA));

    JsonNode before = http.get("/api/admin/v1/master_key").json();
    int first = before.get("primary_key_id").asInt();
    assertThat(before.get("versions").get(0).get("encrypted_values").asLong())
        .isGreaterThanOrEqualTo(2);

    var rotated = http.post("/api/admin/v1/master_key/rotate", "");
    assertThat(rotated.status()).isEqualTo(201);
    int second = rotated.json().get("primary_key_id").asInt();
    assertThat(second).isNotEqualTo(first);

    var refused =
        http.post("/api/admin/v1/master_key/retire", RawHttp.json(Map.of("key_id", first)));
    assertThat(refused.status()).as("the old key still encrypts values").isEqualTo(409);
    assertThat(
            http.post("/api/admin/v1/master_key/retire", RawHttp.json(Map.of("key_id", second)))
                .status())
        .isEqualTo(400);
    assertThat(
            http.post("/api/admin/v1/master_key/retire", RawHttp.json(Map.of("key_id", 12345)))
                .status())
        .isEqualTo(404);

    var rewrapped = http.post("/api/admin/v1/master_key/rewrap", "");
    assertThat(rewrapped.status()).isEqualTo(200);
    assertThat(rewrapped.json().get("rewrapped").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(sealedValues()).allSatisfy(v -> assertThat(MasterKeys.keyIdOf(v)).isEqualTo(second));
    assertThat(
            http.post("/api/admin/v1/master_key/retire", RawHttp.json(Map.of("key_id", first)))
                .status())
        .isEqualTo(200);
    JsonNode after = http.get("/api/admin/v1/master_key").json();
    assertThat(after.get("versions").size()).isEqualTo(1);

    String user = migrated.json().get("user_id").asText();
    assertThat(Fixtures.user(http, user).get("mfa_enabled").asBoolean()).isTrue();
    var token =
        http.post(
            "/api/backend/v1/access_token",
            RawHttp.json(Map.of("user_id", user, "duration_in_minutes", 5)));
    assertThat(token.status()).as("the signing key still signs after rewrap").isEqualTo(200);
    assertThat(
            http.get("/api/admin/v1/audit_events?action=master_key.retired")
                .json()
                .get("total_events")
                .asLong())
        .isEqualTo(1);
  }
}
