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

import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.examples.WhoAmIApp;
import dev.latchkey.server.sdk.SdkTokens.Response;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import io.javalin.Javalin;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example app under {@code examples/} (the seed's Flask example in Java), started for real and
 * protected by the SDK against the real server: every route answers the seed's 200, 401 or 403.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkExampleAppTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  Javalin app;
  String base;
  String orgName;
  String org;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkExampleAppTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    LatchkeyAuth auth =
        LatchkeyAuth.builder()
            .authUrl(server.baseUrl())
            .issuer(TEST_ISSUER)
            .apiKey(TestServer.MANAGEMENT_KEY)
            .clock(new MutableClock(server.clock().instant()))
            .build();
    app = WhoAmIApp.create(auth).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    orgName = unique("Example ");
    org = createOrg(http, orgName);
  }

  @AfterEach
  void tearDown() {
    app.stop();
  }

  String tokenOf(String role) {
    String user = createUser(http, email());
    if (role != null) {
      addToOrg(http, user, org, role);
    }
    return bearer(accessToken(http, user, 5));
  }

  Response get(String path, String... authorization) {
    return SdkTokens.get(base + path, authorization);
  }

  static void assertRefused(Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void whoami_withAToken_isTheUser_withoutOne_is401WithEmptyBody() {
    String user = createUser(http, email());

    Response ok = get("/api/whoami", bearer(accessToken(http, user, 5)));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"user_id\":\"" + user + "\"}");

    Response none = get("/api/whoami");
    assertRefused(none, 401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertRefused(get("/api/whoami", "Bearer not-a-token"), 401);
  }

  @Test
  void whoamiOptional_givesTheUserIfThereIsOne_andAnEmptyObjectOtherwise() {
    String user = createUser(http, email());
    assertThat(get("/api/whoami_optional", bearer(accessToken(http, user, 5))).body())
        .isEqualTo("{\"user_id\":\"" + user + "\"}");
    Response anonymous = get("/api/whoami_optional");
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("{}");
    assertThat(get("/api/whoami_optional", "Bearer not-a-token").body()).isEqualTo("{}");
  }

  @Test
  void whoamiFull_addsWhatTheBackendApiKnows() {
    String email = email();
    String user = createUser(http, email);
    Response r = get("/api/whoami/full", bearer(accessToken(http, user, 5)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"email\":\"" + email + "\"", "\"email_confirmed\":true");
  }

  @Test
  void orgCheck_isForMembersOnly() {
    Response member = get("/org/" + org + "/check", tokenOf("Member"));
    assertThat(member.status()).isEqualTo(200);
    assertThat(member.body()).isEqualTo("You are in " + orgName);
    assertRefused(get("/org/" + org + "/check", tokenOf(null)), 403);
    assertRefused(get("/org/" + org + "/check"), 401);
  }

  @Test
  void adminRoute_isForExactlyAdmins() {
    assertThat(get("/org/" + org + "/admin", tokenOf("Admin")).body())
        .isEqualTo("You are an Admin of " + orgName);
    assertRefused(get("/org/" + org + "/admin", tokenOf("Owner")), 403);
    assertRefused(get("/org/" + org + "/admin", tokenOf("Member")), 403);
  }

  @Test
  void adminOrOwnerRoute_isForAdminsAndAbove() {
    assertThat(get("/org/" + org + "/admin_or_owner", tokenOf("Owner")).status()).isEqualTo(200);
    assertThat(get("/org/" + org + "/admin_or_owner", tokenOf("Admin")).status()).isEqualTo(200);
    assertRefused(get("/org/" + org + "/admin_or_owner", tokenOf("Member")), 403);
  }

  @Test
  void permissionRoutes_followTheRolesPermissions() {
    assertThat(get("/org/" + org + "/invite", tokenOf("Admin")).status()).isEqualTo(200);
    assertRefused(get("/org/" + org + "/invite", tokenOf("Member")), 403);
    assertThat(get("/org/" + org + "/settings", tokenOf("Owner")).body())
        .isEqualTo("You may change " + orgName);
    assertRefused(get("/org/" + org + "/settings", tokenOf("Admin")), 403);
  }

  @Test
  void orgIdFromAQueryParameter_works_andItsAbsenceIs403() {
    String member = tokenOf("Member");
    assertThat(get("/reports?org=" + org, member).body()).isEqualTo("Reports of " + orgName);
    assertRefused(get("/reports", member), 403);
    assertRefused(get("/reports?org=" + org), 401);
  }
}
