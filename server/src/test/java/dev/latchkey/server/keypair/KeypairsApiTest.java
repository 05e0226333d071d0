package dev.latchkey.server.keypair;

import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Keypairs and resource policies over HTTP: CRUD, lists, the filter grammar, info. */
@ParameterizedClass
@MethodSource("kinds")
class KeypairsApiTest {
  static final String KEYPAIRS = "/api/v1/keypairs";
  static final String POLICIES = "/api/v1/keypair_resource_policies";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("KeypairsApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  static JsonNode createKeypair(RawHttp http, Map<String, Object> body) {
    var r = http.post(KEYPAIRS, RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static String policy(RawHttp http, Map<String, Object> fields) {
    String name = unique("policy-");
    Map<String, Object> body = new HashMap<>(fields);
    body.put("name", name);
    var r = http.post(POLICIES, RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return name;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void resourcePolicy_crud_storesAndReturnsEveryLimit() {
    String name =
        policy(
            http,
            Map.of(
                "default_for_unspecified", "UNLIMITED",
                "total_resource_slots", Map.of("cpu", "4", "mem", "16g", "cuda.device", 1),
                "max_session_lifetime", 3600,
                "max_concurrent_sessions", 3,
                "max_pending_session_count", 2,
                "max_priority", 50,
                "max_concurrent_sftp_sessions", 2,
                "max_containers_per_session", 4,
                "idle_timeout", 1800,
                "allowed_vfolder_hosts", Map.of("local:volume1", List.of("create-vfolder"))));
    JsonNode p = http.get(POLICIES + "/" + name).json();
    assertThat(p.get("default_for_unspecified").asText()).isEqualTo("UNLIMITED");
    assertThat(p.get("total_resource_slots").get("mem").asText()).isEqualTo("16g");
    assertThat(p.get("total_resource_slots").get("cuda.device").asInt()).isEqualTo(1);
    assertThat(p.get("max_session_lifetime").asLong()).isEqualTo(3600);
    assertThat(p.get("max_concurrent_sessions").asInt()).isEqualTo(3);
    assertThat(p.get("max_pending_session_count").asInt()).isEqualTo(2);
    assertThat(p.get("max_priority").asInt()).isEqualTo(50);
    assertThat(p.get("max_concurrent_sftp_sessions").asInt()).isEqualTo(2);
    assertThat(p.get("max_containers_per_session").asInt()).isEqualTo(4);
    assertThat(p.get("idle_timeout").asLong()).isEqualTo(1800);
    assertThat(p.get("allowed_vfolder_hosts").get("local:volume1").get(0).asText())
        .isEqualTo("create-vfolder");

    var updated =
        http.patch(
            POLICIES + "/" + name,
            "{\"max_concurrent_sessions\": 7, \"max_pending_session_count\": null}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().get("max_concurrent_sessions").asInt()).isEqualTo(7);
    assertThat(updated.json().get("max_pending_session_count").isNull()).isTrue();
    assertThat(updated.json().get("idle_timeout").asLong()).isEqualTo(1800);

    var list = http.get(POLICIES + "?page_size=100").json();
    assertThat(list.get("total_count").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(http.post(POLICIES, RawHttp.json(Map.of("name", name))).status()).isEqualTo(409);

    String user = createUser(http, email());
    String key =
        createKeypair(http, Map.of("user_id", user, "resource_policy", name))
            .get("access_key")
            .asText();
    var inUse = http.delete(POLICIES + "/" + name);
    assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
    assertThat(http.delete(KEYPAIRS + "/" + key).status()).isEqualTo(200);
    assertThat(http.delete(POLICIES + "/" + name).status()).isEqualTo(200);
    assertThat(http.get(POLICIES + "/" + name).status()).isEqualTo(404);
  }

  @Test
  void resourcePolicy_badFields_are400NamingEachField_andNothingIsCreated() {
    String name = unique("bad-");
    var r =
        http.post(
            POLICIES,
            RawHttp.json(
                Map.of(
                    "name",
                    name,
                    "default_for_unspecified",
                    "SOMETIMES",
                    "max_priority",
                    101,
                    "total_resource_slots",
                    List.of(1),
                    "max_containers_per_session",
                    0)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().fieldNames())
        .toIterable()
        .contains(
            "default_for_unspecified",
            "max_priority",
            "total_resource_slots",
            "max_containers_per_session");
    assertThat(http.get(POLICIES + "/" + name).status()).isEqualTo(404);
    var negative =
        http.post(
            POLICIES,
            RawHttp.json(
                Map.of("name", name, "total_resource_slots", Map.of("cpu", -4, "mem", "16g"))));
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().has("total_resource_slots.cpu")).as(negative.body()).isTrue();
    assertThat(http.get(POLICIES + "/" + name).status()).isEqualTo(404);
    assertThat(http.post(POLICIES, RawHttp.json(Map.of("name", "no spaces"))).json().has("name"))
        .isTrue();
    assertThat(http.post(POLICIES, "{}").json().get("name").get(0).asText())
        .isEqualTo("is required");
  }

  @Test
  void create_returnsBackendAiFormats_andTheSecretOnlyOnce() {
    String user = createUser(http, email());
    JsonNode created = createKeypair(http, Map.of("user_id", user));
    String accessKey = created.get("access_key").asText();
    String secretKey = created.get("secret_key").asText();
    assertThat(accessKey).hasSize(20).startsWith("AKIA").matches("^AKIA[A-Z2-7]{16}$");
    assertThat(secretKey).hasSize(40).matches("^[A-Za-z0-9_-]{40}$");
    assertThat(created.get("is_active").asBoolean()).isTrue();
    assertThat(created.get("is_admin").asBoolean()).isFalse();
    assertThat(created.get("resource_policy").asText()).isEqualTo("default");
    assertThat(created.get("rate_limit").asLong()).isEqualTo(10_000);
    assertThat(created.get("user_id").asText()).isEqualTo(user);

    var got = http.get(KEYPAIRS + "/" + accessKey);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().has("secret_key")).isFalse();
    assertThat(got.body()).doesNotContain(secretKey);
    assertThat(got.json().get("num_queries").asLong()).isZero();
  }

  @Test
  void create_isForAdminsOnly_andChecksItsFields() {
    String user = createUser(http, email());
    String token = accessToken(user);
    var asUser = http.withBearer(token).post(KEYPAIRS, RawHttp.json(Map.of("user_id", user)));
    assertThat(asUser.status()).isEqualTo(401);
    var anonymous = server.anonymous().post(KEYPAIRS, RawHttp.json(Map.of("user_id", user)));
    assertThat(anonymous.status()).isEqualTo(401);

    var bad =
        http.post(
            KEYPAIRS,
            RawHttp.json(
                Map.of("user_id", "not-a-uuid", "rate_limit", 0, "resource_policy", "x y")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().fieldNames())
        .toIterable()
        .contains("user_id", "rate_limit", "resource_policy");
    var noUser =
        http.post(
            KEYPAIRS, RawHttp.json(Map.of("user_id", "00000000-0000-4000-8000-000000000000")));
    assertThat(noUser.status()).isEqualTo(400);
    assertThat(noUser.json().get("user_id").get(0).asText()).isEqualTo("no such user");
    var noPolicy =
        http.post(KEYPAIRS, RawHttp.json(Map.of("user_id", user, "resource_policy", "nope")));
    assertThat(noPolicy.status()).isEqualTo(400);
    assertThat(noPolicy.json().has("resource_policy")).isTrue();
    assertThat(http.get(KEYPAIRS + "?user_id=" + user).json().get("total_count").asLong()).isZero();
  }

  private String accessToken(String user) {
    var r =
        http.post(
            "/api/backend/v1/access_token",
            RawHttp.json(Map.of("user_id", user, "duration_in_minutes", 60)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  @Test
  void update_activate_deactivate_delete() {
    String user = createUser(http, email());
    String policy = policy(http, Map.of("max_concurrent_sessions", 1));
    String key = createKeypair(http, Map.of("user_id", user)).get("access_key").asText();
    var u =
        http.patch(
            KEYPAIRS + "/" + key,
            RawHttp.json(Map.of("is_admin", true, "resource_policy", policy, "rate_limit", 42)));
    assertThat(u.status()).as(u.body()).isEqualTo(200);
    assertThat(u.json().get("is_admin").asBoolean()).isTrue();
    assertThat(u.json().get("resource_policy").asText()).isEqualTo(policy);
    assertThat(u.json().get("rate_limit").asLong()).isEqualTo(42);
    assertThat(u.json().get("is_active").asBoolean()).isTrue();

    var off = http.post(KEYPAIRS + "/" + key + "/deactivate", "");
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.json().get("is_active").asBoolean()).isFalse();
    assertThat(
            http.get(KEYPAIRS + "?is_active=false&user_id=" + user)
                .json()
                .get("total_count")
                .asLong())
        .isEqualTo(1);
    var on = http.post(KEYPAIRS + "/" + key + "/activate", "");
    assertThat(on.json().get("is_active").asBoolean()).isTrue();

    assertThat(http.patch(KEYPAIRS + "/" + key, "{\"rate_limit\": -1}").status()).isEqualTo(400);
    assertThat(http.patch(KEYPAIRS + "/" + key, "{\"secret_key\": \"x\"}").status()).isEqualTo(400);
    assertThat(http.patch(KEYPAIRS + "/AKIAAAAAAAAAAAAAAAAA", "{}").status()).isEqualTo(404);
    assertThat(http.get(KEYPAIRS + "/not-an-access-key").status()).isEqualTo(400);

    assertThat(http.delete(KEYPAIRS + "/" + key).status()).isEqualTo(200);
    assertThat(http.get(KEYPAIRS + "/" + key).status()).isEqualTo(404);
    assertThat(http.delete(KEYPAIRS + "/" + key).status()).isEqualTo(404);
    var audit = http.get("/api/admin/v1/audit_events?page_size=100&target_id=" + key).body();
    assertThat(audit)
        .contains("keypair.created", "keypair.updated", "keypair.deactivated", "keypair.deleted");
  }

  @Test
  void list_byUserEmailAndActive() {
    String mail = email();
    String user = createUser(http, mail);
    String a = createKeypair(http, Map.of("user_id", user)).get("access_key").asText();
    String b =
        createKeypair(http, Map.of("user_id", user, "is_active", false)).get("access_key").asText();
    createKeypair(http, Map.of("user_id", createUser(http, email())));
    JsonNode all = http.get(KEYPAIRS + "?user_id=" + user).json();
    assertThat(all.get("total_count").asLong()).isEqualTo(2);
    assertThat(keys(all)).containsExactlyInAnyOrder(a, b);
    assertThat(keys(http.get(KEYPAIRS + "?email=" + q(mail) + "&is_active=true").json()))
        .containsExactly(a);
    assertThat(keys(http.get(KEYPAIRS + "?user_id=" + user + "&is_active=false").json()))
        .containsExactly(b);
    assertThat(http.get(KEYPAIRS + "?is_active=maybe").json().has("is_active")).isTrue();
    assertThat(http.get(KEYPAIRS + "?page_size=101").status()).isEqualTo(400);
  }

  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    page.get("items").forEach(k -> keys.add(k.get("access_key").asText()));
    return keys;
  }

  private RawHttp.Response paginated(String userId, String filter, String order, String paging) {
    return http.get(
        KEYPAIRS
            + "/paginated?user_id="
            + userId
            + (filter == null ? "" : "&filter=" + q(filter))
            + (order == null ? "" : "&order=" + q(order))
            + (paging == null ? "" : "&" + paging));
  }

  @Test
  void paginatedList_filterAndOrder_compileToBoundQueries() {
    String mail = email();
    String user = createUser(http, mail);
    String k1 =
        createKeypair(http, Map.of("user_id", user, "rate_limit", 100)).get("access_key").asText();
    String k2 =
        createKeypair(http, Map.of("user_id", user, "rate_limit", 200, "is_admin", true))
            .get("access_key")
            .asText();
    String k3 =
        createKeypair(http, Map.of("user_id", user, "rate_limit", 300, "is_active", false))
            .get("access_key")
            .asText();

    assertThat(keys(paginated(user, "rate_limit >= 200", "-rate_limit", null).json()))
        .containsExactly(k3, k2);
    assertThat(
            keys(
                paginated(
                        user,
                        "(is_active == true & rate_limit < 200) | is_admin == true",
                        "+rate_limit",
                        null)
                    .json()))
        .containsExactly(k1, k2);
    assertThat(
            keys(
                paginated(user, "email ilike \"" + mail.toUpperCase() + "\"", "rate_limit", null)
                    .json()))
        .containsExactly(k1, k2, k3);
    assertThat(
            keys(
                paginated(
                        user,
                        "access_key != \"" + k1 + "\" & last_used == null",
                        "rate_limit",
                        null)
                    .json()))
        .containsExactly(k2, k3);
    assertThat(
            keys(
                paginated(user, "created_at >= \"2020-01-01T00:00:00Z\"", "+rate_limit", null)
                    .json()))
        .containsExactly(k1, k2, k3);
    JsonNode page = paginated(user, null, "-rate_limit", "page_offset=1&page_size=1").json();
    assertThat(keys(page)).containsExactly(k2);
    assertThat(page.get("total_count").asLong()).isEqualTo(3);
    assertThat(page.get("page_offset").asInt()).isEqualTo(1);
  }

  @Test
  void paginatedList_injectionAttempts_matchNothingOrAre400() {
    String user = createUser(http, email());
    createKeypair(http, Map.of("user_id", user));
    // inside quotes, SQL is just text to compare
    var quoted = paginated(user, "email == \"x' OR '1'='1\"", null, null);
    assertThat(quoted.status()).as(quoted.body()).isEqualTo(200);
    assertThat(quoted.json().get("total_count").asLong()).isZero();
    var pattern = paginated(user, "email ilike \"%\\\" OR 1=1 --\"", null, null);
    assertThat(pattern.status()).as(pattern.body()).isEqualTo(200);
    assertThat(pattern.json().get("total_count").asLong()).isZero();
    // outside quotes, nothing but the grammar is accepted
    for (String attack :
        List.of(
            "email == 'a' OR 1=1",
            "rate_limit > 0; DROP TABLE keypairs",
            "rate_limit > 0 OR 1=1",
            "1 == 1",
            "k.rate_limit > 0",
            "rate_limit > (SELECT 1)",
            "rate_limit > 0 -- comment")) {
      var r = paginated(user, attack, null, null);
      assertThat(r.status()).as(attack + " → " + r.body()).isEqualTo(400);
      assertThat(r.json().get("filter").get(0).asText()).as(attack).contains("at position");
    }
    var order = paginated(user, null, "rate_limit; DROP TABLE keypairs", null);
    assertThat(order.status()).isEqualTo(400);
    assertThat(order.json().has("order")).isTrue();
    assertThat(http.get(KEYPAIRS + "?user_id=" + user).json().get("total_count").asLong())
        .isEqualTo(1);
  }

  @Test
  void createAndList_takeTheUsersEmailAsUserId_asBackendAiDoes() {
    // Backend.AI's create_keypair(user_id) and keypairs(user_id) name the user by email
    String mail = email();
    String user = createUser(http, mail);
    JsonNode k = createKeypair(http, Map.of("user_id", mail.toUpperCase(java.util.Locale.ROOT)));
    assertThat(k.get("user_id").asText()).isEqualTo(user);
    assertThat(k.get("email").asText()).isEqualTo(mail);
    assertThat(keys(http.get(KEYPAIRS + "?user_id=" + q(mail)).json()))
        .containsExactly(k.get("access_key").asText());
    var unknown = http.post(KEYPAIRS, RawHttp.json(Map.of("user_id", "nobody-" + mail)));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    assertThat(unknown.json().get("user_id").get(0).asText()).isEqualTo("no such user");
    var malformed = http.post(KEYPAIRS, RawHttp.json(Map.of("user_id", "a@b")));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().has("user_id")).isTrue();
    var both = http.get(KEYPAIRS + "?user_id=" + q(mail) + "&email=" + q("x" + mail));
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().has("user_id")).isTrue();
  }

  @Test
  void list_anEmailWithAControlCharacter_is400NamingIt() {
    // PostgreSQL's text type refuses a NUL: such an address must not reach the query (a 500).
    for (String bad :
        List.of("a\u0000b@example.com", "a\u0001b@example.com", "ab@example.com\u0000")) {
      var r = http.get(KEYPAIRS + "?email=" + q(bad));
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json().has("email")).as(r.body()).isTrue();
    }
  }

  @Test
  void paginatedList_aControlCharacterInAString_is400WithThePosition() {
    // PostgreSQL's text type refuses a NUL: such a value must not reach the query (a 500).
    String user = createUser(http, email());
    createKeypair(http, Map.of("user_id", user));
    // a NUL is refused with the other query parameters', before the filter is parsed
    for (String filter : List.of("email == \"a\u0000b\"", "email ilike \"%\u0000\"")) {
      var r = paginated(user, filter, null, null);
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json().get("filter").get(0).asText()).as(r.body()).contains("U+0000");
    }
    var unitSeparator = paginated(user, "access_key != \"\u001f\"", null, null);
    assertThat(unitSeparator.status()).as(unitSeparator.body()).isEqualTo(400);
    assertThat(unitSeparator.json().get("filter").get(0).asText())
        .as(unitSeparator.body())
        .contains("control character")
        .contains("at position");
    var tab = paginated(user, "email ilike \"%\t%\"", null, null);
    assertThat(tab.status()).as(tab.body()).isEqualTo(400);
  }

  @Test
  void paginatedList_badSyntax_names400WithThePosition() {
    String user = createUser(http, email());
    Map<String, String> expected =
        Map.of(
            "foo == \"1\"", "unknown field 'foo'; fields: access_key",
            "rate_limit ==", "expected a value, got the end at position 13",
            "(is_active == true", "missing ')' at position 18",
            "rate_limit == \"10\"", "rate_limit takes an integer at position 14",
            "is_admin > true", "is_admin compares only with == or != at position 9",
            "rate_limit ilike \"1\"", "ilike applies only to text fields at position 11",
            "email == \"open", "unterminated string at position 14",
            "email = \"a\"", "expected an operator (==, !=, <, <=, >, >=, ilike) at position 6",
            "is_active == true &", "expected a field name, got the end at position 19",
            "created_at > \"yesterday\"", "created_at takes an ISO-8601 instant");
    expected.forEach(
        (filter, message) -> {
          var r = paginated(user, filter, null, null);
          assertThat(r.status()).as(filter).isEqualTo(400);
          assertThat(r.json().get("filter").get(0).asText()).as(filter).contains(message);
        });
    var order = paginated(user, null, "+rate_limit,-nope", null);
    assertThat(order.json().get("order").get(0).asText())
        .contains("unknown field 'nope' at position 12");
  }
}
