package dev.latchkey.server.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.security.SecureRandom;
import java.util.Map;

/** Provider keys of the right form, and callers of every kind, for the vault's tests. */
final class VaultFixtures {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private VaultFixtures() {}

  static String random(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  /** A fresh key that passes the OpenAI format rule. */
  static String openAiKey() {
    return "sk-proj-" + random(40);
  }

  static String anthropicKey() {
    return "sk-ant-api03-" + random(40);
  }

  /** A management key that may resolve (decrypt) provider keys. */
  static String decryptingManagementKey(RawHttp management) {
    var r =
        management.post(
            "/api/admin/v1/management_keys",
            RawHttp.json(Map.of("name", "gateway", "can_decrypt", true)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("key").asText();
  }

  static String plainManagementKey(RawHttp management) {
    var r = management.post("/api/admin/v1/management_keys", RawHttp.json(Map.of("name", "ops")));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("key").asText();
  }

  static String accessToken(RawHttp management, String userId) {
    var r =
        management.post(
            "/api/backend/v1/access_token",
            RawHttp.json(Map.of("user_id", userId, "duration_in_minutes", 60)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  static String apiKey(RawHttp management, Map<String, Object> owner) {
    var r = management.post("/api/backend/v1/end_user_api_keys", RawHttp.json(owner));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("api_key_token").asText();
  }

  static JsonNode createByok(RawHttp http, Map<String, Object> body) {
    var r = http.post("/api/v1/byok", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("data");
  }

  static RawHttp as(TestServer server, String credential) {
    return server.anonymous().withBearer(credential);
  }
}
