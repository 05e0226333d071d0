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
import dev.latchkey.client.User;
import dev.latchkey.client.javalin.LatchkeyJavalin;
import dev.latchkey.server.sdk.SdkTokens.Response;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Javalin guards' edges, beyond the example app: refused requests never reach the endpoint,
 * ambiguous headers, misconfigured routes, and a server whose keys cannot be fetched.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkJavalinGuardsTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  Javalin app;
  String base;
  final AtomicInteger endpointRuns = new AtomicInteger();

  static List<String> kinds() {
    return DatabaseKinds.available("SdkJavalinGuardsTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    MutableClock clock = new MutableClock(server.clock().instant());
    LatchkeyAuth auth = auth(server.baseUrl(), clock);
    LatchkeyAuth unreachable = auth("http://127.0.0.1:" + SdkTokens.freePort(), clock);
    app = Javalin.create(config -> config.showJavalinBanner = false);
    app.before("/before/{org_id}/*", LatchkeyJavalin.requireOrgMember(auth));
    app.get("/before/{org_id}/x", ctx -> ctx.result(counted(ctx)));
    app.get("/wrapped", LatchkeyJavalin.requireUser(auth).wrap(ctx -> ctx.result(counted(ctx))));
    app.get(
        "/no-org-param",
        LatchkeyJavalin.requireOrgMember(auth).wrap(ctx -> ctx.result(counted(ctx))));
    app.get("/unguarded", ctx -> ctx.result(LatchkeyJavalin.currentUser(ctx).userId()));
    app.get(
        "/down/required",
        LatchkeyJavalin.requireUser(unreachable).wrap(ctx -> ctx.result(counted(ctx))));
    app.get(
        "/down/optional",
        LatchkeyJavalin.optionalUser(unreachable).wrap(ctx -> ctx.result(counted(ctx))));
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  static LatchkeyAuth auth(String url, MutableClock clock) {
    return LatchkeyAuth.builder()
        .authUrl(url)
        .issuer(TEST_ISSUER)
        .clock(clock)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  private String counted(io.javalin.http.Context ctx) {
    endpointRuns.incrementAndGet();
    User user = LatchkeyJavalin.currentUser(ctx);
    return user.exists() ? user.userId() : "anonymous";
  }

  @AfterEach
  void tearDown() {
    app.stop();
  }

  Response get(String path, String... authorization) {
    return SdkTokens.get(base + path, authorization);
  }

  String token() {
    return bearer(accessToken(http, createUser(http, email()), 5));
  }

  @Test
  void beforeHandler_refusal_skipsTheEndpoint() {
    String org = createOrg(http, unique("Guard "));
    String outsider = token();

    Response r = get("/before/" + org + "/x", outsider);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEmpty();
    assertThat(get("/before/" + org + "/x").status()).isEqualTo(401);
    assertThat(endpointRuns).hasValue(0);

    String user = createUser(http, email());
    addToOrg(http, user, org, "Member");
    assertThat(get("/before/" + org + "/x", bearer(accessToken(http, user, 5))).body())
        .isEqualTo(user);
    assertThat(endpointRuns).hasValue(1);
  }

  @Test
  void wrappedEndpoint_runsOnlyForAdmittedRequests() {
    assertThat(get("/wrapped").status()).isEqualTo(401);
    assertThat(get("/wrapped", "Bearer x.y.z").status()).isEqualTo(401);
    assertThat(endpointRuns).hasValue(0);
    assertThat(get("/wrapped", token()).status()).isEqualTo(200);
    assertThat(endpointRuns).hasValue(1);
  }

  @Test
  void twoAuthorizationHeaders_areUnauthorized_evenIfBothAreValid() {
    String token = token();
    Response r = get("/wrapped", token, token);
    assertThat(r.status()).isEqualTo(401);
    assertThat(endpointRuns).hasValue(0);
  }

  @Test
  void orgGuardOnARouteWithoutOrgId_isAServerError_notASilent403() {
    assertThat(get("/no-org-param").status()).as("no token: 401 first").isEqualTo(401);
    assertThat(get("/no-org-param", token()).status()).isEqualTo(500);
    assertThat(endpointRuns).hasValue(0);
  }

  @Test
  void currentUser_onAnUnguardedRoute_isAServerError() {
    assertThat(get("/unguarded", token()).status()).isEqualTo(500);
  }

  @Test
  void keysUnavailable_is503_butAnOptionalRouteWithoutAHeaderStillWorks() {
    Response required = get("/down/required", token());
    assertThat(required.status()).isEqualTo(503);
    assertThat(required.body()).isEmpty();
    assertThat(get("/down/required").status()).isEqualTo(401);
    assertThat(get("/down/optional", token()).status()).isEqualTo(503);
    Response anonymous = get("/down/optional");
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.body()).isEqualTo("anonymous");
  }
}
