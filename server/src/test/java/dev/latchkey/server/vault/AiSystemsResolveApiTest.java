package dev.latchkey.server.vault;

import static dev.latchkey.server.vault.VaultFixtures.as;
import static dev.latchkey.server.vault.VaultFixtures.createByok;
import static dev.latchkey.server.vault.VaultFixtures.openAiKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** AI systems with their primary and fallback keys, and resolve for gateways. */
@ParameterizedClass
@MethodSource("kinds")
class AiSystemsResolveApiTest {
  static final String SYSTEMS = "/api/v1/ai_systems";
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  RawHttp gateway;
  String ws;

  static List<String> kinds() {
    return DatabaseKinds.available("AiSystemsResolveApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    gateway = as(server, VaultFixtures.decryptingManagementKey(http));
    var r = http.post("/api/v1/workspaces", RawHttp.json(Map.of("name", Fixtures.unique("ws"))));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    ws = r.json().get("data").get("id").asText();
  }

  /** Creates an OpenAI key in the test's workspace; returns {id, auth_id, key}. */
  private String[] key(Map<String, Object> extra) {
    String key = openAiKey();
    Map<String, Object> body =
        new LinkedHashMap<>(Map.of("provider", "openai", "key", key, "workspace_id", ws));
    body.putAll(extra);
    JsonNode d = createByok(http, body);
    return new String[] {d.get("id").asText(), d.get("auth_id").asText(), key};
  }

  private JsonNode system(Map<String, Object> body) {
    Map<String, Object> full =
        new LinkedHashMap<>(
            Map.of(
                "name",
                Fixtures.unique("model"),
                "provider",
                "openai",
                "model",
                "gpt-4o",
                "workspace_id",
                ws));
    full.putAll(body);
    var r = http.post(SYSTEMS, RawHttp.json(full));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("data");
  }

  private JsonNode resolve(RawHttp as, Map<String, Object> body) {
    var r = as.post("/api/v1/resolve", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> keysOf(JsonNode resolved) {
    List<String> keys = new ArrayList<>();
    resolved.get("keys").forEach(k -> keys.add(k.get("key").asText()));
    return keys;
  }

  @Test
  void remoteSystem_needsKeysAndAPrimaryAmongThem_andNeverAPlaintextKey() {
    String[] a = key(Map.of());
    record Case(Map<String, Object> body, String field) {}
    List<Case> cases =
        List.of(
            new Case(Map.of(), "auth_data_ids"),
            new Case(Map.of("auth_data_ids", List.of()), "auth_data_ids"),
            new Case(
                Map.of("auth_data_ids", List.of(Long.parseLong(a[1]))), "primary_auth_data_id"),
            new Case(
                Map.of(
                    "auth_data_ids", List.of(Long.parseLong(a[1])), "primary_auth_data_id", 999999),
                "primary_auth_data_id"),
            new Case(
                Map.of("auth_data_ids", List.of(999999), "primary_auth_data_id", 999999),
                "auth_data_ids[0]"),
            new Case(
                Map.of("auth_data_ids", List.of("x"), "primary_auth_data_id", "x"),
                "auth_data_ids[0]"),
            new Case(
                Map.of(
                    "auth_data_ids",
                    List.of(Long.parseLong(a[1])),
                    "primary_auth_data_id",
                    Long.parseLong(a[1]),
                    "api_key",
                    openAiKey()),
                "api_key"),
            new Case(
                Map.of(
                    "auth_data_ids",
                    List.of(Long.parseLong(a[1])),
                    "primary_auth_data_id",
                    Long.parseLong(a[1]),
                    "provider",
                    "anthropic"),
                "auth_data_ids[0]"),
            new Case(Map.of("provider", "openai", "name", ""), "name"),
            new Case(Map.of("source", "SOMEWHERE"), "source"),
            new Case(Map.of("endpoint", "ftp://x"), "endpoint"));
    for (Case c : cases) {
      Map<String, Object> full =
          new LinkedHashMap<>(Map.of("name", "m", "provider", "openai", "workspace_id", ws));
      full.putAll(c.body());
      var r = http.post(SYSTEMS, RawHttp.json(full));
      assertThat(r.status()).as(c + " " + r.body()).isEqualTo(400);
      assertThat(r.json().get("error").get("metadata").get("field_errors").has(c.field()))
          .as(c + " " + r.body())
          .isTrue();
    }
    assertThat(http.get(SYSTEMS + "?workspace_id=" + ws).json().get("total_count").asInt())
        .isZero();

    // a key of another workspace cannot serve this workspace's system
    String other =
        createByok(http, Map.of("provider", "openai", "key", openAiKey())).get("auth_id").asText();
    var foreign =
        http.post(
            SYSTEMS,
            RawHttp.json(
                Map.of(
                    "name",
                    "m",
                    "provider",
                    "openai",
                    "workspace_id",
                    ws,
                    "auth_data_ids",
                    List.of(Long.parseLong(other)),
                    "primary_auth_data_id",
                    Long.parseLong(other))));
    assertThat(foreign.status()).isEqualTo(400);

    JsonNode local = system(Map.of("source", "LOCAL", "provider", "openai"));
    assertThat(local.get("auth_data_ids")).isEmpty();
  }

  @Test
  void update_replacesMappings_promotesWhenThePrimaryGoes_andMovesThePrimary() {
    String[] a = key(Map.of());
    String[] b = key(Map.of());
    String[] c = key(Map.of());
    long ia = Long.parseLong(a[1]);
    long ib = Long.parseLong(b[1]);
    long ic = Long.parseLong(c[1]);
    JsonNode s = system(Map.of("auth_data_ids", List.of(ia, b[0]), "primary_auth_data_id", a[0]));
    String id = s.get("id").asText();
    assertThat(s.get("primary_auth_data_id").asLong()).isEqualTo(ia);
    assertThat(s.get("auth_data_ids").get(1).asLong()).isEqualTo(ib);
    assertThat(s.toString()).doesNotContain(a[2]);

    var replaced =
        http.patch(SYSTEMS + "/" + id, RawHttp.json(Map.of("auth_data_ids", List.of(ic, ib))));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().get("data").get("primary_auth_data_id").asLong()).isEqualTo(ic);
    assertThat(replaced.json().get("promotions").get(id).asLong()).isEqualTo(ic);

    var moved =
        http.patch(
            SYSTEMS + "/" + id,
            RawHttp.json(Map.of("primary_auth_data_id", ib, "name", "renamed")));
    assertThat(moved.json().get("data").get("primary_auth_data_id").asLong()).isEqualTo(ib);
    assertThat(moved.json().get("data").get("name").asText()).isEqualTo("renamed");
    assertThat(moved.json().get("promotions")).isEmpty();

    assertThat(
            http.patch(SYSTEMS + "/" + id, RawHttp.json(Map.of("primary_auth_data_id", ia)))
                .status())
        .isEqualTo(400);
    assertThat(
            http.patch(SYSTEMS + "/" + id, RawHttp.json(Map.of("auth_data_ids", List.of())))
                .status())
        .isEqualTo(400);
    assertThat(
            http.patch(SYSTEMS + "/" + id, RawHttp.json(Map.of("provider", "anthropic"))).status())
        .isEqualTo(400);
    assertThat(http.get(SYSTEMS + "/" + id).json().get("data").get("auth_data_ids")).hasSize(2);

    assertThat(http.delete(SYSTEMS + "/" + id).json().get("deleted").asBoolean()).isTrue();
    assertThat(http.get(SYSTEMS + "/" + id).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/byok/" + a[0]).status()).isEqualTo(200);
  }

  @Test
  void resolve_givesKeysInUseOrder_skippingDisabledAndDisallowed_andAuditsEachDecrypt() {
    String[] late = key(Map.of("sort_order", 5));
    String[] first = key(Map.of("sort_order", 1));
    String[] second = key(Map.of("sort_order", 2));
    String[] fallback = key(Map.of("sort_order", 0, "is_fallback", true));
    String[] disabled = key(Map.of("disabled", true));
    String[] otherModel = key(Map.of("allowed_models", List.of("gpt-3.5")));
    JsonNode s =
        system(
            Map.of(
                "auth_data_ids",
                List.of(second[1], fallback[1], late[1], disabled[1], first[1], otherModel[1]),
                "primary_auth_data_id",
                late[1]));
    String id = s.get("id").asText();

    JsonNode r = resolve(gateway, Map.of("ai_system_id", id));
    assertThat(r.get("ai_system_id").asText()).isEqualTo(id);
    assertThat(r.get("model").asText()).isEqualTo("gpt-4o");
    assertThat(keysOf(r)).containsExactly(late[2], first[2], second[2], fallback[2]);
    assertThat(r.get("keys").get(0).get("is_primary").asBoolean()).isTrue();
    assertThat(r.get("keys").get(3).get("is_fallback").asBoolean()).isTrue();
    assertThat(keysOf(resolve(gateway, Map.of("ai_system_id", id, "limit", 1))))
        .containsExactly(late[2]);

    var audit =
        http.get("/api/admin/v1/audit_events?action=provider_key.decrypted&target_id=" + late[0])
            .json()
            .get("events");
    assertThat(audit.size()).isEqualTo(2);
    assertThat(audit.get(0).get("details").get("ai_system_id").asText()).isEqualTo(id);
    assertThat(audit.toString()).doesNotContain(late[2]);
    assertThat(
            http.get(
                    "/api/admin/v1/audit_events?action=provider_key.decrypted&target_id="
                        + disabled[0])
                .json()
                .get("events"))
        .isEmpty();

    // a change shows at once, whatever the resolve cache holds
    http.patch("/api/v1/byok/" + first[0], RawHttp.json(Map.of("disabled", true)));
    assertThat(keysOf(resolve(gateway, Map.of("ai_system_id", id))))
        .containsExactly(late[2], second[2], fallback[2]);
    http.delete("/api/v1/byok/" + late[0]);
    JsonNode afterDelete = resolve(gateway, Map.of("ai_system_id", id));
    assertThat(keysOf(afterDelete)).containsExactly(second[2], fallback[2]);
    assertThat(afterDelete.get("keys").get(0).get("is_primary").asBoolean()).isTrue();
  }

  @Test
  void resolveByProvider_ordersPrioritizedThenFallbacks_andHonoursKeyAndUserAllowlists() {
    String user = Fixtures.createUser(http, Fixtures.email());
    var apiKey =
        http.post("/api/backend/v1/end_user_api_keys", RawHttp.json(Map.of("user_id", user)));
    String apiKeyId = apiKey.json().get("api_key_id").asText();
    String[] fb = key(Map.of("is_fallback", true, "sort_order", -5));
    String[] two = key(Map.of("sort_order", 2));
    String[] one = key(Map.of("sort_order", 1));
    String[] forKey = key(Map.of("sort_order", 3, "allowed_api_key_hashes", List.of(apiKeyId)));
    String[] forUser = key(Map.of("sort_order", 4, "allowed_user_ids", List.of(user)));

    Map<String, Object> q =
        new LinkedHashMap<>(Map.of("provider", "openai", "model", "gpt-4o", "workspace_id", ws));
    JsonNode plain = resolve(gateway, q);
    assertThat(keysOf(plain)).containsExactly(one[2], two[2], fb[2]);
    assertThat(plain.get("allow_shared_capacity").asBoolean()).isTrue();
    q.put("api_key_id", apiKeyId);
    q.put("user_id", user);
    assertThat(keysOf(resolve(gateway, q)))
        .containsExactly(one[2], two[2], forKey[2], forUser[2], fb[2]);
    assertThat(resolve(gateway, Map.of("provider", "anthropic", "workspace_id", ws)).get("keys"))
        .isEmpty();
    key(Map.of("is_required", true, "allowed_models", List.of("gpt-4o")));
    assertThat(resolve(gateway, q).get("allow_shared_capacity").asBoolean()).isFalse();
    q.put("model", "gpt-4.1");
    assertThat(resolve(gateway, q).get("allow_shared_capacity").asBoolean()).isTrue();
  }

  @Test
  void resolve_needsAManagementKeyWithTheDecryptPermission() {
    String[] a = key(Map.of());
    String id =
        system(Map.of("auth_data_ids", List.of(a[1]), "primary_auth_data_id", a[1]))
            .get("id")
            .asText();
    Map<String, Object> body = Map.of("ai_system_id", id);
    var plain =
        as(server, VaultFixtures.plainManagementKey(http))
            .post("/api/v1/resolve", RawHttp.json(body));
    assertThat(plain.status()).isEqualTo(403);
    assertThat(plain.body()).doesNotContain(a[2]);
    String userId = Fixtures.createUser(http, Fixtures.email());
    assertThat(
            as(server, VaultFixtures.accessToken(http, userId))
                .post("/api/v1/resolve", RawHttp.json(body))
                .status())
        .isEqualTo(401);
    assertThat(server.anonymous().post("/api/v1/resolve", RawHttp.json(body)).status())
        .isEqualTo(401);
    assertThat(gateway.post("/api/v1/resolve", "{}").status()).isEqualTo(400);
    assertThat(
            gateway
                .post(
                    "/api/v1/resolve",
                    RawHttp.json(Map.of("ai_system_id", java.util.UUID.randomUUID().toString())))
                .status())
        .isEqualTo(404);
  }
}
