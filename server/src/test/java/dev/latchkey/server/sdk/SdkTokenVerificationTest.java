package dev.latchkey.server.sdk;

import static dev.latchkey.server.sdk.SdkTokens.TEST_ISSUER;
import static dev.latchkey.server.sdk.SdkTokens.accessToken;
import static dev.latchkey.server.sdk.SdkTokens.bearer;
import static dev.latchkey.server.testing.Fixtures.addToOrg;
import static dev.latchkey.server.testing.Fixtures.createOrg;
import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.client.ForbiddenException;
import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.LoginMethod;
import dev.latchkey.client.OrgMemberInfo;
import dev.latchkey.client.RequiredOrg;
import dev.latchkey.client.UnauthorizedException;
import dev.latchkey.client.User;
import dev.latchkey.client.UserAndOrgMemberInfo;
import dev.latchkey.server.sdk.SdkTokens.PortForwarder;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LatchkeyAuth} against the real server over real HTTP, on every configured database: the
 * keys come from the server's JWKS, the tokens from {@code create_access_token}.
 *
 * <p>The test servers put {@code http://127.0.0.1:1} (their public URL) in {@code iss} while
 * listening on a random port, so the SDK is given that issuer explicitly. The SDK gets its own
 * clock, started at the server's time: moving it never disturbs the shared server.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkTokenVerificationTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Parameter String kind;
  TestServer server;
  RawHttp http;
  MutableClock clock;
  LatchkeyAuth auth;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkTokenVerificationTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    clock = new MutableClock(server.clock().instant());
    auth = auth(server.baseUrl());
  }

  LatchkeyAuth auth(String authUrl) {
    return LatchkeyAuth.builder()
        .authUrl(authUrl)
        .issuer(TEST_ISSUER)
        .clock(clock)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  String newUser() {
    return createUser(http, email());
  }

  String newMember(String orgId, String role) {
    String user = newUser();
    addToOrg(http, user, orgId, role);
    return user;
  }

  void assertUnauthorized(String header, String why) {
    assertThatThrownBy(() -> auth.validateAccessTokenAndGetUser(header))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining(why);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] unb64(String part) {
    return Base64.getUrlDecoder().decode(part);
  }

  // ---- real tokens

  @Test
  void realToken_givesTheUserWithTheServersClaims() {
    String email = email();
    String user =
        createUser(
            http,
            Map.of(
                "email",
                email,
                "email_confirmed",
                true,
                "first_name",
                "Ada",
                "last_name",
                "Lovelace",
                "properties",
                Map.of("fav_color", "red")));
    String orgName = unique("Sdk Verify ");
    String org = createOrg(http, orgName);
    addToOrg(http, user, org, "Admin");

    User u = auth.validateAccessTokenAndGetUser(bearer(accessToken(http, user, 30)));

    assertThat(u.exists()).isTrue();
    assertThat(u.userId()).isEqualTo(user);
    assertThat(u.email()).isEqualTo(email);
    assertThat(u.firstName()).isEqualTo("Ada");
    assertThat(u.lastName()).isEqualTo("Lovelace");
    assertThat(u.properties()).containsEntry("fav_color", "red");
    assertThat(u.loginMethod().kind()).isEqualTo(LoginMethod.Kind.GENERATED_FROM_BACKEND_API);
    assertThat(u.isImpersonating()).isFalse();
    assertThat(u.activeOrgId()).isNull();
    OrgMemberInfo info = u.getOrg(org).orElseThrow();
    assertThat(info.orgName()).isEqualTo(orgName);
    assertThat(info.userRole()).isEqualTo("Admin");
    assertThat(info.inheritedUserRolesPlusCurrentRole()).containsExactly("Admin", "Member");
    assertThat(info.userPermissions()).contains("latchkey::can_invite");
    assertThat(info.isAtLeastRole("Member")).isTrue();
    assertThat(info.isAtLeastRole("Owner")).isFalse();
    assertThat(u.getOrgByName(orgName)).contains(info);
  }

  @Test
  void activeOrgToken_carriesOnlyThatOrg_andNamesIt() {
    String org = createOrg(http, unique("Sdk Active "));
    String other = createOrg(http, unique("Sdk Other "));
    String user = newMember(org, "Member");
    addToOrg(http, user, other, "Owner");

    User u = auth.validateAccessTokenAndGetUser(bearer(accessToken(http, user, 5, org)));

    assertThat(u.activeOrgId()).isEqualTo(org);
    assertThat(u.orgIdToOrgMemberInfo()).containsOnlyKeys(org);
    assertThat(u.getActiveOrg().orElseThrow().userRole()).isEqualTo("Member");
  }

  @Test
  void impersonationToken_saysWhoIsImpersonating() {
    String employee = newUser();
    String customer = newUser();
    var r =
        http.post(
            "/api/backend/v1/user/" + customer + "/impersonate",
            RawHttp.json(Map.of("impersonator_user_id", employee, "duration_in_minutes", 5)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    User u = auth.validateAccessToken(r.json().get("access_token").asText());

    assertThat(u.userId()).isEqualTo(customer);
    assertThat(u.isImpersonating()).isTrue();
    assertThat(u.impersonatorUserId()).isEqualTo(employee);
    assertThat(u.loginMethod().kind()).isEqualTo(LoginMethod.Kind.IMPERSONATION);
  }

  @Test
  void theSameTokenAsABareToken_givesTheSameUser() {
    String user = newUser();
    String token = accessToken(http, user, 5);
    assertThat(auth.validateAccessToken(token))
        .isEqualTo(auth.validateAccessTokenAndGetUser("bearer " + token));
  }

  // ---- tampering

  @Test
  void tamperedPayload_isUnauthorized() throws Exception {
    String victim = newUser();
    String[] parts = accessToken(http, newUser(), 5).split("\\.");
    ObjectNode claims = (ObjectNode) JSON.readTree(unb64(parts[1]));
    claims.put("user_id", victim);
    String forged = parts[0] + "." + b64(JSON.writeValueAsBytes(claims)) + "." + parts[2];

    assertUnauthorized(bearer(forged), "signature does not verify");
  }

  @Test
  void tamperedSignature_isUnauthorized() {
    String[] parts = accessToken(http, newUser(), 5).split("\\.");
    byte[] signature = unb64(parts[2]);
    signature[signature.length / 2] ^= 0x01;

    assertUnauthorized(
        bearer(parts[0] + "." + parts[1] + "." + b64(signature)), "signature does not verify");
  }

  @Test
  void truncatedToken_isUnauthorized() {
    String token = accessToken(http, newUser(), 5);
    assertUnauthorized(bearer(token.substring(0, token.lastIndexOf('.'))), "three");
    assertUnauthorized(bearer(token.substring(0, token.length() - 10)), "signature");
  }

  @Test
  void oversizedToken_isUnauthorized() {
    assertUnauthorized(bearer("a".repeat(16 * 1024 + 1)), "longer than 16384");
  }

  // ---- time and issuer

  @Test
  void expiredToken_isUnauthorized_afterTheLeeway() {
    String token = accessToken(http, newUser(), 1);
    clock.advance(Duration.ofSeconds(60 + 9));
    assertThat(auth.validateAccessToken(token).exists()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertUnauthorized(bearer(token), "expired");
  }

  @Test
  void expiredToken_byTheServersOwnClock_isUnauthorized() {
    MutableClock serverClock = server.clock();
    String token = accessToken(http, newUser(), 1);
    LatchkeyAuth onServerTime =
        LatchkeyAuth.builder()
            .authUrl(server.baseUrl())
            .issuer(TEST_ISSUER)
            .clock(serverClock)
            .build();
    serverClock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> onServerTime.validateAccessToken(token))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void defaultIssuer_isTheAuthUrlsOrigin_soTheTestServersTokensAreRefused() {
    LatchkeyAuth byOrigin = LatchkeyAuth.builder().authUrl(server.baseUrl()).clock(clock).build();
    String token = accessToken(http, newUser(), 5);

    assertThat(byOrigin.issuer()).isEqualTo(server.baseUrl());
    assertThatThrownBy(() -> byOrigin.validateAccessToken(token))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("claim iss is '" + TEST_ISSUER + "'");
  }

  @Test
  void wrongIssuer_isUnauthorized() {
    LatchkeyAuth other =
        LatchkeyAuth.builder()
            .authUrl(server.baseUrl())
            .issuer(TEST_ISSUER + "/")
            .clock(clock)
            .build();
    String token = accessToken(http, newUser(), 5);
    assertThatThrownBy(() -> other.validateAccessToken(token))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("claim iss");
  }

  // ---- algorithm confusion

  @Test
  void hs256_signedWithTheServersPublicKeyPem_isUnauthorized() throws Exception {
    String pem =
        server
            .anonymous()
            .get("/api/v1/token_verification_metadata")
            .json()
            .get("verifier_key_pem")
            .asText();
    String[] parts = accessToken(http, newUser(), 5).split("\\.");
    ObjectNode header = (ObjectNode) JSON.readTree(unb64(parts[0]));
    header.put("alg", "HS256");
    String input = b64(JSON.writeValueAsBytes(header)) + "." + parts[1];
    for (String secret : List.of(pem, pem.strip())) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      String forged = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
      assertUnauthorized(bearer(forged), "alg 'HS256' is not allowed");
    }
  }

  @Test
  void algNone_isUnauthorized() throws Exception {
    String[] parts = accessToken(http, newUser(), 5).split("\\.");
    for (String alg : List.of("none", "None", "NONE")) {
      String header = b64(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes());
      assertUnauthorized(bearer(header + "." + parts[1] + "."), "is not allowed");
      assertUnauthorized(bearer(header + "." + parts[1] + "." + parts[2]), "is not allowed");
    }
  }

  // ---- keys

  @Test
  void rotation_newTokensVerifyAfterARefetch_oldTokensKeepVerifying() {
    String user = newUser();
    String before = accessToken(http, user, 5);
    assertThat(auth.validateAccessToken(before).userId()).isEqualTo(user);

    var rotated = http.post("/api/admin/v1/signing_keys/rotate", "");
    assertThat(rotated.status()).isEqualTo(201);
    String after = accessToken(http, user, 5);

    // the SDK fetched the keys when it was built; an unknown kid refetches at most every 5 s
    clock.advance(Duration.ofSeconds(5));
    assertThat(auth.validateAccessToken(after).userId()).isEqualTo(user);
    assertThat(auth.validateAccessToken(before).userId()).isEqualTo(user);
  }

  @Test
  void unknownKid_isUnauthorized() throws Exception {
    String[] parts = accessToken(http, newUser(), 5).split("\\.");
    ObjectNode header = (ObjectNode) JSON.readTree(unb64(parts[0]));
    header.put("kid", "no-such-key");
    clock.advance(Duration.ofSeconds(5));

    assertUnauthorized(
        bearer(b64(JSON.writeValueAsBytes(header)) + "." + parts[1] + "." + parts[2]),
        "no key the server publishes has its kid");
  }

  @Test
  void serverDownAtStartUp_is503_untilItComesUp_thenTokensVerify() throws Exception {
    int port = SdkTokens.freePort();
    LatchkeyAuth early = auth("http://127.0.0.1:" + port);
    String token = accessToken(http, newUser(), 5);

    assertThatThrownBy(() -> early.validateAccessToken(token))
        .isExactlyInstanceOf(LatchkeyException.class)
        .satisfies(e -> assertThat(((LatchkeyException) e).status()).isEqualTo(503));

    PortForwarder up = new PortForwarder(port, server.port());
    try {
      clock.advance(Duration.ofSeconds(1));
      assertThat(early.validateAccessToken(token).exists()).isTrue();
    } finally {
      up.close();
    }
  }

  // ---- the Authorization header

  @Test
  void malformedAuthorizationHeaders_areUnauthorized() {
    String token = accessToken(http, newUser(), 5);
    assertUnauthorized(null, "no authorization header");
    for (String header :
        List.of(
            token,
            "Bearer",
            "Bearer " + token + " x",
            "Bearer  " + token,
            "Basic " + token,
            "Bearer " + token.replace('.', ','),
            "Bearer " + token + "=")) {
      assertThatThrownBy(() -> auth.validateAccessTokenAndGetUser(header))
          .as(header)
          .isInstanceOf(UnauthorizedException.class);
    }
    assertThat(auth.validateAccessTokenAndGetUser("BEARER " + token).exists()).isTrue();
  }

  // ---- organizations

  @Test
  void orgRequirements_withTheServersRolesAndPermissions() {
    String orgName = unique("Sdk Roles ");
    String org = createOrg(http, orgName);
    RequiredOrg required = RequiredOrg.byId(org);
    String member = bearer(accessToken(http, newMember(org, "Member"), 5));
    String admin = bearer(accessToken(http, newMember(org, "Admin"), 5));
    String owner = bearer(accessToken(http, newMember(org, "Owner"), 5));

    UserAndOrgMemberInfo found = auth.validateAccessTokenAndGetUserWithOrgInfo(member, required);
    assertThat(found.orgMemberInfo().orgName()).isEqualTo(orgName);
    auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(admin, required, "Admin");
    assertForbidden(
        () -> auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(owner, required, "Admin"));
    auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(owner, required, "Admin");
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(
                member, required, "Admin"));
    auth.validateAccessTokenAndGetUserWithOrgInfoWithPermission(
        admin, required, "latchkey::can_invite");
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfoWithPermission(
                member, required, "latchkey::can_invite"));
    List<String> ownerOnly = List.of("latchkey::can_invite", "latchkey::can_delete_org");
    auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(owner, required, ownerOnly);
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(
                admin, required, ownerOnly));
    String urlSafe = found.orgMemberInfo().urlSafeOrgName();
    auth.validateAccessTokenAndGetUserWithOrgInfo(member, RequiredOrg.byName(urlSafe));
    auth.validateAccessTokenAndGetUserWithOrgInfo(member, RequiredOrg.byIdAndName(org, orgName));
  }

  @Test
  void otherTenantsOrg_isForbidden() {
    String mine = createOrg(http, unique("Sdk Mine "));
    String theirs = createOrg(http, unique("Sdk Theirs "));
    newMember(theirs, "Owner");
    String header = bearer(accessToken(http, newMember(mine, "Owner"), 5));

    assertForbidden(
        () -> auth.validateAccessTokenAndGetUserWithOrgInfo(header, RequiredOrg.byId(theirs)));
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfo(
                header, RequiredOrg.byIdAndName(mine, "not its name")));
  }

  @Test
  void activeOrgToken_isForbiddenForTheUsersOtherOrgs() {
    String active = createOrg(http, unique("Sdk A "));
    String other = createOrg(http, unique("Sdk B "));
    String user = newMember(active, "Owner");
    addToOrg(http, user, other, "Owner");
    String header = bearer(accessToken(http, user, 5, active));

    auth.validateAccessTokenAndGetUserWithOrgInfo(header, RequiredOrg.byId(active));
    assertForbidden(
        () -> auth.validateAccessTokenAndGetUserWithOrgInfo(header, RequiredOrg.byId(other)));
  }

  @Test
  void orgCheck_withoutAValidToken_isUnauthorized_beforeAnythingAboutTheOrg() {
    String org = createOrg(http, unique("Sdk 401 "));
    assertThatThrownBy(
            () -> auth.validateAccessTokenAndGetUserWithOrgInfo(null, RequiredOrg.byId(org)))
        .isInstanceOf(UnauthorizedException.class);
  }

  static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ForbiddenException.class)
        .satisfies(e -> assertThat(((LatchkeyException) e).status()).isEqualTo(403));
  }
}
