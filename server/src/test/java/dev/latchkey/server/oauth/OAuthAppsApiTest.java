package dev.latchkey.server.oauth;

import static dev.latchkey.server.oauth.OAuthFixtures.APPS;
import static dev.latchkey.server.oauth.OAuthFixtures.as;
import static dev.latchkey.server.oauth.OAuthFixtures.createApp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /api/v1/apps}: Union's API-key functions over real HTTP, on one server per kind. */
@ParameterizedClass
@MethodSource("kinds")
class OAuthAppsApiTest {
  private static final Map<String, TestServer> SERVERS = new HashMap<>();
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("OAuthAppsApiTest");
  }

  @BeforeEach
  void setUp() {
    server = SERVERS.computeIfAbsent(kind, k -> TestServer.start(k, Map.of()));
    http = server.http();
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(TestServer::close);
    SERVERS.clear();
  }

  @Test
  void create_answers201WithTheSecretOnce_andUnionEncodedCredentials() throws Exception {
    String name = Fixtures.unique("CI Pipeline ");
    JsonNode app = createApp(http, Map.of("name", name));
    String clientId = app.get("client_id").asText();
    String secret = app.get("client_secret").asText();
    assertThat(clientId).isEqualTo(name.toLowerCase().replaceAll("[^0-9a-z]+", "-"));
    assertThat(app.get("client_name").asText()).isEqualTo(name);
    assertThat(secret).startsWith("lkcs_").hasSizeGreaterThanOrEqualTo(5 + 43);
    assertThat(app.get("owner_type").asText()).isEqualTo("project");
    assertThat(app.get("organization").asText()).isEqualTo("None");
    assertThat(app.get("redirect_uris").get(0).asText())
        .isEqualTo("http://localhost:8080/authorization-code/callback");
    assertThat(app.get("grant_types").toString())
        .isEqualTo("[\"client_credentials\",\"authorization_code\"]");
    assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
    assertThat(app.get("scopes").isNull()).isTrue();
    String decoded =
        new String(
            Base64.getDecoder().decode(app.get("encoded_credentials").asText()),
            StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("127.0.0.1:1:" + clientId + ":" + secret + ":None");

    var got = http.get(APPS + "/" + clientId);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().get("client_id").asText()).isEqualTo(clientId);
    assertThat(got.json().has("client_secret")).isFalse();
    assertThat(got.json().has("encoded_credentials")).isFalse();
    assertThat(got.body()).doesNotContain(secret);
    assertThat(http.get(APPS + "?page_size=100").body()).doesNotContain(secret);
    assertThat(DatabaseDump.contains(server, secret)).isFalse();
  }

  @Test
  void clientIds_areTheNormalizedName_withASuffixOnCollision() {
    String base = Fixtures.unique("deploy");
    String name = "  " + base.toUpperCase() + " -- Bot!! ";
    String first = createApp(http, Map.of("name", name)).get("client_id").asText();
    String second = createApp(http, Map.of("name", name)).get("client_id").asText();
    String third = createApp(http, Map.of("name", name)).get("client_id").asText();
    assertThat(first).isEqualTo(base + "-bot");
    assertThat(second).isEqualTo(base + "-bot-2");
    assertThat(third).isEqualTo(base + "-bot-3");
  }

  @Test
  void manyAppsWithTheSameName_allGetASuffix_andAFreedIdIsReused() {
    // the suffix search was 50 tries, one transaction each: the 51st app of a name was a 400
    String base = Fixtures.unique("ci");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      var r = http.post(APPS, RawHttp.json(Map.of("name", base)));
      assertThat(r.status()).as(i + " " + r.body()).isEqualTo(201);
      ids.add(r.json().get("client_id").asText());
    }
    assertThat(ids.get(0)).isEqualTo(base);
    assertThat(ids.get(59)).isEqualTo(base + "-60");
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(http.delete(APPS + "/" + base + "-7").status()).isEqualTo(200);
    assertThat(createApp(http, Map.of("name", base)).get("client_id").asText())
        .isEqualTo(base + "-7");
    // a name whose own id looks like a suffix of another is still unique
    assertThat(createApp(http, Map.of("name", base + " 61")).get("client_id").asText())
        .isEqualTo(base + "-61");
    assertThat(createApp(http, Map.of("name", base)).get("client_id").asText())
        .isEqualTo(base + "-62");
  }

  @Test
  void redirectUris_refuseScriptSchemesAndHostlessHttp_acceptNativeAppSchemes() {
    for (String bad :
        List.of(
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "http:///callback",
            "https:/callback")) {
      var r = http.post(APPS, RawHttp.json(Map.of("name", "r", "redirect_uris", List.of(bad))));
      assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
      assertThat(r.json().has("redirect_uris")).as(bad).isTrue();
    }
    JsonNode app =
        createApp(
            http,
            Map.of(
                "name",
                Fixtures.unique("native"),
                "redirect_uris",
                List.of("com.example.app:/oauth2redirect", "http://[::1]:8080/cb")));
    var patch =
        http.patch(
            APPS + "/" + app.get("client_id").asText(),
            RawHttp.json(Map.of("redirect_uris", List.of("javascript:alert(1)"))));
    assertThat(patch.status()).as(patch.body()).isEqualTo(400);
  }

  @Test
  void aNameWithoutAnAsciiLetterOrDigit_isRefusedSayingSo() {
    // "日本語" has letters, just none a client id can be made of
    for (String name : List.of("日本語", "!!!", "Ωμέγα")) {
      var r = http.post(APPS, RawHttp.json(Map.of("name", name)));
      assertThat(r.status()).as(name).isEqualTo(400);
      assertThat(r.json().get("name").get(0).asText()).as(name).contains("ASCII letter or digit");
    }
  }

  @Test
  void orgApps_carryTheOrgInEncodedCredentials() {
    String org = Fixtures.createOrg(http, Fixtures.unique("org"));
    JsonNode app = createApp(http, Map.of("name", Fixtures.unique("svc"), "org_id", org));
    assertThat(app.get("owner_type").asText()).isEqualTo("org");
    assertThat(app.get("organization").asText()).isEqualTo(org);
    String decoded =
        new String(Base64.getDecoder().decode(app.get("encoded_credentials").asText()));
    assertThat(decoded).endsWith(":" + org);
  }

  @Test
  void update_changesNameAndRedirectUris_keepsTheRest() {
    JsonNode app =
        createApp(http, Map.of("name", Fixtures.unique("upd"), "scopes", List.of("read")));
    String id = app.get("client_id").asText();
    var r =
        http.patch(
            APPS + "/" + id,
            RawHttp.json(
                Map.of(
                    "client_name",
                    "Renamed",
                    "redirect_uris",
                    List.of("https://app.example.com/cb", "myapp://callback"))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("client_id").asText()).isEqualTo(id);
    assertThat(r.json().get("client_name").asText()).isEqualTo("Renamed");
    assertThat(r.json().get("redirect_uris").size()).isEqualTo(2);
    assertThat(r.json().get("scopes").toString()).isEqualTo("[\"read\"]");
    assertThat(r.body()).doesNotContain(app.get("client_secret").asText());

    Map<String, Object> clear = new LinkedHashMap<>();
    clear.put("scopes", null);
    var cleared = http.patch(APPS + "/" + id, RawHttp.json(clear));
    assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
    assertThat(cleared.json().get("scopes").isNull()).isTrue();
    assertThat(cleared.json().get("client_name").asText()).isEqualTo("Renamed");
    assertThat(http.get(APPS + "/" + id).json().get("client_name").asText()).isEqualTo("Renamed");
  }

  @Test
  void delete_removesTheApp_thenItIsNotFound() {
    String id = createApp(http, Map.of("name", Fixtures.unique("del"))).get("client_id").asText();
    var r = http.delete(APPS + "/" + id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("deleted").asBoolean()).isTrue();
    assertThat(http.get(APPS + "/" + id).status()).isEqualTo(404);
    assertThat(http.delete(APPS + "/" + id).status()).isEqualTo(404);
    assertThat(http.get(APPS + "/no-such-app").json().get("error_code").asText())
        .isEqualTo("not_found");
    assertThat(http.get(APPS + "/Not%20An%20Id").status()).isEqualTo(404);
  }

  @Test
  void list_isPaginatedInLatchkeysPageShape_newestFirst() {
    String user = Fixtures.createUser(http, Fixtures.email());
    RawHttp asUser = as(server, OAuthFixtures.accessToken(http, user));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createApp(asUser, Map.of("name", Fixtures.unique("page"))).get("client_id").asText());
      server.clock().advance(java.time.Duration.ofSeconds(1));
    }
    var first = asUser.get(APPS + "?page_size=2");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode p = first.json();
    assertThat(p.get("total_apps").asLong()).isEqualTo(5);
    assertThat(p.get("current_page").asInt()).isZero();
    assertThat(p.get("page_size").asInt()).isEqualTo(2);
    assertThat(p.get("has_more_results").asBoolean()).isTrue();
    assertThat(p.get("apps").get(0).get("client_id").asText()).isEqualTo(ids.get(4));
    JsonNode last = asUser.get(APPS + "?page_size=2&page_number=2").json();
    assertThat(last.get("apps").size()).isEqualTo(1);
    assertThat(last.get("apps").get(0).get("client_id").asText()).isEqualTo(ids.get(0));
    assertThat(last.get("has_more_results").asBoolean()).isFalse();
    assertThat(asUser.get(APPS + "?page_size=2&page_number=3").json().get("apps").size()).isZero();
  }

  @Test
  void tenancy_usersSeeTheirOwnAndTheirManagedOrgsApps_otherTenantsAre404() {
    String alice = Fixtures.createUser(http, Fixtures.email());
    String bob = Fixtures.createUser(http, Fixtures.email());
    String carol = Fixtures.createUser(http, Fixtures.email());
    String org = Fixtures.createOrg(http, Fixtures.unique("org"));
    Fixtures.addToOrg(http, alice, org, "Admin");
    Fixtures.addToOrg(http, carol, org, "Member");
    RawHttp asAlice = as(server, OAuthFixtures.accessToken(http, alice));
    RawHttp asBob = as(server, OAuthFixtures.accessToken(http, bob));
    RawHttp asCarol = as(server, OAuthFixtures.accessToken(http, carol));
    RawHttp asOrgKey = as(server, OAuthFixtures.apiKey(http, Map.of("org_id", org)));

    JsonNode alicesOwn = createApp(asAlice, Map.of("name", Fixtures.unique("alice")));
    assertThat(alicesOwn.get("owner_type").asText()).isEqualTo("user");
    assertThat(alicesOwn.get("owner_id").asText()).isEqualTo(alice);
    JsonNode orgApp = createApp(asAlice, Map.of("name", Fixtures.unique("org"), "org_id", org));
    JsonNode viaKey = createApp(asOrgKey, Map.of("name", Fixtures.unique("key")));
    assertThat(viaKey.get("owner_type").asText()).isEqualTo("org");
    JsonNode bobs = createApp(asBob, Map.of("name", Fixtures.unique("bob")));

    String own = alicesOwn.get("client_id").asText();
    String orgs = orgApp.get("client_id").asText();
    String bobsId = bobs.get("client_id").asText();
    assertThat(ids(asAlice))
        .contains(own, orgs, viaKey.get("client_id").asText())
        .doesNotContain(bobsId);
    assertThat(ids(asBob)).containsExactly(bobsId);
    assertThat(ids(asCarol)).isEmpty();
    assertThat(ids(asOrgKey)).contains(orgs).doesNotContain(own, bobsId);
    assertThat(ids(http)).contains(own, orgs, bobsId);

    for (RawHttp outsider : List.of(asBob, asCarol)) {
      assertThat(outsider.get(APPS + "/" + orgs).status()).isEqualTo(404);
      assertThat(outsider.patch(APPS + "/" + orgs, "{\"client_name\":\"x\"}").status())
          .isEqualTo(404);
      assertThat(outsider.post(APPS + "/" + orgs + "/rotate_secret", "{}").status()).isEqualTo(404);
      assertThat(outsider.delete(APPS + "/" + orgs).status()).isEqualTo(404);
    }
    assertThat(asOrgKey.get(APPS + "/" + own).status()).isEqualTo(404);
    assertThat(asAlice.get(APPS + "/" + bobsId).status()).isEqualTo(404);

    var notHers =
        asCarol.post(APPS, RawHttp.json(Map.of("name", Fixtures.unique("c"), "org_id", org)));
    assertThat(notHers.status()).isEqualTo(400);
    assertThat(notHers.json().has("org_id")).isTrue();
    var otherUser =
        asBob.post(APPS, RawHttp.json(Map.of("name", Fixtures.unique("c"), "user_id", alice)));
    assertThat(otherUser.status()).isEqualTo(400);
    assertThat(otherUser.json().has("user_id")).isTrue();
    assertThat(http.get(APPS + "/" + orgs).status()).isEqualTo(200);
  }

  private static List<String> ids(RawHttp caller) {
    var r = caller.get(APPS + "?page_size=100");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("apps").forEach(a -> ids.add(a.get("client_id").asText()));
    return ids;
  }

  @Test
  void noCredential_is401_andAnOAuthAccessToken_isNotACredentialHere() {
    assertThat(server.anonymous().get(APPS).status()).isEqualTo(401);
    JsonNode app = createApp(http, Map.of("name", Fixtures.unique("tok")));
    String token = OAuthFixtures.grant(server, app);
    assertThat(as(server, token).get(APPS).status()).isEqualTo(401);
  }

  @Test
  void badInput_is400NamingEachField_andWritesNothing() {
    assertField(http.post(APPS, "{}"), "name");
    assertField(http.post(APPS, RawHttp.json(Map.of("name", "!!! ---"))), "name");
    assertField(http.post(APPS, RawHttp.json(Map.of("name", "x".repeat(101)))), "name");
    assertField(http.post(APPS, RawHttp.json(Map.of("name", 42))), "name");
    assertField(
        http.post(APPS, RawHttp.json(Map.of("name", "ok", "redirect_uris", "http://x"))),
        "redirect_uris");
    assertField(
        http.post(APPS, RawHttp.json(Map.of("name", "ok", "redirect_uris", List.of("not a uri")))),
        "redirect_uris");
    assertField(
        http.post(
            APPS, RawHttp.json(Map.of("name", "ok", "redirect_uris", List.of("https://a/#frag")))),
        "redirect_uris");
    assertField(
        http.post(APPS, RawHttp.json(Map.of("name", "ok", "scopes", List.of("has space")))),
        "scopes");
    assertField(
        http.post(APPS, RawHttp.json(Map.of("name", "ok", "grant_types", List.of("password")))),
        "grant_types");
    assertField(
        http.post(APPS, RawHttp.json(Map.of("name", "ok", "grant_types", List.of()))),
        "grant_types");
    assertField(http.post(APPS, RawHttp.json(Map.of("name", "ok", "color", "red"))), "color");
    assertField(http.post(APPS, RawHttp.json(Map.of("name", "ok", "org_id", "nope"))), "org_id");
    assertField(
        http.post(
            APPS,
            RawHttp.json(Map.of("name", "ok", "org_id", java.util.UUID.randomUUID().toString()))),
        "org_id");
    assertField(
        http.post(
            APPS,
            RawHttp.json(
                Map.of(
                    "name",
                    "ok",
                    "org_id",
                    java.util.UUID.randomUUID().toString(),
                    "user_id",
                    java.util.UUID.randomUUID().toString()))),
        "org_id");
    assertField(http.post(APPS, "[1,2]"), "body");
    assertField(http.post(APPS, "{not json"), "body");
    assertField(http.get(APPS + "?page_size=500"), "page_size");
    assertField(http.get(APPS + "?page_number=-1"), "page_number");
    assertThat(http.get(APPS + "/ok").status()).isEqualTo(404);

    String id = createApp(http, Map.of("name", Fixtures.unique("bad"))).get("client_id").asText();
    assertField(http.patch(APPS + "/" + id, "{\"client_name\":\"\"}"), "client_name");
    assertField(http.patch(APPS + "/" + id, "{\"name\":\"x\"}"), "name");
    assertField(
        http.post(APPS + "/" + id + "/rotate_secret", "{\"grace_period_seconds\":-1}"),
        "grace_period_seconds");
    assertField(
        http.post(APPS + "/" + id + "/rotate_secret", "{\"grace_period_seconds\":\"1\"}"),
        "grace_period_seconds");
  }

  private static void assertField(RawHttp.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().has(field)).as(r.body()).isTrue();
  }
}
