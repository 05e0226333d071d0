package dev.latchkey.client;

import static dev.latchkey.client.KeyServer.b64;
import static dev.latchkey.client.KeyServer.sign;
import static dev.latchkey.client.KeyServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.KeyServer.Key;
import dev.latchkey.client.KeyServer.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token rules of {@link LatchkeyAuth}, with tokens the real server would never sign: each one
 * validly signed, so that the rule under test, and not the signature, is what refuses it. The
 * server-backed tests in the server module cover real tokens.
 */
class AccessTokenValidationTest {
  static final Key KEY_A = KeyServer.newKey("key-a");
  static final Key KEY_B = KeyServer.newKey("key-b");
  static final String HEADER_A = "{\"alg\":\"RS256\",\"kid\":\"key-a\",\"typ\":\"JWT\"}";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String USER = "0b6a1f4e-7f0a-4f57-9d43-2f6a1d6b2c11";
  static final String ORG = "5f0c7a2e-1d3b-4c8e-9a6f-3e2d1c0b9a87";

  KeyServer keyServer;
  TestClock clock;
  LatchkeyAuth auth;

  @BeforeEach
  void setUp() {
    keyServer = new KeyServer();
    keyServer.publish(KEY_A);
    clock = new TestClock(NOW);
    auth = newAuth();
  }

  @AfterEach
  void tearDown() {
    keyServer.close();
  }

  LatchkeyAuth newAuth() {
    return LatchkeyAuth.builder().authUrl(keyServer.url()).clock(clock).build();
  }

  Map<String, Object> claims() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", keyServer.url());
    c.put("sub", USER);
    c.put("iat", NOW.getEpochSecond());
    c.put("exp", NOW.plusSeconds(600).getEpochSecond());
    c.put("user_id", USER);
    c.put("email", "ada@example.com");
    c.put("first_name", "Ada");
    c.put("properties", Map.of("fav_color", "red"));
    c.put("metadata", Map.of("tier", Map.of("level", 3)));
    c.put("login_method", Map.of("login_method", "social_sso", "provider", "Google"));
    c.put("org_id_to_org_member_info", Map.of(ORG, orgEntry("Admin")));
    return c;
  }

  static Map<String, Object> orgEntry(String role) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("org_id", ORG);
    e.put("org_name", "Acme Corp");
    e.put("url_safe_org_name", "acme-corp");
    e.put("org_metadata", Map.of());
    e.put("user_role", role);
    e.put(
        "inherited_user_roles_plus_current_role",
        role.equals("Admin") ? List.of("Admin", "Member") : List.of(role));
    e.put("user_permissions", List.of("can_view_billing"));
    e.put("org_role_structure", "single_role_in_hierarchy");
    e.put("additional_roles", List.of());
    return e;
  }

  String token(Map<String, Object> claims) {
    return sign(KEY_A, HEADER_A, write(claims));
  }

  User validate(String token) {
    return auth.validateAccessTokenAndGetUser("Bearer " + token);
  }

  void assertRefused(String token, String why) {
    assertThatThrownBy(() -> validate(token))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(((LatchkeyException) e).status()).isEqualTo(401))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
  }

  // ---- what a valid token gives

  @Test
  void validToken_givesTheUserWithEveryClaim() {
    User user = validate(token(claims()));

    assertThat(user.exists()).isTrue();
    assertThat(user.userId()).isEqualTo(USER);
    assertThat(user.email()).isEqualTo("ada@example.com");
    assertThat(user.firstName()).isEqualTo("Ada");
    assertThat(user.lastName()).isNull();
    assertThat(user.properties()).containsEntry("fav_color", "red");
    assertThat(user.metadata()).containsEntry("tier", Map.of("level", 3));
    assertThat(user.loginMethod())
        .isEqualTo(new LoginMethod(LoginMethod.Kind.SOCIAL_SSO, "Google", null));
    assertThat(user.isImpersonating()).isFalse();
    assertThat(user.activeOrgId()).isNull();
    OrgMemberInfo org = user.getOrg(ORG).orElseThrow();
    assertThat(org.isRole("Admin")).isTrue();
    assertThat(org.isAtLeastRole("Member")).isTrue();
    assertThat(org.isAtLeastRole("Owner")).isFalse();
    assertThat(user.getOrgByName("Acme Corp")).contains(org);
    assertThat(user.getOrgByName("acme corp")).contains(org);
    assertThat(user.getOrgByName("Acme")).isEmpty();
  }

  @Test
  void activeOrgToken_orgMemberInfoWinsOverTheMap() {
    Map<String, Object> c = claims();
    c.put("org_member_info", orgEntry("Member"));

    User user = validate(token(c));

    assertThat(user.activeOrgId()).isEqualTo(ORG);
    assertThat(user.orgIdToOrgMemberInfo()).containsOnlyKeys(ORG);
    assertThat(user.getActiveOrg().orElseThrow().userRole()).isEqualTo("Member");
  }

  @Test
  void unknownLoginMethod_isUnknown_notAnError() {
    Map<String, Object> c = claims();
    c.put("login_method", Map.of("login_method", "carrier_pigeon"));
    assertThat(validate(token(c)).loginMethod()).isEqualTo(LoginMethod.unknown());
    c.remove("login_method");
    assertThat(validate(token(c)).loginMethod()).isEqualTo(LoginMethod.unknown());
  }

  // ---- the Authorization header

  @Test
  void authorizationHeader_schemeInAnyCase_isAccepted() {
    String token = token(claims());
    assertThat(auth.validateAccessTokenAndGetUser("bearer " + token).userId()).isEqualTo(USER);
    assertThat(auth.validateAccessTokenAndGetUser("BEARER " + token).userId()).isEqualTo(USER);
    assertThat(auth.validateAccessToken(token).userId()).isEqualTo(USER);
  }

  @Test
  void authorizationHeader_malformed_isUnauthorized() {
    String token = token(claims());
    assertThatThrownBy(() -> auth.validateAccessTokenAndGetUser(null))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("no authorization header");
    for (String header :
        List.of(
            "",
            "Bearer",
            "Bearer ",
            token,
            "Basic " + token,
            "Bearer  " + token,
            " Bearer " + token,
            "Bearer " + token + " ",
            "Bearer " + token + " extra",
            "Bearer\t" + token,
            "Token " + token)) {
      assertThatThrownBy(() -> auth.validateAccessTokenAndGetUser(header))
          .as(header)
          .isInstanceOf(UnauthorizedException.class);
    }
  }

  // ---- the compact serialization

  @Test
  void wrongSegmentCount_isRefused() {
    String token = token(claims());
    String[] parts = token.split("\\.");
    assertRefused(parts[0] + "." + parts[1], "three dot-separated segments");
    assertRefused(token + "." + parts[2], "three dot-separated segments");
    assertRefused(parts[0] + "." + parts[1] + ".", "signature segment is empty");
    assertRefused("." + parts[1] + "." + parts[2], "header segment is empty");
    assertThatThrownBy(() -> auth.validateAccessToken(""))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("three dot-separated segments");
  }

  @Test
  void paddedOrNonUrlSafeBase64_isRefused() {
    String header = b64(HEADER_A);
    Map<String, Object> c = claims();
    c.put("email", "a@b.co");
    String payload = b64(write(c));
    String padded =
        KeyServer.signSegments(
            KEY_A.privateKey(), header, payload + "=".repeat(4 - payload.length() % 4));
    assertRefused(padded, "not unpadded base64url");
    String standard = token(claims()).replace('-', '+').replace('_', '/');
    if (!standard.equals(token(claims()))) {
      assertRefused(standard, "not unpadded base64url");
    }
  }

  @Test
  void nonCanonicalBase64_inTheSignature_isRefused() {
    String token = token(claims());
    // 256 signature bytes leave 2 unused bits in the last character; setting one keeps the bytes
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char twin = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    assertRefused(token.substring(0, token.length() - 1) + twin, "not canonical base64url");
  }

  @Test
  void oversizedToken_isRefusedBeforeAnyWork_evenWhenValidlySigned() {
    Map<String, Object> c = claims();
    c.put("properties", Map.of("padding", "x".repeat(17 * 1024)));
    assertRefused(token(c), "longer than 16384 characters");
  }

  // ---- the header

  @Test
  void algOtherThanRs256_isRefused_evenWithAValidRsaSignature() {
    for (String alg : List.of("rs256", "RS384", "PS256", "ES256", "HS256", "none", "")) {
      String header = "{\"alg\":\"" + alg + "\",\"kid\":\"key-a\",\"typ\":\"JWT\"}";
      assertRefused(sign(KEY_A, header, write(claims())), "only RS256");
    }
    assertRefused(sign(KEY_A, "{\"kid\":\"key-a\"}", write(claims())), "alg is missing");
    assertRefused(
        sign(KEY_A, "{\"alg\":256,\"kid\":\"key-a\"}", write(claims())), "alg is missing");
  }

  @Test
  void algNone_withEmptySignature_isRefused() {
    String token = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(write(claims())) + ".";
    assertRefused(token, "only RS256");
    String withJunk = b64("{\"alg\":\"none\"}") + "." + b64(write(claims())) + ".AAAA";
    assertRefused(withJunk, "only RS256");
  }

  @Test
  void hs256_signedWithThePublicKeyPem_isRefused() throws Exception {
    String signingInput =
        b64("{\"alg\":\"HS256\",\"kid\":\"key-a\",\"typ\":\"JWT\"}") + "." + b64(write(claims()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY_A.pem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String token =
        signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    assertRefused(token, "only RS256");
  }

  @Test
  void critHeader_isRefused() {
    String header = "{\"alg\":\"RS256\",\"kid\":\"key-a\",\"crit\":[\"exp\"],\"exp\":1}";
    assertRefused(sign(KEY_A, header, write(claims())), "crit is not supported");
  }

  @Test
  void headersThatPointAtOtherKeysOrChangeTheFormat_areRefused() {
    for (String extra :
        List.of(
            "\"jku\":\"https://evil.example/jwks\"",
            "\"x5u\":\"https://evil.example/cert\"",
            "\"jwk\":{\"kty\":\"RSA\"}",
            "\"x5c\":[\"MII\"]",
            "\"b64\":false",
            "\"cty\":\"JWT\"",
            "\"zip\":\"DEF\"")) {
      String header = "{\"alg\":\"RS256\",\"kid\":\"key-a\"," + extra + "}";
      assertRefused(sign(KEY_A, header, write(claims())), "is not allowed");
    }
  }

  @Test
  void duplicateNames_inHeaderOrPayload_areRefused() {
    String header = "{\"alg\":\"RS256\",\"alg\":\"RS256\",\"kid\":\"key-a\"}";
    assertRefused(sign(KEY_A, header, write(claims())), "without duplicate names");
    String payload = write(claims());
    String twoUsers =
        payload.substring(0, payload.length() - 1)
            + ",\"user_id\":\"11111111-1111-1111-1111-111111111111\"}";
    assertRefused(sign(KEY_A, HEADER_A, twoUsers), "without duplicate names");
  }

  @Test
  void headerOrPayloadThatIsNotAJsonObject_isRefused() {
    assertRefused(sign(KEY_A, "[\"RS256\"]", write(claims())), "not a JSON object");
    assertRefused(sign(KEY_A, HEADER_A, "\"user\""), "not a JSON object");
    assertRefused(sign(KEY_A, HEADER_A, write(claims()) + "{}"), "not a JSON object");
    assertRefused(sign(KEY_A, HEADER_A + " x", write(claims())), "not a JSON object");
  }

  @Test
  void payloadNotInUtf8_isRefused() {
    byte[] utf16 = write(claims()).getBytes(StandardCharsets.UTF_16BE);
    String token = KeyServer.signSegments(KEY_A.privateKey(), b64(HEADER_A), b64(utf16));
    assertRefused(token, "not a JSON object");
    byte[] latin1 = "{\"user_id\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertRefused(
        KeyServer.signSegments(KEY_A.privateKey(), b64(HEADER_A), b64(latin1)), "not UTF-8");
  }

  @Test
  void typOtherThanJwt_isRefused_jwtInAnyCaseIsAccepted() {
    String lower = "{\"alg\":\"RS256\",\"kid\":\"key-a\",\"typ\":\"jwt\"}";
    assertThat(validate(sign(KEY_A, lower, write(claims()))).userId()).isEqualTo(USER);
    String other = "{\"alg\":\"RS256\",\"kid\":\"key-a\",\"typ\":\"at+jwt+evil\"}";
    assertRefused(sign(KEY_A, other, write(claims())), "typ must be JWT");
  }

  // ---- the signature

  @Test
  void tamperedPayload_isRefused() {
    String[] parts = token(claims()).split("\\.");
    Map<String, Object> c = claims();
    c.put("user_id", "11111111-1111-1111-1111-111111111111");
    assertRefused(parts[0] + "." + b64(write(c)) + "." + parts[2], "does not verify");
  }

  @Test
  void signatureByAnotherKey_underThePublishedKid_isRefused() {
    assertRefused(sign(KEY_B, HEADER_A, write(claims())), "does not verify");
  }

  @Test
  void truncatedSignature_isRefused() {
    String[] parts = token(claims()).split("\\.");
    byte[] signature = java.util.Base64.getUrlDecoder().decode(parts[2]);
    String truncated = b64(java.util.Arrays.copyOf(signature, signature.length - 3));
    assertRefused(parts[0] + "." + parts[1] + "." + truncated, "wrong length");
  }

  // ---- the claims

  @Test
  void issuer_mustMatchExactly() {
    for (String iss :
        List.of(keyServer.url() + "/", keyServer.url().toUpperCase(), "https://evil.example")) {
      Map<String, Object> c = claims();
      c.put("iss", iss);
      assertRefused(token(c), "claim iss is");
    }
    Map<String, Object> c = claims();
    c.remove("iss");
    assertRefused(token(c), "iss is missing");
    c.put("iss", 42);
    assertRefused(token(c), "iss is missing");
  }

  @Test
  void issuerOverride_replacesTheOrigin() {
    Map<String, Object> c = claims();
    c.put("iss", "https://auth.example.com");
    LatchkeyAuth overridden =
        LatchkeyAuth.builder()
            .authUrl(keyServer.url())
            .issuer("https://auth.example.com")
            .clock(clock)
            .build();

    assertThat(overridden.issuer()).isEqualTo("https://auth.example.com");
    assertThat(overridden.validateAccessToken(token(c)).userId()).isEqualTo(USER);
    assertThatThrownBy(() -> overridden.validateAccessToken(token(claims())))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void expiry_isEnforcedWithTheLeeway() {
    String token = token(claims());
    clock.advance(Duration.ofSeconds(600 + 9));
    assertThat(validate(token).userId()).isEqualTo(USER);
    clock.advance(Duration.ofSeconds(1));
    assertRefused(token, "expired");
  }

  @Test
  void zeroLeeway_refusesAtExpiry() {
    LatchkeyAuth strict =
        LatchkeyAuth.builder().authUrl(keyServer.url()).clock(clock).leeway(Duration.ZERO).build();
    String token = token(claims());
    clock.advance(Duration.ofSeconds(599));
    assertThat(strict.validateAccessToken(token).userId()).isEqualTo(USER);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> strict.validateAccessToken(token))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void timesInTheFuture_areRefusedBeyondTheLeeway() {
    Map<String, Object> c = claims();
    c.put("iat", NOW.plusSeconds(10).getEpochSecond());
    assertThat(validate(token(c)).userId()).isEqualTo(USER);
    c.put("iat", NOW.plusSeconds(11).getEpochSecond());
    assertRefused(token(c), "issued in the future");
    c = claims();
    c.put("nbf", NOW.plusSeconds(60).getEpochSecond());
    assertRefused(token(c), "not valid before");
    c.put("nbf", NOW.getEpochSecond());
    assertThat(validate(token(c)).userId()).isEqualTo(USER);
  }

  @Test
  void times_mustBePresentNumbersInRange() {
    for (String claim : List.of("exp", "iat")) {
      Map<String, Object> c = claims();
      c.remove(claim);
      assertRefused(token(c), "claim " + claim + " is missing");
      c.put(claim, String.valueOf(NOW.plusSeconds(60).getEpochSecond()));
      assertRefused(token(c), "must be a number");
      c.put(claim, -1);
      assertRefused(token(c), "out of range");
    }
    Map<String, Object> c = claims();
    c.put("exp", 1e300);
    assertRefused(token(c), "out of range");
    c.put("exp", NOW.getEpochSecond());
    assertRefused(token(c), "not after it was issued");
    c.put("exp", NOW.getEpochSecond() + 30.5);
    assertThat(validate(token(c)).userId()).isEqualTo(USER);
  }

  @Test
  void claimsOfTheWrongType_makeTheTokenInvalid() {
    Map<String, Object> c = claims();
    c.put("user_id", 42);
    assertRefused(token(c), "user_id must be a string");
    c = claims();
    c.remove("user_id");
    assertRefused(token(c), "user_id is missing");
    c = claims();
    c.put("email", List.of("a@b.co"));
    assertRefused(token(c), "email must be a string");
    c = claims();
    c.put("properties", List.of(1));
    assertRefused(token(c), "properties must be an object");
    c = claims();
    Map<String, Object> entry = orgEntry("Admin");
    entry.put("user_permissions", "can_view_billing");
    c.put("org_id_to_org_member_info", Map.of(ORG, entry));
    assertRefused(token(c), "user_permissions must be an array of strings");
    c = claims();
    c.put("org_id_to_org_member_info", Map.of("other-org", orgEntry("Admin")));
    assertRefused(token(c), "does not match its key");
  }

  @Test
  void nullClaims_countAsAbsent() {
    Map<String, Object> c = claims();
    c.put("email", null);
    c.put("properties", null);
    c.put("org_member_info", null);
    User user = validate(token(c));
    assertThat(user.email()).isNull();
    assertThat(user.properties()).isEmpty();
    assertThat(user.orgIdToOrgMemberInfo()).containsOnlyKeys(ORG);
  }

  // ---- organizations

  @Test
  void orgChecks_followTheRequirement() {
    String header = "Bearer " + token(claims());
    RequiredOrg org = RequiredOrg.byId(ORG);

    assertThat(auth.validateAccessTokenAndGetUserWithOrgInfo(header, org).orgMemberInfo().orgId())
        .isEqualTo(ORG);
    assertThat(
            auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(header, org, "Admin")
                .user()
                .userId())
        .isEqualTo(USER);
    auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(header, org, "Member");
    auth.validateAccessTokenAndGetUserWithOrgInfoWithPermission(header, org, "can_view_billing");
    auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(
        header, org, List.of("can_view_billing"));
    auth.validateAccessTokenAndGetUserWithOrgInfo(header, RequiredOrg.byName("acme-corp"));
    auth.validateAccessTokenAndGetUserWithOrgInfo(
        header, RequiredOrg.byIdAndName(ORG, "Acme Corp"));

    assertForbidden(
        () -> auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(header, org, "Member"));
    assertForbidden(
        () -> auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(header, org, "Owner"));
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfoWithPermission(header, org, "can_delete"));
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(
                header, org, List.of("can_view_billing", "can_delete")));
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfo(
                header, RequiredOrg.byId("77777777-7777-7777-7777-777777777777")));
    assertForbidden(
        () ->
            auth.validateAccessTokenAndGetUserWithOrgInfo(
                header, RequiredOrg.byIdAndName(ORG, "Other Corp")));
  }

  @Test
  void orgCheck_withAnInvalidToken_isUnauthorized_notForbidden() {
    assertThatThrownBy(
            () ->
                auth.validateAccessTokenAndGetUserWithOrgInfo(
                    "Bearer nope", RequiredOrg.byId("77777777-7777-7777-7777-777777777777")))
        .isInstanceOf(UnauthorizedException.class);
  }

  static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ForbiddenException.class)
        .satisfies(e -> assertThat(((LatchkeyException) e).status()).isEqualTo(403));
  }

  // ---- keys: where they come from and when they are fetched

  @Test
  void serverWithoutJwks_isReadThroughTokenVerificationMetadata() {
    keyServer.mode(KeyServer.Mode.METADATA_ONLY);
    LatchkeyAuth viaMetadata = newAuth();
    assertThat(viaMetadata.validateAccessToken(token(claims())).userId()).isEqualTo(USER);
  }

  @Test
  void metadataKeyWithoutKid_verifiesTokensWhateverTheirKid_asPropelAuthClientsDo() {
    keyServer.mode(KeyServer.Mode.METADATA_WITHOUT_KID);
    LatchkeyAuth viaMetadata = newAuth();
    String other = "{\"alg\":\"RS256\",\"kid\":\"whatever\"}";
    assertThat(viaMetadata.validateAccessToken(sign(KEY_A, other, write(claims()))).userId())
        .isEqualTo(USER);
  }

  @Test
  void tokenWithoutKid_isAcceptedOnlyWhileTheServerPublishesOneKey() {
    String noKid = sign(KEY_A, "{\"alg\":\"RS256\"}", write(claims()));
    assertThat(validate(noKid).userId()).isEqualTo(USER);

    keyServer.publish(KEY_A, KEY_B);
    LatchkeyAuth twoKeys = newAuth();
    assertThatThrownBy(() -> twoKeys.validateAccessToken(noKid))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("no kid");
  }

  @Test
  void failedFirstFetch_is503_thenRetriedWithBackoff_untilTheServerAnswers() {
    keyServer.mode(KeyServer.Mode.FAILING);
    int before = keyServer.requests();
    LatchkeyAuth early = newAuth();
    String token = token(claims());
    assertThat(keyServer.requests()).isEqualTo(before + 1);

    assertThatThrownBy(() -> early.validateAccessToken(token))
        .isExactlyInstanceOf(LatchkeyException.class)
        .satisfies(e -> assertThat(((LatchkeyException) e).status()).isEqualTo(503))
        .hasMessageContaining("next attempt in 1 s");
    assertThat(keyServer.requests()).as("no attempt inside the backoff").isEqualTo(before + 1);

    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> early.validateAccessToken(token)).hasMessageContaining("in 2 s");
    assertThat(keyServer.requests()).isEqualTo(before + 2);

    keyServer.mode(KeyServer.Mode.JWKS);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> early.validateAccessToken(token)).hasMessageContaining("in 1 s");
    clock.advance(Duration.ofSeconds(1));
    assertThat(early.validateAccessToken(token).userId()).isEqualTo(USER);
    assertThat(keyServer.requests()).isEqualTo(before + 3);
  }

  @Test
  void backoff_doublesFromOneSecondToOneMinute() {
    assertThat(VerificationKeys.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(VerificationKeys.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(VerificationKeys.backoff(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(VerificationKeys.backoff(7)).isEqualTo(Duration.ofMinutes(1));
    assertThat(VerificationKeys.backoff(1000)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void unknownKid_refetchesTheKeys_atMostOncePerInterval() {
    String header = "{\"alg\":\"RS256\",\"kid\":\"key-b\"}";
    String tokenB = sign(KEY_B, header, write(claims()));
    int before = keyServer.requests();

    keyServer.publish(KEY_A, KEY_B);
    for (int i = 0; i < 50; i++) {
      assertRefused(tokenB, "no key the server publishes has its kid");
    }
    assertThat(keyServer.requests()).as("fetched at build, nothing since").isEqualTo(before);

    clock.advance(VerificationKeys.MIN_REFETCH_INTERVAL);
    assertThat(validate(tokenB).userId()).isEqualTo(USER);
    assertThat(keyServer.requests()).isEqualTo(before + 1);
    for (int i = 0; i < 50; i++) {
      assertRefused(sign(KEY_B, "{\"alg\":\"RS256\",\"kid\":\"made-up-" + i + "\"}", "{}"), "kid");
    }
    assertThat(keyServer.requests()).isEqualTo(before + 1);
  }

  @Test
  void keyTheServerStopsPublishing_stopsVerifying_afterTheKeysMaxAge() {
    String tokenA = token(claims());
    keyServer.publish(KEY_B);
    clock.advance(Duration.ofMinutes(4));
    assertThat(validate(tokenA).userId()).isEqualTo(USER);

    clock.advance(Duration.ofMinutes(1));
    assertRefused(tokenA, "no key the server publishes has its kid");
  }

  @Test
  void failedRefresh_keepsTheCachedKeys() {
    String tokenA = token(claims());
    keyServer.mode(KeyServer.Mode.FAILING);
    clock.advance(Duration.ofMinutes(11));
    Map<String, Object> c = claims();
    c.put("iat", clock.instant().getEpochSecond());
    c.put("exp", clock.instant().plusSeconds(60).getEpochSecond());
    assertThat(validate(token(c)).userId()).isEqualTo(USER);
    assertRefused(tokenA, "expired");
  }

  @Test
  void concurrentValidations_allAgree_whileMadeUpKidsHammerTheRefetch() throws Exception {
    String good = token(claims());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 200; i++) {
                    if (thread % 2 == 0) {
                      if (validate(good).userId().equals(USER)) {
                        ok++;
                      }
                    } else {
                      String bogus =
                          b64("{\"alg\":\"RS256\",\"kid\":\"x" + i + "\"}")
                              + "."
                              + b64(write(claims()))
                              + "."
                              + b64(new byte[256]);
                      try {
                        validate(bogus);
                      } catch (UnauthorizedException expected) {
                        ok++;
                      }
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(keyServer.requests()).isEqualTo(1);
  }

  // ---- the builder

  @Test
  void builder_checksEveryValue() {
    assertThatThrownBy(() -> LatchkeyAuth.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("authUrl is required");
    assertThatThrownBy(() -> LatchkeyAuth.builder().authUrl("ftp://x.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("authUrl must be an absolute http or https URL");
    assertThatThrownBy(() -> LatchkeyAuth.builder().leeway(Duration.ofMinutes(6)))
        .hasMessageContaining("leeway must be between 0 and PT5M, got PT6M");
    assertThatThrownBy(() -> LatchkeyAuth.builder().leeway(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatchkeyAuth.builder().issuer("https://a.example/ x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatchkeyAuth.builder().keysMaxAge(Duration.ofSeconds(1)))
        .hasMessageContaining("keysMaxAge");
    assertThatThrownBy(() -> LatchkeyAuth.builder().apiKey("has space"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("has space");
    assertThatThrownBy(() -> auth.client())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey");
  }

  @Test
  void defaultIssuer_isTheOriginOfTheAuthUrl() {
    assertThat(issuerOf("HTTPS://LocalHost:443/latchkey/")).isEqualTo("https://localhost");
    assertThat(issuerOf("http://127.0.0.1:80")).isEqualTo("http://127.0.0.1");
    assertThat(issuerOf("http://127.0.0.1:1/")).isEqualTo("http://127.0.0.1:1");
  }

  /** Only loopback addresses: building makes one attempt to fetch the keys. */
  static String issuerOf(String authUrl) {
    return LatchkeyAuth.builder().authUrl(authUrl).timeout(Duration.ofSeconds(1)).build().issuer();
  }

  @Test
  void toString_namesTheServer_neverTheApiKey() {
    LatchkeyAuth withKey =
        LatchkeyAuth.builder()
            .authUrl(keyServer.url())
            .apiKey("lk_mgmt_secret_value_0123456789")
            .build();
    assertThat(withKey.toString())
        .contains(keyServer.url())
        .doesNotContain("lk_mgmt_secret_value_0123456789");
    assertThat(withKey.client().toString()).contains(keyServer.url());
  }

  @Test
  void anonymousUser_doesNotExist() {
    User anonymous = User.anonymous();
    assertThat(anonymous.exists()).isFalse();
    assertThat(anonymous.userId()).isNull();
    assertThat(anonymous.orgIdToOrgMemberInfo()).isEmpty();
    assertThat(anonymous.loginMethod()).isEqualTo(LoginMethod.unknown());
    assertThatThrownBy(() -> OrgRequirement.member().check(anonymous, RequiredOrg.byId("org")))
        .isInstanceOf(ForbiddenException.class);
  }
}
