package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * U+0000 anywhere in a request is a 400 naming where it is, on every feature, and nothing is
 * stored. PostgreSQL refuses U+0000 in text and jsonb, so before, some of these were 500s there
 * while SQLite stored the character.
 */
@ParameterizedClass
@MethodSource("kinds")
class BadInputNulApiTest {
  static final String API = "/api/backend/v1";
  static final String NUL = "\u0000";
  @Parameter String kind;
  RawHttp http;
  String marker;

  static List<String> kinds() {
    return DatabaseKinds.available("BadInputNulApiTest");
  }

  @BeforeEach
  void setUp() {
    http = TestServer.shared(kind).http();
    marker = Fixtures.unique("nul");
  }

  /** The field errors of a 400 in any of the three envelopes (Latchkey, OpenRouter, NestJS). */
  private static JsonNode fieldErrors(RawHttp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    JsonNode body = r.json();
    if (body.path("error").isObject()) {
      return body.path("error").path("metadata").path("field_errors");
    }
    return body.has("field_errors") ? body.get("field_errors") : body;
  }

  private static void assertField(RawHttp.Response r, String field) {
    JsonNode errors = fieldErrors(r);
    assertThat(errors.has(field)).as("body names %s: %s", field, r.body()).isTrue();
    assertThat(errors.get(field).get(0).asText()).contains("U+0000");
  }

  private String json(Map<String, ?> body) {
    return RawHttp.json(body);
  }

  @Test
  void users_nulInAnyStringOrFieldName_isRefusedNamingIt_andNoUserIsCreated() {
    String email = Fixtures.email();
    assertField(
        http.post(API + "/user/", json(Map.of("email", email, "properties", Map.of("k", NUL)))),
        "properties.k");
    assertField(
        http.post(
            API + "/user/",
            json(Map.of("email", email, "properties", Map.of("k", List.of("ok", "a" + NUL))))),
        "properties.k[1]");
    assertField(
        http.post(API + "/user/", json(Map.of("email", email, "properties", Map.of(NUL, 1)))),
        "properties");
    assertField(http.post(API + "/user/", json(Map.of("email", email, "x" + NUL, 1))), "body");
    assertThat(http.get(API + "/user/email?email=" + email.replace("@", "%40")).status())
        .isEqualTo(404);

    String userId = Fixtures.createUser(http, Fixtures.email());
    assertField(
        http.put(API + "/user/" + userId, json(Map.of("metadata", Map.of("k", marker + NUL)))),
        "metadata.k");
    assertThat(Fixtures.user(http, userId).toString()).doesNotContain(marker);
  }

  @Test
  void userLookups_withNul_areRefusedNamingTheField() {
    // were 500s on PostgreSQL: the lists reached a query unchecked
    assertField(
        http.post(API + "/user/emails", json(Map.of("emails", List.of("a" + NUL)))), "emails[0]");
    assertField(
        http.post(API + "/user/usernames", json(Map.of("usernames", List.of("a" + NUL)))),
        "usernames[0]");
    assertField(http.get(API + "/user/query?email_or_username=a%00b"), "email_or_username");
    assertField(http.get(API + "/user/username?username=%00"), "username");
  }

  @Test
  void orgs_nulInNameOrMetadata_isRefused_andTheOrgIsUnchanged() {
    assertField(http.post(API + "/org/", json(Map.of("name", marker + NUL))), "name");
    assertThat(http.get(API + "/org/query?name=" + marker).body()).doesNotContain(marker);

    String orgId = Fixtures.createOrg(http, Fixtures.unique("org"));
    assertField(
        http.put(API + "/org/" + orgId, json(Map.of("metadata", Map.of("k" + NUL, marker)))),
        "metadata");
    assertField(
        http.put(API + "/org/" + orgId, json(Map.of("extra_domains", List.of(NUL)))),
        "extra_domains[0]");
    assertThat(http.get(API + "/org/" + orgId).body()).doesNotContain(marker);
    assertField(http.get(API + "/org/query?legacy_org_id=%00"), "legacy_org_id");
  }

  @Test
  void apiKeys_nulInMetadataOrDisplayName_isRefused_andNoKeyIsCreated() {
    String userId = Fixtures.createUser(http, Fixtures.email());
    String keys = API + "/end_user_api_keys";
    assertField(
        http.post(keys, json(Map.of("user_id", userId, "metadata", Map.of("a" + NUL, "b")))),
        "metadata");
    assertField(
        http.post(keys, json(Map.of("user_id", userId, "metadata", Map.of("a", List.of(NUL))))),
        "metadata.a[0]");
    assertField(
        http.post(keys, json(Map.of("user_id", userId, "display_name", marker + NUL))),
        "display_name");
    var current = http.get(keys + "?user_id=" + userId);
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.json().get("total_api_keys").asLong()).isZero();
    assertField(http.get(keys + "?api_key_type=%00"), "api_key_type");
  }

  @Test
  void apiKeyValidate_withNulInTheToken_isRefusedNamingIt() {
    // the validate route reads its small body with its own streaming parser
    assertField(
        http.post(API + "/end_user_api_keys/validate", "{\"api_key_token\":\"lk_\\u0000\"}"),
        "api_key_token");
    assertField(
        http.post(API + "/end_user_api_keys/validate_imported", "{\"api_key_token\":\"\\u0000\"}"),
        "api_key_token");
  }

  @Test
  void vault_nulInByokAuthDataAiSystemsAndWorkspaces_isRefused_andNothingIsStored() {
    String orgId = Fixtures.createOrg(http, Fixtures.unique("org"));
    var ws =
        http.post(
            "/api/v1/workspaces", json(Map.of("name", Fixtures.unique("ws"), "org_id", orgId)));
    assertThat(ws.status()).as(ws.body()).isEqualTo(201);
    String workspace = ws.json().path("data").path("id").asText();

    assertField(
        http.post("/api/v1/workspaces", json(Map.of("name", marker + NUL, "org_id", orgId))),
        "name");
    // was a 500 on PostgreSQL
    assertField(http.get("/api/v1/workspaces?owner_id=a%00b"), "owner_id");
    assertField(
        http.post(
            "/api/v1/byok",
            json(
                Map.of(
                    "provider",
                    "openai",
                    "key",
                    "sk-" + "a".repeat(48),
                    "workspace_id",
                    workspace,
                    "name",
                    marker + NUL))),
        "name");
    assertField(http.get("/api/v1/byok?provider=%00"), "provider");
    // an unknown field name in a free-form config was a 500 on PostgreSQL
    assertField(
        http.post(
            "/user-auth/auth-data",
            json(
                Map.of(
                    "authType",
                    "REMOTE_CUSTOM",
                    "providerType",
                    "OPENAI",
                    "name",
                    marker,
                    "authConfig",
                    Map.of("url" + NUL, "https://x.example"),
                    "workspaceId",
                    workspace))),
        "authConfig");
    assertField(
        http.post(
            "/api/v1/ai_systems",
            json(
                Map.of(
                    "name",
                    marker,
                    "provider",
                    "openai",
                    "model",
                    "gpt" + NUL,
                    "workspace_id",
                    workspace))),
        "model");

    assertThat(http.get("/api/v1/workspaces?owner_id=" + orgId).body()).doesNotContain(marker);
    assertThat(http.get("/api/v1/byok?workspace_id=" + workspace).body()).doesNotContain(marker);
    assertThat(
            http.get("/user-auth/auth-data-and-model-association?workspaceId=" + workspace).body())
        .doesNotContain(marker);
    assertThat(http.get("/api/v1/ai_systems?workspace_id=" + workspace).body())
        .doesNotContain(marker);
  }

  @Test
  void oauthApps_nulInRedirectUriOrScope_isRefused_forAUserToo_andNoAppIsCreated() {
    String userId = Fixtures.createUser(http, Fixtures.email());
    assertField(
        http.post(
            "/api/v1/apps",
            json(
                Map.of(
                    "name",
                    marker,
                    "user_id",
                    userId,
                    "redirect_uris",
                    List.of("https://x.example/cb" + NUL)))),
        "redirect_uris[0]");
    var token =
        http.post(API + "/access_token", json(Map.of("user_id", userId, "duration_in_minutes", 5)));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    RawHttp user = http.withBearer(token.json().get("access_token").asText());
    assertField(
        user.post("/api/v1/apps", json(Map.of("name", marker, "scopes", List.of("read" + NUL)))),
        "scopes[0]");
    assertThat(user.get("/api/v1/apps").body()).doesNotContain(marker);
  }

  @Test
  void keypairsAndPolicies_withNul_areRefused_andNothingIsStored() {
    assertField(
        http.post(
            "/api/v1/keypair_resource_policies",
            json(Map.of("name", marker, "total_resource_slots", Map.of("cpu", NUL)))),
        "total_resource_slots.cpu");
    assertThat(http.get("/api/v1/keypair_resource_policies/" + marker).status()).isEqualTo(404);

    String email = Fixtures.email();
    Fixtures.createUser(http, email);
    assertField(
        http.post("/api/v1/keypairs", json(Map.of("user_id", email, "resource_policy", "x" + NUL))),
        "resource_policy");
    var list = http.get("/api/v1/keypairs?user_id=" + email.replace("@", "%40"));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(email);
    assertField(http.get("/api/v1/keypairs/paginated?order=%00"), "order");
  }

  @Test
  void nulInAQueryParameterName_isRefused() {
    assertField(http.get(API + "/user/query?a%00=1"), "query");
  }

  @Test
  void nulInAPath_isRefusedByJetty() {
    assertThat(http.get("/api/v1/workspaces/a%00b").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/keypair_resource_policies/a%00b").status()).isEqualTo(400);
  }

  @Test
  void otherControlCharacters_inFreeFormJson_areStillAccepted() {
    String userId = Fixtures.createUser(http, Fixtures.email());
    var r =
        http.put(
            API + "/user/" + userId,
            json(Map.of("metadata", Map.of("k", "tab\there\u0001\u007f" + marker))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(Fixtures.user(http, userId).path("metadata").path("k").asText())
        .isEqualTo("tab\there\u0001\u007f" + marker);
  }
}
