package dev.latchkey.server.vault;

import static dev.latchkey.server.vault.VaultFixtures.as;
import static dev.latchkey.server.vault.VaultFixtures.createByok;
import static dev.latchkey.server.vault.VaultFixtures.openAiKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenRouter view, {@code /api/v1/byok}, over real HTTP and a real database. */
@ParameterizedClass
@MethodSource("kinds")
class ByokApiTest {
  static final String BYOK = "/api/v1/byok";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("ByokApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  private String newWorkspace() {
    var r = http.post("/api/v1/workspaces", RawHttp.json(Map.of("name", Fixtures.unique("ws"))));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("data").get("id").asText();
  }

  @Test
  void create_answers201WithEveryField_andNeverTheKey() throws Exception {
    String key = openAiKey();
    String ws = newWorkspace();
    var r =
        http.post(
            BYOK,
            RawHttp.json(
                Map.of("provider", "openai", "key", key, "name", "Prod", "workspace_id", ws)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.header("content-type")).startsWith("application/json");
    JsonNode d = r.json().get("data");
    assertThat(d.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(d.get("provider").asText()).isEqualTo("openai");
    assertThat(d.get("name").asText()).isEqualTo("Prod");
    assertThat(d.get("label").asText()).isEqualTo("sk-..." + key.substring(key.length() - 4));
    assertThat(d.get("workspace_id").asText()).isEqualTo(ws);
    assertThat(d.get("sort_order").isInt()).isTrue();
    for (String f : List.of("disabled", "is_fallback", "is_required", "is_byok_only")) {
      assertThat(d.get(f).isBoolean()).as(f).isTrue();
    }
    for (String f :
        List.of("declared_zdr", "allowed_models", "allowed_api_key_hashes", "allowed_user_ids")) {
      assertThat(d.has(f) && d.get(f).isNull()).as(f).isTrue();
    }
    assertThat(d.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(r.body()).doesNotContain(key);
    assertThat(http.get(BYOK + "/" + d.get("id").asText()).body()).doesNotContain(key);
    assertThat(DatabaseDump.contains(server, key)).isFalse();
    assertThat(DatabaseDump.contains(server, key.substring(8))).isFalse();
  }

  @Test
  void badInput_isA400NamingTheField_inOpenRoutersEnvelope_andStoresNothing() {
    String ws = newWorkspace();
    record Case(Map<String, Object> body, String field) {}
    Map<String, Object> both =
        new LinkedHashMap<>(Map.of("provider", "openai", "key", openAiKey(), "workspace_id", ws));
    both.put("is_fallback", true);
    both.put("is_byok_only", true);
    List<Case> cases =
        List.of(
            new Case(Map.of("provider", "openai", "workspace_id", ws), "key"),
            new Case(Map.of("key", openAiKey(), "workspace_id", ws), "provider"),
            new Case(Map.of("provider", "openai", "key", "sk-short", "workspace_id", ws), "key"),
            new Case(
                Map.of("provider", "anthropic", "key", openAiKey(), "workspace_id", ws), "key"),
            new Case(
                Map.of("provider", "openai", "key", "sk-" + "a".repeat(5000), "workspace_id", ws),
                "key"),
            new Case(
                Map.of("provider", "Not A Slug!", "key", openAiKey(), "workspace_id", ws),
                "provider"),
            new Case(Map.of("provider", "openai", "key", 12345, "workspace_id", ws), "key"),
            new Case(
                Map.of(
                    "provider",
                    "openai",
                    "key",
                    openAiKey(),
                    "workspace_id",
                    ws,
                    "sort_order",
                    1.5),
                "sort_order"),
            new Case(
                Map.of(
                    "provider",
                    "openai",
                    "key",
                    openAiKey(),
                    "workspace_id",
                    ws,
                    "allowed_api_key_hashes",
                    List.of()),
                "allowed_api_key_hashes"),
            new Case(
                Map.of(
                    "provider",
                    "openai",
                    "key",
                    openAiKey(),
                    "workspace_id",
                    ws,
                    "allowed_api_key_hashes",
                    List.of("not-a-key")),
                "allowed_api_key_hashes[0]"),
            new Case(
                Map.of(
                    "provider",
                    "openai",
                    "key",
                    openAiKey(),
                    "workspace_id",
                    ws,
                    "allowed_user_ids",
                    List.of(UUID.randomUUID().toString())),
                "allowed_user_ids[0]"),
            new Case(
                Map.of("provider", "openai", "key", openAiKey(), "workspace_id", ws, "surprise", 1),
                "surprise"),
            new Case(
                Map.of(
                    "provider",
                    "openai",
                    "key",
                    openAiKey(),
                    "workspace_id",
                    UUID.randomUUID().toString()),
                "workspace_id"),
            new Case(both, "is_byok_only"));
    for (Case c : cases) {
      var r = http.post(BYOK, RawHttp.json(c.body()));
      assertThat(r.status()).as(c + " -> " + r.body()).isEqualTo(400);
      JsonNode error = r.json().get("error");
      assertThat(error.get("code").isInt()).isTrue();
      assertThat(error.get("code").asInt()).isEqualTo(400);
      assertThat(error.get("message").asText()).as(r.body()).contains(c.field() + ":");
      assertThat(error.get("metadata").get("field_errors").has(c.field())).as(r.body()).isTrue();
      Object key = c.body().get("key");
      if (key instanceof String s) {
        assertThat(r.body()).doesNotContain(s);
      }
    }
    assertThat(http.get(BYOK + "?workspace_id=" + ws).json().get("total_count").asInt()).isZero();
  }

  @Test
  void get_update_andNullClearsAnAllowlist() {
    String ws = newWorkspace();
    JsonNode created =
        createByok(
            http,
            Map.of(
                "provider",
                "openai",
                "key",
                openAiKey(),
                "workspace_id",
                ws,
                "allowed_models",
                List.of("openai/gpt-4o", "openai/gpt-4o-mini"),
                "declared_zdr",
                true));
    String id = created.get("id").asText();
    assertThat(created.get("allowed_models")).hasSize(2);

    String rotated = openAiKey();
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("name", "Renamed");
    patch.put("key", rotated);
    patch.put("allowed_models", null);
    patch.put("declared_zdr", null);
    patch.put("sort_order", 3);
    patch.put("disabled", true);
    var r = http.patch(BYOK + "/" + id, RawHttp.json(patch));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode d = r.json().get("data");
    assertThat(d.get("name").asText()).isEqualTo("Renamed");
    assertThat(d.get("allowed_models").isNull()).isTrue();
    assertThat(d.get("declared_zdr").isNull()).isTrue();
    assertThat(d.get("sort_order").asInt()).isEqualTo(3);
    assertThat(d.get("disabled").asBoolean()).isTrue();
    assertThat(d.get("label").asText()).endsWith(rotated.substring(rotated.length() - 4));
    assertThat(r.body()).doesNotContain(rotated);

    var empty = http.patch(BYOK + "/" + id, "{}");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().get("data").get("name").asText()).isEqualTo("Renamed");

    var bad =
        http.patch(
            BYOK + "/" + id, RawHttp.json(Map.of("is_fallback", true, "is_byok_only", true)));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(http.get(BYOK + "/" + id).json().get("data").get("is_fallback").asBoolean())
        .isFalse();
    assertThat(http.patch(BYOK + "/" + id, RawHttp.json(Map.of("provider", "anthropic"))).status())
        .isEqualTo(400);

    assertThat(http.get(BYOK + "/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(http.get(BYOK + "/not-a-uuid").json().get("error").get("code").asInt())
        .isEqualTo(404);
    assertThat(http.patch(BYOK + "/" + UUID.randomUUID(), "{}").status()).isEqualTo(404);
  }

  @Test
  void list_pagesByOffset_defaultsTo50_refusesAbove100_andFiltersByProvider() {
    String ws = newWorkspace();
    Set<String> openai = new HashSet<>();
    for (int i = 0; i < 53; i++) {
      openai.add(
          createByok(http, Map.of("provider", "openai", "key", openAiKey(), "workspace_id", ws))
              .get("id")
              .asText());
    }
    createByok(
        http,
        Map.of("provider", "anthropic", "key", VaultFixtures.anthropicKey(), "workspace_id", ws));

    JsonNode first = http.get(BYOK + "?workspace_id=" + ws).json();
    assertThat(first.get("data")).hasSize(50);
    assertThat(first.get("total_count").asInt()).isEqualTo(54);

    List<String> seen = new ArrayList<>();
    for (int offset = 0; ; offset += 10) {
      JsonNode page =
          http.get(BYOK + "?limit=10&offset=" + offset + "&provider=openai&workspace_id=" + ws)
              .json();
      page.get("data").forEach(k -> seen.add(k.get("id").asText()));
      assertThat(page.get("total_count").asInt()).isEqualTo(53);
      if (page.get("data").size() < 10) {
        break;
      }
    }
    assertThat(seen).hasSize(53).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(openai);

    var tooMany = http.get(BYOK + "?limit=500&workspace_id=" + ws);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("error").get("message").asText()).contains("limit");
    assertThat(http.get(BYOK + "?offset=-1").status()).isEqualTo(400);
    assertThat(http.get(BYOK + "?limit=abc").status()).isEqualTo(400);
    assertThat(http.get(BYOK + "?workspace_id=" + UUID.randomUUID()).status()).isEqualTo(400);
  }

  @Test
  void delete_isSoft_wipesTheKey_andThe404sFollow() throws Exception {
    String key = openAiKey();
    String id = createByok(http, Map.of("provider", "openai", "key", key)).get("id").asText();
    var r = http.delete(BYOK + "/" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("deleted").asBoolean()).isTrue();
    assertThat(http.get(BYOK + "/" + id).status()).isEqualTo(404);
    assertThat(http.delete(BYOK + "/" + id).status()).isEqualTo(404);
    assertThat(http.patch(BYOK + "/" + id, "{}").status()).isEqualTo(404);
    assertThat(DatabaseDump.contains(server, id)).isTrue();
    assertThat(StoredSecret.of(server, id)).isNull();
  }

  @Test
  void callers_seeOnlyTheirOwnWorkspaces_andAnotherTenantsKeyIsA404() {
    String alice = Fixtures.createUser(http, Fixtures.email());
    String bob = Fixtures.createUser(http, Fixtures.email());
    String carol = Fixtures.createUser(http, Fixtures.email());
    String org = Fixtures.createOrg(http, Fixtures.unique("org"));
    Fixtures.addToOrg(http, alice, org, "Admin");
    Fixtures.addToOrg(http, carol, org, "Member");
    RawHttp asAlice = as(server, VaultFixtures.accessToken(http, alice));
    RawHttp asBob = as(server, VaultFixtures.apiKey(http, Map.of("user_id", bob)));
    RawHttp asCarol = as(server, VaultFixtures.accessToken(http, carol));
    RawHttp asOrgKey = as(server, VaultFixtures.apiKey(http, Map.of("org_id", org)));

    String alicePersonal =
        createByok(asAlice, Map.of("provider", "openai", "key", openAiKey())).get("id").asText();
    String bobPersonal =
        createByok(asBob, Map.of("provider", "openai", "key", openAiKey())).get("id").asText();
    String aliceForOrg =
        createByok(
                asAlice,
                Map.of("provider", "openai", "key", openAiKey(), "workspace_id", "org:" + org))
            .get("id")
            .asText();
    String orgKeyMade =
        createByok(asOrgKey, Map.of("provider", "anthropic", "key", VaultFixtures.anthropicKey()))
            .get("id")
            .asText();

    assertThat(ids(asAlice.get(BYOK))).containsExactly(alicePersonal);
    assertThat(ids(asBob.get(BYOK))).containsExactly(bobPersonal);
    assertThat(ids(asOrgKey.get(BYOK))).containsExactlyInAnyOrder(aliceForOrg, orgKeyMade);
    assertThat(ids(asAlice.get(BYOK + "?workspace_id=org:" + org)))
        .containsExactlyInAnyOrder(aliceForOrg, orgKeyMade);

    assertThat(asBob.get(BYOK + "/" + alicePersonal).status()).isEqualTo(404);
    assertThat(asBob.patch(BYOK + "/" + alicePersonal, "{\"name\":\"x\"}").status()).isEqualTo(404);
    assertThat(asBob.delete(BYOK + "/" + alicePersonal).status()).isEqualTo(404);
    assertThat(asOrgKey.get(BYOK + "/" + alicePersonal).status()).isEqualTo(404);
    assertThat(asAlice.get(BYOK + "/" + orgKeyMade).status()).isEqualTo(200);
    // a Member lacks latchkey::can_manage_provider_keys
    assertThat(asCarol.get(BYOK + "/" + orgKeyMade).status()).isEqualTo(404);
    assertThat(asCarol.get(BYOK + "?workspace_id=org:" + org).status()).isEqualTo(400);
    assertThat(
            asCarol
                .post(
                    BYOK,
                    RawHttp.json(
                        Map.of(
                            "provider",
                            "openai",
                            "key",
                            openAiKey(),
                            "workspace_id",
                            "org:" + org)))
                .status())
        .isEqualTo(400);
    // the management key reaches everything
    assertThat(http.get(BYOK + "/" + bobPersonal).status()).isEqualTo(200);
    assertThat(ids(http.get(BYOK + "?workspace_id=user:" + alice))).containsExactly(alicePersonal);
  }

  @Test
  void noOrBadCredential_is401InTheEnvelope() {
    var none = server.anonymous().get(BYOK);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("error").get("code").asInt()).isEqualTo(401);
    assertThat(none.json().get("error").get("message").asText()).isNotBlank();
    assertThat(as(server, "lk_mgmt_nonsense_0123456789abcdef").get(BYOK).status()).isEqualTo(401);
    assertThat(as(server, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").get(BYOK).status())
        .isEqualTo(401);
  }

  private static List<String> ids(RawHttp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("data").forEach(k -> ids.add(k.get("id").asText()));
    return ids;
  }
}
