package dev.latchkey.server.session;

import static dev.latchkey.server.testing.Fixtures.addToOrg;
import static dev.latchkey.server.testing.Fixtures.createOrg;
import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.crypto.Base32;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("kinds")
class LoginApiTest {
  static final String PASSWORD = "a long passphrase 1";
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  RawHttp anon;

  static List<String> kinds() {
    return DatabaseKinds.available("LoginApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    anon = server.anonymous();
  }

  private String userWithPassword(String email) {
    return createUser(http, Map.of("email", email, "email_confirmed", true, "password", PASSWORD));
  }

  private RawHttp.Response login(String email, String password, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>(Map.of("email", email, "password", password));
    body.putAll(extra);
    return anon.post("/api/v1/login", RawHttp.json(body));
  }

  private JsonNode loginOk(String email) {
    var r = login(email, PASSWORD, Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private RawHttp.Response refresh(String token) {
    return anon.post("/api/v1/refresh", RawHttp.json(Map.of("refresh_token", token)));
  }

  @Test
  void login_withPassword_givesAccessAndRefreshTokens_andASecureCookie() throws Exception {
    String email = email();
    String id = userWithPassword(email);
    String org = createOrg(http, unique("Login "));
    addToOrg(http, id, org, "Owner");
    var r = login(email.toUpperCase(), PASSWORD, Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode t = r.json();
    assertThat(t.get("user_id").asText()).isEqualTo(id);
    assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(t.get("refresh_token").asText()).startsWith("lk_rt_");
    assertThat(r.header("Set-Cookie"))
        .contains("latchkey_refresh_token=")
        .contains("HttpOnly")
        .contains("SameSite=Lax");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    var claims = SignedJWT.parse(t.get("access_token").asText()).getJWTClaimsSet();
    assertThat(claims.getJSONObjectClaim("login_method")).containsEntry("login_method", "password");
    assertThat(claims.getStringClaim("sid")).isEqualTo(t.get("session_id").asText());
    assertThat(claims.getJSONObjectClaim("org_id_to_org_member_info")).containsKey(org);
    var me = anon.withBearer(t.get("access_token").asText()).get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("user_id").asText()).isEqualTo(id);
  }

  @Test
  void login_withWrongPasswordOrUnknownEmail_isTheSame401() {
    String email = email();
    userWithPassword(email);
    var wrong = login(email, "not the password", Map.of());
    var unknown = login("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD, Map.of());
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json().get("error_code").asText()).isEqualTo("invalid_credentials");
    assertThat(unknown.body()).isEqualTo(wrong.body());
  }

  @Test
  void login_forUserWithoutPassword_isRefused() {
    String email = email();
    createUser(http, email);
    assertThat(login(email, PASSWORD, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void login_withBadInput_is400NamingTheField() {
    var r = anon.post("/api/v1/login", "{\"email\":\"not-an-email\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("email")).isTrue();
    assertThat(r.json().has("password")).isTrue();
  }

  @Test
  void disabledUser_cannotLogIn_andTheirSessionsEnd() {
    String email = email();
    String id = userWithPassword(email);
    JsonNode t = loginOk(email);
    assertThat(http.post("/api/backend/v1/user/" + id + "/disable", "").status()).isEqualTo(200);
    assertThat(refresh(t.get("refresh_token").asText()).status()).isEqualTo(401);
    var r = login(email, PASSWORD, Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("error_code").asText()).isEqualTo("user_disabled");
  }

  @Test
  void deletedUser_cannotRefresh() {
    String email = email();
    String id = userWithPassword(email);
    JsonNode t = loginOk(email);
    http.delete("/api/backend/v1/user/" + id);
    assertThat(refresh(t.get("refresh_token").asText()).status()).isEqualTo(401);
  }

  @Test
  void refresh_rotatesTheToken_andReuseRevokesTheWholeSession() {
    String email = email();
    userWithPassword(email);
    JsonNode first = loginOk(email);
    var second = refresh(first.get("refresh_token").asText());
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    String next = second.json().get("refresh_token").asText();
    assertThat(next).isNotEqualTo(first.get("refresh_token").asText());
    assertThat(second.json().get("session_id").asText())
        .isEqualTo(first.get("session_id").asText());
    var reuse = refresh(first.get("refresh_token").asText());
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(refresh(next).status()).as("the family is revoked after reuse").isEqualTo(401);
  }

  @Test
  void refresh_acceptsTheCookie_andRefusesGarbage() {
    String email = email();
    userWithPassword(email);
    JsonNode t = loginOk(email);
    var viaCookie =
        RawHttpCookies.post(
            server.baseUrl() + "/api/v1/refresh",
            "latchkey_refresh_token=" + t.get("refresh_token").asText());
    assertThat(viaCookie).isEqualTo(200);
    assertThat(refresh("lk_rt_garbage").status()).isEqualTo(401);
    assertThat(refresh("x".repeat(500)).status()).isEqualTo(401);
    assertThat(anon.post("/api/v1/refresh", "{}").status()).isEqualTo(400);
  }

  @Test
  void logout_endsTheSession_logoutAllEndsEvery() {
    String email = email();
    userWithPassword(email);
    JsonNode a = loginOk(email);
    JsonNode b = loginOk(email);
    JsonNode c = loginOk(email);
    assertThat(
            anon.post(
                    "/api/v1/logout",
                    RawHttp.json(Map.of("refresh_token", a.get("refresh_token").asText())))
                .status())
        .isEqualTo(200);
    assertThat(refresh(a.get("refresh_token").asText()).status()).isEqualTo(401);
    RawHttp asUser = anon.withBearer(b.get("access_token").asText());
    var sessions = asUser.get("/api/v1/sessions");
    assertThat(sessions.status()).isEqualTo(200);
    assertThat(sessions.json().get("total_sessions").asLong()).isEqualTo(2);
    assertThat(sessions.json().toString()).doesNotContain("lk_rt_");
    assertThat(asUser.delete("/api/v1/sessions/" + c.get("session_id").asText()).status())
        .isEqualTo(200);
    assertThat(refresh(c.get("refresh_token").asText()).status()).isEqualTo(401);
    assertThat(asUser.post("/api/v1/logout_all", "").status()).isEqualTo(200);
    assertThat(refresh(b.get("refresh_token").asText()).status()).isEqualTo(401);
  }

  @Test
  void backendLogoutAllSessions_andPasswordChange_endSessions() {
    String email = email();
    String id = userWithPassword(email);
    JsonNode a = loginOk(email);
    assertThat(http.post("/api/backend/v1/user/" + id + "/logout_all_sessions", "").status())
        .isEqualTo(200);
    assertThat(refresh(a.get("refresh_token").asText()).status()).isEqualTo(401);
    JsonNode b = loginOk(email);
    http.put(
        "/api/backend/v1/user/" + id + "/password",
        RawHttp.json(Map.of("password", "another long passphrase")));
    assertThat(refresh(b.get("refresh_token").asText()).status()).isEqualTo(401);
    var listed = http.get("/api/backend/v1/user/" + id + "/sessions");
    assertThat(listed.json().get("total_sessions").asLong()).isEqualTo(2);
    assertThat(listed.json().get("sessions").get(0).get("active").asBoolean()).isFalse();
  }

  @Test
  void migratedBcryptUser_logsIn_andTheHashIsUpgradedToArgon2id() throws Exception {
    String email = email();
    String bcrypt = "$2b$10$81kokott5AcOXO3z7bsYEOL3qOQH52/STpmTbv4p1zsWO0/wG5etG";
    var r =
        http.post(
            "/api/backend/v1/migrate_user/",
            RawHttp.json(
                Map.of("email", email, "email_confirmed", true, "existing_password_hash", bcrypt)));
    String id = r.json().get("user_id").asText();
    assertThat(login(email, "correct horse battery staple", Map.of()).status()).isEqualTo(200);
    assertThat(StoredColumn.of(server, "users", "password_hash", id))
        .startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
    assertThat(login(email, "correct horse battery staple", Map.of()).status()).isEqualTo(200);
    assertThat(
            http.get(
                    "/api/admin/v1/audit_events?target_id=" + id + "&action=user.password_rehashed")
                .json()
                .get("total_events")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void migratedUserWithMfaSecret_needsTheCode_andReplayIsRefused() {
    String email = email();
    byte[] secret = "0123456789abcdefghij".getBytes();
    var r =
        http.post(
            "/api/backend/v1/migrate_user/",
            RawHttp.json(
                Map.of(
                    "email",
                    email,
                    "email_confirmed",
                    true,
                    "existing_password_hash",
                    "$2b$10$81kokott5AcOXO3z7bsYEOL3qOQH52/STpmTbv4p1zsWO0/wG5etG",
                    "existing_mfa_base32_encoded_secret",
                    Base32.encode(secret))));
    assertThat(r.status()).isEqualTo(200);
    String password = "correct horse battery staple";
    var noCode = login(email, password, Map.of());
    assertThat(noCode.status()).isEqualTo(401);
    assertThat(noCode.json().get("error_code").asText()).isEqualTo("mfa_required");
    var wrong =
        login(
            email,
            password,
            Map.of("totp_code", "000000".equals(code(secret)) ? "111111" : "000000"));
    assertThat(wrong.json().get("error_code").asText()).isEqualTo("incorrect_mfa_code");
    String code = code(secret);
    assertThat(login(email, password, Map.of("totp_code", code)).status()).isEqualTo(200);
    var replay = login(email, password, Map.of("totp_code", code));
    assertThat(replay.status()).as("a code works once").isEqualTo(401);
    server.clock().advance(Duration.ofSeconds(30));
    assertThat(login(email, password, Map.of("totp_code", code(secret))).status()).isEqualTo(200);
  }

  @Test
  void totpEnrollment_confirmWithCode_thenLoginNeedsIt_recoveryCodesWorkOnce_andDisable() {
    String email = email();
    userWithPassword(email);
    RawHttp asUser = anon.withBearer(loginOk(email).get("access_token").asText());
    var enroll = asUser.post("/api/v1/mfa/totp/enroll", "");
    assertThat(enroll.status()).isEqualTo(200);
    byte[] secret = Base32.decode(enroll.json().get("secret").asText()).orElseThrow();
    assertThat(enroll.json().get("otpauth_url").asText())
        .startsWith("otpauth://totp/")
        .contains("secret=" + enroll.json().get("secret").asText());
    assertThat(login(email, PASSWORD, Map.of()).status())
        .as("not active before confirmation")
        .isEqualTo(200);
    var bad = asUser.post("/api/v1/mfa/totp/confirm", RawHttp.json(Map.of("code", "12345")));
    assertThat(bad.status()).isEqualTo(400);
    var confirm =
        asUser.post("/api/v1/mfa/totp/confirm", RawHttp.json(Map.of("code", code(secret))));
    assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    confirm.json().get("recovery_codes").forEach(c -> codes.add(c.asText()));
    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    assertThat(login(email, PASSWORD, Map.of()).json().get("error_code").asText())
        .isEqualTo("mfa_required");
    assertThat(login(email, PASSWORD, Map.of("recovery_code", codes.get(0))).status())
        .isEqualTo(200);
    assertThat(login(email, PASSWORD, Map.of("recovery_code", codes.get(0))).status())
        .as("single use")
        .isEqualTo(401);
    server.clock().advance(Duration.ofSeconds(30));
    assertThat(login(email, PASSWORD, Map.of("totp_code", code(secret))).status()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(30));
    assertThat(
            asUser
                .post("/api/v1/mfa/totp/disable", RawHttp.json(Map.of("code", code(secret))))
                .status())
        .isEqualTo(200);
    assertThat(login(email, PASSWORD, Map.of()).status()).isEqualTo(200);
  }

  @Test
  void updatePasswordRequired_forcesANewPasswordBeforeTokens() {
    String email = email();
    createUser(
        http,
        Map.of(
            "email",
            email,
            "email_confirmed",
            true,
            "password",
            PASSWORD,
            "ask_user_to_update_password_on_login",
            true));
    var r = login(email, PASSWORD, Map.of());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("error_code").asText()).isEqualTo("password_change_required");
    assertThat(r.body()).doesNotContain("access_token");
    assertThat(login(email, PASSWORD, Map.of("new_password", PASSWORD)).json().has("new_password"))
        .isTrue();
    assertThat(login(email, PASSWORD, Map.of("new_password", "my brand new passphrase")).status())
        .isEqualTo(200);
    assertThat(login(email, PASSWORD, Map.of()).status()).isEqualTo(401);
    assertThat(login(email, "my brand new passphrase", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void userRoutes_refuseMissingTamperedOrManagementCredentials() {
    String email = email();
    userWithPassword(email);
    String token = loginOk(email).get("access_token").asText();
    assertThat(anon.get("/api/v1/me").status()).isEqualTo(401);
    String[] parts = token.split("\\.");
    String tampered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    assertThat(anon.withBearer(tampered).get("/api/v1/me").status()).isEqualTo(401);
    assertThat(anon.withBearer(parts[0] + "." + parts[1] + ".").get("/api/v1/me").status())
        .isEqualTo(401);
    assertThat(http.get("/api/v1/me").status())
        .as("a management key is not a user token")
        .isEqualTo(401);
    assertThat(anon.withBearer(token).get("/api/backend/v1/user/query").status())
        .as("a user token is not a management key")
        .isEqualTo(401);
  }

  @Test
  void accessToken_expires() {
    String email = email();
    userWithPassword(email);
    String token = loginOk(email).get("access_token").asText();
    server.clock().advance(Duration.ofMinutes(31));
    assertThat(anon.withBearer(token).get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void impersonation_yieldsATokenNamingTheImpersonator() throws Exception {
    String target = createUser(http, email());
    String support = createUser(http, email());
    var r =
        http.post(
            "/api/backend/v1/user/" + target + "/impersonate",
            RawHttp.json(Map.of("impersonator_user_id", support, "duration_in_minutes", 10)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    var claims = SignedJWT.parse(r.json().get("access_token").asText()).getJWTClaimsSet();
    assertThat(claims.getStringClaim("user_id")).isEqualTo(target);
    assertThat(claims.getStringClaim("impersonator_user_id")).isEqualTo(support);
    assertThat(claims.getJSONObjectClaim("login_method"))
        .containsEntry("login_method", "impersonation");
    assertThat(
            http.post(
                    "/api/backend/v1/user/" + target + "/impersonate",
                    RawHttp.json(Map.of("impersonator_user_id", UUID.randomUUID().toString())))
                .status())
        .isEqualTo(400);
    assertThat(
            http.get("/api/admin/v1/audit_events?target_id=" + target + "&action=user.impersonated")
                .json()
                .get("total_events")
                .asLong())
        .isEqualTo(1);
  }

  /** The current TOTP code at the server's (test) clock. */
  private String code(byte[] secret) {
    return Totp.code(secret, Totp.stepAt(server.clock().instant()));
  }
}
