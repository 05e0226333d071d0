package dev.latchkey.server.session;

import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("kinds")
class MagicLinkApiTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("MagicLinkApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  private String create(Map<String, Object> body) {
    var r = http.post("/api/backend/v1/magic_link", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String url = r.json().get("url").asText();
    assertThat(url).startsWith("http://127.0.0.1:1/api/v1/magic_link?token=");
    return url.substring(url.indexOf("token=") + 6);
  }

  private RawHttp.Response open(String token) {
    return server.anonymous().get("/api/v1/magic_link?token=" + token);
  }

  @Test
  void magicLink_logsInAndRedirectsWithASessionCookie_once() throws Exception {
    String email = email();
    String id = createUser(http, email);
    String token =
        create(Map.of("email", email, "redirect_to_url", "http://127.0.0.1:1/dashboard"));
    var r = open(token);
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo("http://127.0.0.1:1/dashboard");
    assertThat(r.header("Set-Cookie")).contains("latchkey_refresh_token=lk_rt_");
    var again = open(token);
    assertThat(again.status()).as("single-use by default").isEqualTo(401);
    assertThat(again.json().get("error_code").asText()).isEqualTo("invalid_magic_link");
    var json =
        server
            .anonymous()
            .send(
                "POST",
                "/api/v1/magic_link",
                RawHttp.json(Map.of("token", create(Map.of("email", email)))),
                "application/json");
    assertThat(json.status()).isEqualTo(200);
    String accessToken = json.json().get("access_token").asText();
    var claims = SignedJWT.parse(accessToken).getJWTClaimsSet();
    assertThat(claims.getStringClaim("user_id")).isEqualTo(id);
    assertThat(claims.getJSONObjectClaim("login_method"))
        .containsEntry("login_method", "magic_link");
  }

  @Test
  void magicLink_thatMayBeReused_worksUntilItExpires() {
    String email = email();
    createUser(http, email);
    String token =
        create(Map.of("email", email, "expire_after_first_use", false, "expires_in_hours", 1));
    assertThat(
            server
                .anonymous()
                .send("GET", "/api/v1/magic_link?token=" + token, null, null)
                .status())
        .isEqualTo(200);
    assertThat(open(token).status()).isEqualTo(200);
    server.clock().advance(Duration.ofMinutes(61));
    assertThat(open(token).status()).isEqualTo(401);
  }

  @Test
  void magicLink_createsTheUserWhenAllowed_withConfirmedEmail() {
    String email = email();
    assertThat(open(create(Map.of("email", email))).status()).isEqualTo(200);
    var user = http.get("/api/backend/v1/user/email?email=" + email.replace("@", "%40"));
    assertThat(user.status()).isEqualTo(200);
    assertThat(user.json().get("email_confirmed").asBoolean()).isTrue();
  }

  @Test
  void magicLink_forUnknownUserWithoutCreation_is400_andDisallowedRedirectIs400() {
    var r =
        http.post(
            "/api/backend/v1/magic_link",
            RawHttp.json(Map.of("email", email(), "create_new_user_if_one_doesnt_exist", false)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("email")).isTrue();
    var bad =
        http.post(
            "/api/backend/v1/magic_link",
            RawHttp.json(Map.of("email", email(), "redirect_to_url", "https://evil.example.com/")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().has("redirect_to_url")).isTrue();
    var hours =
        http.post(
            "/api/backend/v1/magic_link",
            RawHttp.json(Map.of("email", email(), "expires_in_hours", 0)));
    assertThat(hours.json().has("expires_in_hours")).isTrue();
  }

  @Test
  void magicLink_withInterstitial_showsAButton_andLogsInOnPost() {
    String email = email();
    createUser(http, email);
    String token = create(Map.of("email", email, "requires_interstitial", true));
    var page = open(token);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<form method=\"post\"");
    assertThat(page.header("Set-Cookie")).isNull();
    var post =
        server
            .anonymous()
            .send(
                "POST",
                "/api/v1/magic_link",
                "token=" + token,
                "application/x-www-form-urlencoded");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.header("Set-Cookie")).contains("latchkey_refresh_token=");
  }

  @Test
  void magicLink_forDisabledUser_doesNotLogIn() {
    String email = email();
    String id = createUser(http, email);
    String token = create(Map.of("email", email));
    http.post("/api/backend/v1/user/" + id + "/disable", "");
    assertThat(open(token).status()).isEqualTo(403);
  }

  @Test
  void garbageOrMissingTokens_areRefused() {
    assertThat(open("nope").status()).isEqualTo(401);
    assertThat(server.anonymous().get("/api/v1/magic_link").status()).isEqualTo(400);
  }
}
