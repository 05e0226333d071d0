package dev.latchkey.server.oauth;

import static dev.latchkey.server.oauth.OAuthFixtures.APPS;
import static dev.latchkey.server.oauth.OAuthFixtures.FORM;
import static dev.latchkey.server.oauth.OAuthFixtures.createApp;
import static dev.latchkey.server.oauth.OAuthFixtures.grant;
import static dev.latchkey.server.oauth.OAuthFixtures.part;
import static dev.latchkey.server.oauth.OAuthFixtures.postBasic;
import static dev.latchkey.server.oauth.OAuthFixtures.postForm;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token, introspection and revocation endpoints and discovery, over real HTTP: every RFC 6749
 * error, rotated secrets before and after their grace, revoked and expired tokens. One server per
 * kind, since the tests move its clock.
 */
@ParameterizedClass
@MethodSource("kinds")
class OAuthTokenApiTest {
  static final String TOKEN = "/oauth2/token";
  static final String INTROSPECT = "/oauth2/introspect";
  static final String REVOKE = "/oauth2/revoke";
  static final Map<String, String> CC = Map.of("grant_type", "client_credentials");
  private static final Map<String, TestServer> SERVERS = new HashMap<>();
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("OAuthTokenApiTest");
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

  private JsonNode app() {
    return createApp(http, Map.of("name", Fixtures.unique("svc")));
  }

  private static String id(JsonNode app) {
    return app.get("client_id").asText();
  }

  private static String secret(JsonNode app) {
    return app.get("client_secret").asText();
  }

  private static void assertOAuthError(RawHttp.Response r, int status, String error) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).as(r.body()).isEqualTo(error);
    assertThat(r.json().get("error_description").asText()).isNotBlank();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void basicGrant_issuesAnRs256AccessTokenNamingClientOwnerScopes() {
    String org = Fixtures.createOrg(http, Fixtures.unique("org"));
    JsonNode app =
        createApp(
            http,
            Map.of(
                "name", Fixtures.unique("svc"), "org_id", org, "scopes", List.of("read", "write")));
    var r = postBasic(server, TOKEN, id(app), secret(app), CC);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Pragma")).isEqualTo("no-cache");
    JsonNode body = r.json();
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(body.get("scope").asText()).isEqualTo("read write");
    assertThat(body.has("refresh_token")).isFalse();
    String jwt = body.get("access_token").asText();
    JsonNode header = part(jwt, 0);
    JsonNode claims = part(jwt, 1);
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(header.get("typ").asText()).isEqualTo("at+jwt");
    String kid = header.get("kid").asText();
    assertThat(server.anonymous().get("/.well-known/jwks.json").body()).contains(kid);
    assertThat(claims.get("iss").asText()).isEqualTo("http://127.0.0.1:1");
    assertThat(claims.get("sub").asText()).isEqualTo(id(app));
    assertThat(claims.get("client_id").asText()).isEqualTo(id(app));
    assertThat(claims.get("owner").get("type").asText()).isEqualTo("org");
    assertThat(claims.get("owner").get("id").asText()).isEqualTo(org);
    assertThat(claims.get("scope").asText()).isEqualTo("read write");
    assertThat(claims.get("aud").asText()).isEqualTo("http://127.0.0.1:1");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
    assertThat(claims.get("jti").asText()).hasSize(32);
    assertThat(claims.has("user_id")).isFalse();
    assertThat(jwt).doesNotContain(secret(app));
  }

  @Test
  void postGrant_withScopeAndAudience_andUrlEncodedBasicCredentials() {
    JsonNode app =
        createApp(http, Map.of("name", Fixtures.unique("svc"), "scopes", List.of("read", "write")));
    var r =
        postForm(
            server,
            TOKEN,
            id(app),
            secret(app),
            Map.of(
                "grant_type",
                "client_credentials",
                "scope",
                "read",
                "audience",
                "https://api.example.com"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode claims = part(r.json().get("access_token").asText(), 1);
    assertThat(claims.get("scope").asText()).isEqualTo("read");
    assertThat(claims.get("aud").asText()).isEqualTo("https://api.example.com");

    // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic; "-" may arrive as %2D
    String pair = id(app).replace("-", "%2D") + ":" + secret(app);
    var encoded =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                "grant_type=client_credentials",
                FORM,
                Map.of(
                    "Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes())));
    assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
  }

  @Test
  void otherMethodsOnTheOAuthEndpoints_are405WithAllowPost_inOAuthsShape() {
    for (String path : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
      for (String method : List.of("GET", "PUT", "DELETE")) {
        var r = http.withBearer(null).send(method, path, null, null);
        assertThat(r.status()).as(method + " " + path).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("POST");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
      }
    }
  }

  @Test
  void wrongOrMissingClientCredentials_are401InvalidClient_withABasicChallengeForBasic() {
    JsonNode app = app();
    var wrong = postBasic(server, TOKEN, id(app), secret(app) + "x", CC);
    assertOAuthError(wrong, 401, "invalid_client");
    assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic");
    var wrongPost = postForm(server, TOKEN, id(app), "lkcs_wrong", CC);
    assertOAuthError(wrongPost, 401, "invalid_client");
    assertThat(wrongPost.header("WWW-Authenticate")).isNull();
    assertOAuthError(
        postBasic(server, TOKEN, "no-such-client", secret(app), CC), 401, "invalid_client");
    assertOAuthError(
        postBasic(server, TOKEN, id(app), secret(app).substring(0, 20), CC), 401, "invalid_client");
    var none =
        server.anonymous().send("POST", TOKEN, "grant_type=client_credentials", FORM, Map.of());
    assertOAuthError(none, 401, "invalid_client");
    var idOnly =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                "grant_type=client_credentials&client_id=" + id(app),
                FORM,
                Map.of());
    assertOAuthError(idOnly, 401, "invalid_client");
    var notBase64 =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                "grant_type=client_credentials",
                FORM,
                Map.of("Authorization", "Basic %%%"));
    assertOAuthError(notBase64, 401, "invalid_client");
    var bearer =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                "grant_type=client_credentials",
                FORM,
                Map.of("Authorization", "Bearer " + TestServer.MANAGEMENT_KEY));
    assertOAuthError(bearer, 401, "invalid_client");
  }

  @Test
  void clientIdsNoAppCanHave_areInvalidClient_withoutReachingTheDatabase() {
    // A NUL is refused by PostgreSQL's text type: such an id must not reach a query (it was a 500).
    JsonNode app = app();
    for (String bad : List.of("a\u0000b", id(app) + "\u0000", "Upper-Case", "sp ace", "é")) {
      var viaBasic = postBasic(server, TOKEN, bad, secret(app), CC);
      assertOAuthError(viaBasic, 401, "invalid_client");
      assertThat(viaBasic.header("WWW-Authenticate")).startsWith("Basic");
      assertOAuthError(postForm(server, TOKEN, bad, secret(app), CC), 401, "invalid_client");
      assertOAuthError(
          postBasic(server, INTROSPECT, bad, secret(app), Map.of("token", "x")),
          401,
          "invalid_client");
      assertOAuthError(
          postBasic(server, REVOKE, bad, secret(app), Map.of("token", "x")), 401, "invalid_client");
    }
    assertThat(postBasic(server, TOKEN, id(app), secret(app), CC).status()).isEqualTo(200);
  }

  @Test
  void aWrongManagementKey_atIntrospectionAndRevocation_isChallengedAsBearer() {
    // RFC 6749 §5.2: a client that tried the Authorization header gets a 401 with a
    // WWW-Authenticate in the scheme it used
    for (String path : List.of(INTROSPECT, REVOKE)) {
      var r =
          server
              .anonymous()
              .send(
                  "POST",
                  path,
                  "token=x",
                  FORM,
                  Map.of("Authorization", "Bearer " + TestServer.MANAGEMENT_KEY + "x"));
      assertOAuthError(r, 401, "invalid_client");
      assertThat(r.header("WWW-Authenticate")).as(path).startsWith("Bearer ");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
  }

  @Test
  void malformedRequests_areInvalidRequest_andOtherGrantsUnsupported() {
    JsonNode app = app();
    assertOAuthError(
        postBasic(server, TOKEN, id(app), secret(app), Map.of()), 400, "invalid_request");
    var json =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                "{\"grant_type\":\"client_credentials\"}",
                "application/json",
                Map.of("Authorization", OAuthFixtures.basic(id(app), secret(app))));
    assertOAuthError(json, 400, "invalid_request");
    var twice =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                "grant_type=client_credentials&grant_type=client_credentials",
                FORM,
                Map.of("Authorization", OAuthFixtures.basic(id(app), secret(app))));
    assertOAuthError(twice, 400, "invalid_request");
    assertThat(twice.json().get("error_description").asText()).contains("grant_type");
    var bothMethods =
        server
            .anonymous()
            .send(
                "POST",
                TOKEN,
                OAuthFixtures.form(
                    Map.of(
                        "grant_type", "client_credentials",
                        "client_id", id(app),
                        "client_secret", secret(app))),
                FORM,
                Map.of("Authorization", OAuthFixtures.basic(id(app), secret(app))));
    assertOAuthError(bothMethods, 400, "invalid_request");
    assertOAuthError(
        postBasic(server, TOKEN, id(app), secret(app), Map.of("grant_type", "password")),
        400,
        "unsupported_grant_type");
    assertOAuthError(
        postBasic(server, TOKEN, id(app), secret(app), Map.of("grant_type", "authorization_code")),
        400,
        "unsupported_grant_type");
    assertOAuthError(
        postBasic(
            server,
            TOKEN,
            id(app),
            secret(app),
            Map.of("grant_type", "client_credentials", "audience", "has space")),
        400,
        "invalid_request");
    assertThat(server.anonymous().get(TOKEN).status()).isIn(404, 405);
  }

  @Test
  void scopes_outsideTheAppsList_areInvalidScope() {
    JsonNode limited =
        createApp(http, Map.of("name", Fixtures.unique("svc"), "scopes", List.of("read")));
    assertOAuthError(
        postBasic(
            server,
            TOKEN,
            id(limited),
            secret(limited),
            Map.of("grant_type", "client_credentials", "scope", "read admin")),
        400,
        "invalid_scope");
    JsonNode open = app();
    var any =
        postBasic(
            server,
            TOKEN,
            id(open),
            secret(open),
            Map.of("grant_type", "client_credentials", "scope", "anything:read other"));
    assertThat(any.status()).as(any.body()).isEqualTo(200);
    assertThat(any.json().get("scope").asText()).isEqualTo("anything:read other");
    assertOAuthError(
        postBasic(
            server,
            TOKEN,
            id(open),
            secret(open),
            Map.of("grant_type", "client_credentials", "scope", "bad\"quote")),
        400,
        "invalid_scope");
    var noScope = postBasic(server, TOKEN, id(open), secret(open), CC);
    assertThat(noScope.json().has("scope")).isFalse();
  }

  @Test
  void anAppWithoutTheClientCredentialsGrant_isUnauthorizedClient() {
    JsonNode app =
        createApp(
            http,
            Map.of("name", Fixtures.unique("web"), "grant_types", List.of("authorization_code")));
    assertOAuthError(
        postBasic(server, TOKEN, id(app), secret(app), CC), 400, "unauthorized_client");
  }

  @Test
  void aDisabledOwnersApp_isInvalidGrant_untilEnabledAgain() {
    String user = Fixtures.createUser(http, Fixtures.email());
    JsonNode app = createApp(http, Map.of("name", Fixtures.unique("svc"), "user_id", user));
    assertThat(postBasic(server, TOKEN, id(app), secret(app), CC).status()).isEqualTo(200);
    assertThat(http.post("/api/backend/v1/user/" + user + "/disable", "{}").status())
        .isEqualTo(200);
    assertOAuthError(postBasic(server, TOKEN, id(app), secret(app), CC), 400, "invalid_grant");
    assertThat(http.post("/api/backend/v1/user/" + user + "/enable", "{}").status()).isEqualTo(200);
    assertThat(postBasic(server, TOKEN, id(app), secret(app), CC).status()).isEqualTo(200);
  }

  @Test
  void rotatedSecret_oldOneWorksDuringTheGrace_andNotAfter() {
    JsonNode app = app();
    String old = secret(app);
    var rotated =
        http.post(APPS + "/" + id(app) + "/rotate_secret", "{\"grace_period_seconds\":600}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String fresh = rotated.json().get("client_secret").asText();
    assertThat(fresh).isNotEqualTo(old).startsWith("lkcs_");
    assertThat(rotated.json().get("encoded_credentials").asText()).isNotBlank();
    assertThat(rotated.json().get("previous_secret_valid_until").asLong()).isPositive();
    assertThat(postBasic(server, TOKEN, id(app), old, CC).status()).isEqualTo(200);
    assertThat(postBasic(server, TOKEN, id(app), fresh, CC).status()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(601));
    assertOAuthError(postBasic(server, TOKEN, id(app), old, CC), 401, "invalid_client");
    assertThat(postBasic(server, TOKEN, id(app), fresh, CC).status()).isEqualTo(200);

    var noGrace = http.post(APPS + "/" + id(app) + "/rotate_secret", "");
    assertThat(noGrace.status()).as(noGrace.body()).isEqualTo(200);
    assertOAuthError(postBasic(server, TOKEN, id(app), fresh, CC), 401, "invalid_client");
    assertThat(
            postBasic(server, TOKEN, id(app), noGrace.json().get("client_secret").asText(), CC)
                .status())
        .isEqualTo(200);
  }

  @Test
  void introspection_byTheClientOrAManagementKey_revokedAndExpiredAreInactive() {
    JsonNode app = app();
    JsonNode other = app();
    String token = grant(server, app);
    var mine = postBasic(server, INTROSPECT, id(app), secret(app), Map.of("token", token));
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    assertThat(mine.header("Cache-Control")).isEqualTo("no-store");
    JsonNode i = mine.json();
    assertThat(i.get("active").asBoolean()).isTrue();
    assertThat(i.get("client_id").asText()).isEqualTo(id(app));
    assertThat(i.get("sub").asText()).isEqualTo(id(app));
    assertThat(i.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(i.get("owner_type").asText()).isEqualTo("project");
    assertThat(i.get("exp").asLong()).isGreaterThan(i.get("iat").asLong());
    assertThat(i.get("iss").asText()).isEqualTo("http://127.0.0.1:1");

    var byOther = postForm(server, INTROSPECT, id(other), secret(other), Map.of("token", token));
    assertThat(byOther.json().get("active").asBoolean()).isFalse();
    assertThat(byOther.json().size()).isEqualTo(1);
    var byManagement =
        server
            .anonymous()
            .send(
                "POST",
                INTROSPECT,
                OAuthFixtures.form(Map.of("token", token)),
                FORM,
                Map.of("Authorization", "Bearer " + TestServer.MANAGEMENT_KEY));
    assertThat(byManagement.json().get("active").asBoolean()).isTrue();
    assertOAuthError(
        server
            .anonymous()
            .send("POST", INTROSPECT, OAuthFixtures.form(Map.of("token", token)), FORM, Map.of()),
        401,
        "invalid_client");
    assertOAuthError(
        postBasic(server, INTROSPECT, id(app), "lkcs_wrong", Map.of("token", token)),
        401,
        "invalid_client");
    assertOAuthError(
        postBasic(server, INTROSPECT, id(app), secret(app), Map.of()), 400, "invalid_request");

    for (String junk : List.of("garbage", token + "x", token.substring(0, token.length() - 5))) {
      assertThat(
              postBasic(server, INTROSPECT, id(app), secret(app), Map.of("token", junk))
                  .json()
                  .get("active")
                  .asBoolean())
          .isFalse();
    }
    String user = Fixtures.createUser(http, Fixtures.email());
    String userToken = OAuthFixtures.accessToken(http, user);
    assertThat(
            postBasic(server, INTROSPECT, id(app), secret(app), Map.of("token", userToken))
                .json()
                .get("active")
                .asBoolean())
        .as("a user's access token is not a client token")
        .isFalse();

    String expiring = grant(server, app);
    server.clock().advance(Duration.ofMinutes(61));
    assertThat(
            postBasic(server, INTROSPECT, id(app), secret(app), Map.of("token", expiring))
                .json()
                .get("active")
                .asBoolean())
        .isFalse();
  }

  @Test
  void revocation_makesTheTokenInactive_othersTokensAreRefused_junkIsAccepted() {
    JsonNode app = app();
    JsonNode other = app();
    String token = grant(server, app);
    String kept = grant(server, app);
    assertOAuthError(
        postBasic(server, REVOKE, id(other), secret(other), Map.of("token", token)),
        400,
        "unauthorized_client");
    var revoked =
        postBasic(
            server,
            REVOKE,
            id(app),
            secret(app),
            Map.of("token", token, "token_type_hint", "access_token"));
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(postBasic(server, REVOKE, id(app), secret(app), Map.of("token", token)).status())
        .isEqualTo(200);
    assertThat(
            postBasic(server, INTROSPECT, id(app), secret(app), Map.of("token", token))
                .json()
                .get("active")
                .asBoolean())
        .isFalse();
    assertThat(
            postBasic(server, INTROSPECT, id(app), secret(app), Map.of("token", kept))
                .json()
                .get("active")
                .asBoolean())
        .isTrue();
    assertThat(http.get("/api/admin/v1/audit_events?page_size=100").body())
        .contains("oauth_token.revoked")
        .contains("oauth_client");
    assertThat(
            postBasic(server, REVOKE, id(app), secret(app), Map.of("token", "not-a-token"))
                .status())
        .isEqualTo(200);
    assertOAuthError(
        postBasic(server, REVOKE, id(app), "lkcs_bad", Map.of("token", kept)),
        401,
        "invalid_client");
    assertOAuthError(
        postBasic(server, REVOKE, id(app), secret(app), Map.of()), 400, "invalid_request");
  }

  @Test
  void aDeletedAppsTokens_areInactive_andItGetsNoMore() {
    JsonNode app = app();
    String token = grant(server, app);
    assertThat(http.delete(APPS + "/" + id(app)).status()).isEqualTo(200);
    assertOAuthError(postBasic(server, TOKEN, id(app), secret(app), CC), 401, "invalid_client");
    var byManagement =
        server
            .anonymous()
            .send(
                "POST",
                INTROSPECT,
                OAuthFixtures.form(Map.of("token", token)),
                FORM,
                Map.of("Authorization", "Bearer " + TestServer.MANAGEMENT_KEY));
    assertThat(byManagement.json().get("active").asBoolean()).isFalse();
  }

  @Test
  void discoveryDocuments_nameTheEndpointsAndMethods() {
    for (String path :
        List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
      var r = server.anonymous().get(path);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode m = r.json();
      assertThat(m.get("issuer").asText()).isEqualTo("http://127.0.0.1:1");
      assertThat(m.get("token_endpoint").asText()).isEqualTo("http://127.0.0.1:1/oauth2/token");
      assertThat(m.get("jwks_uri").asText()).isEqualTo("http://127.0.0.1:1/.well-known/jwks.json");
      assertThat(m.get("introspection_endpoint").asText()).endsWith("/oauth2/introspect");
      assertThat(m.get("revocation_endpoint").asText()).endsWith("/oauth2/revoke");
      assertThat(m.get("grant_types_supported").toString()).isEqualTo("[\"client_credentials\"]");
      assertThat(m.get("token_endpoint_auth_methods_supported").toString())
          .contains("client_secret_basic", "client_secret_post");
    }
    assertThat(
            server
                .anonymous()
                .get("/.well-known/openid-configuration")
                .json()
                .get("id_token_signing_alg_values_supported")
                .toString())
        .contains("RS256");
  }

  @Test
  void secrets_areNeverInLogsTheDatabaseOrLaterAnswers() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try {
      JsonNode app = app();
      String secret = secret(app);
      String token = grant(server, app);
      postBasic(server, TOKEN, id(app), secret + "x", CC);
      postForm(server, TOKEN, id(app), secret, CC);
      postBasic(server, INTROSPECT, id(app), secret, Map.of("token", token));
      var rotated =
          http.post(APPS + "/" + id(app) + "/rotate_secret", "{\"grace_period_seconds\":60}");
      String fresh = rotated.json().get("client_secret").asText();
      StringBuilder later = new StringBuilder();
      later.append(http.get(APPS + "/" + id(app)).body());
      later.append(http.get(APPS + "?page_size=100").body());
      later.append(http.patch(APPS + "/" + id(app), "{\"client_name\":\"n\"}").body());
      later.append(http.get("/api/admin/v1/audit_events?page_size=100").body());
      for (String s : List.of(secret, fresh)) {
        assertThat(later.toString()).doesNotContain(s);
        assertThat(DatabaseDump.contains(server, s)).as("database").isFalse();
        for (ILoggingEvent e : logs.list) {
          assertThat(e.getFormattedMessage()).doesNotContain(s);
          if (e.getThrowableProxy() != null) {
            assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(s);
          }
        }
      }
    } finally {
      root.detachAppender(logs);
    }
  }
}
