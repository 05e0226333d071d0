package dev.latchkey.server.token;

import static dev.latchkey.server.testing.Fixtures.addToOrg;
import static dev.latchkey.server.testing.Fixtures.createOrg;
import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
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
class AccessTokensApiTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("AccessTokensApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  private RSAPublicKey metadataKey() throws Exception {
    var r = server.anonymous().get("/api/v1/token_verification_metadata");
    assertThat(r.status()).isEqualTo(200);
    String pem = r.json().get("verifier_key_pem").asText();
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("-----END PUBLIC KEY-----\n");
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    RSAPublicKey key =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    assertThat(key.getModulus().bitLength()).isGreaterThanOrEqualTo(2048);
    return key;
  }

  private String token(Map<String, Object> body) {
    var r = http.post("/api/backend/v1/access_token", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  @Test
  void createAccessToken_isRs256SignedByTheMetadataKey_withPropelAuthClaims() throws Exception {
    String user =
        createUser(
            http,
            Map.of(
                "email",
                email(),
                "email_confirmed",
                true,
                "first_name",
                "Tok",
                "properties",
                Map.of("fav_color", "red")));
    String org = createOrg(http, unique("Tok "));
    addToOrg(http, user, org, "Admin");
    SignedJWT jwt = SignedJWT.parse(token(Map.of("user_id", user, "duration_in_minutes", 30)));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getKeyID()).isNotBlank();
    assertThat(jwt.verify(new RSASSAVerifier(metadataKey()))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("http://127.0.0.1:1");
    assertThat(claims.getStringClaim("user_id")).isEqualTo(user);
    assertThat(claims.getSubject()).isEqualTo(user);
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(30 * 60 * 1000L);
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(server.clock().instant());
    assertThat(claims.getStringClaim("first_name")).isEqualTo("Tok");
    assertThat(claims.getJSONObjectClaim("properties")).containsEntry("fav_color", "red");
    assertThat(claims.getJSONObjectClaim("login_method"))
        .containsEntry("login_method", "generated_from_backend_api");
    @SuppressWarnings("unchecked")
    Map<String, Object> info =
        (Map<String, Object>) claims.getJSONObjectClaim("org_id_to_org_member_info").get(org);
    assertThat(info).containsEntry("user_role", "Admin").containsEntry("org_id", org);
    assertThat(info.get("inherited_user_roles_plus_current_role"))
        .isEqualTo(List.of("Admin", "Member"));
    assertThat(info.get("user_permissions").toString()).contains("latchkey::can_invite");
    assertThat(claims.getClaim("org_member_info")).isNull();
  }

  @Test
  void createAccessToken_withActiveOrg_carriesOnlyThatOrg() throws Exception {
    String user = createUser(http, email());
    String org = createOrg(http, unique("Active "));
    addToOrg(http, user, org, "Member");
    JWTClaimsSet claims =
        SignedJWT.parse(
                token(Map.of("user_id", user, "duration_in_minutes", 5, "active_org_id", org)))
            .getJWTClaimsSet();
    assertThat(claims.getJSONObjectClaim("org_member_info")).containsEntry("org_id", org);
    assertThat(claims.getClaim("org_id_to_org_member_info")).isNull();
    var notMember =
        http.post(
            "/api/backend/v1/access_token",
            RawHttp.json(
                Map.of(
                    "user_id",
                    user,
                    "duration_in_minutes",
                    5,
                    "active_org_id",
                    UUID.randomUUID().toString())));
    assertThat(notMember.status()).isEqualTo(400);
    assertThat(notMember.json().has("active_org_id")).isTrue();
  }

  @Test
  void createAccessToken_forUnknownUser_is403_asPropelAuthClientsExpect() {
    var r =
        http.post(
            "/api/backend/v1/access_token",
            RawHttp.json(
                Map.of("user_id", UUID.randomUUID().toString(), "duration_in_minutes", 5)));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void createAccessToken_withBadDurationOrDisabledUser_is400() {
    String user = createUser(http, email());
    for (Object bad : List.of(0, -5, 10_000_000)) {
      var r =
          http.post(
              "/api/backend/v1/access_token",
              RawHttp.json(Map.of("user_id", user, "duration_in_minutes", bad)));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().has("duration_in_minutes")).isTrue();
    }
    assertThat(
            http.post("/api/backend/v1/access_token", RawHttp.json(Map.of("user_id", user)))
                .json()
                .has("duration_in_minutes"))
        .isTrue();
    http.post("/api/backend/v1/user/" + user + "/disable", "");
    var disabled =
        http.post(
            "/api/backend/v1/access_token",
            RawHttp.json(Map.of("user_id", user, "duration_in_minutes", 5)));
    assertThat(disabled.status()).isEqualTo(400);
    assertThat(disabled.json().has("user_id")).isTrue();
  }

  @Test
  void jwks_publishesTheSigningKeyByKid() throws Exception {
    String user = createUser(http, email());
    SignedJWT jwt = SignedJWT.parse(token(Map.of("user_id", user, "duration_in_minutes", 5)));
    JWKSet set = JWKSet.parse(server.anonymous().get("/.well-known/jwks.json").body());
    RSAKey key = (RSAKey) set.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).isNotNull();
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
  }

  @Test
  void rotation_newKeySigns_oldKeyKeepsVerifyingViaJwks() throws Exception {
    String user = createUser(http, email());
    SignedJWT before = SignedJWT.parse(token(Map.of("user_id", user, "duration_in_minutes", 5)));
    var rotated = http.post("/api/admin/v1/signing_keys/rotate", "");
    assertThat(rotated.status()).isEqualTo(201);
    SignedJWT after = SignedJWT.parse(token(Map.of("user_id", user, "duration_in_minutes", 5)));
    assertThat(after.getHeader().getKeyID())
        .isEqualTo(rotated.json().get("kid").asText())
        .isNotEqualTo(before.getHeader().getKeyID());
    assertThat(after.verify(new RSASSAVerifier(metadataKey()))).isTrue();
    JWKSet set = JWKSet.parse(server.anonymous().get("/.well-known/jwks.json").body());
    assertThat(
            before.verify(
                new RSASSAVerifier((RSAKey) set.getKeyByKeyId(before.getHeader().getKeyID()))))
        .isTrue();
    var keys = http.get("/api/admin/v1/signing_keys").json().get("signing_keys");
    assertThat(keys.get(0).get("signing").asBoolean()).isTrue();
    assertThat(keys.toString()).doesNotContain("PRIVATE");
  }
}
