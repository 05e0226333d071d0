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
import dev.latchkey.client.OrgMemberInfo;
import dev.latchkey.client.User;
import dev.latchkey.client.javalin.LatchkeyJavalin;
import dev.latchkey.client.servlet.LatchkeyFilter;
import dev.latchkey.client.servlet.LatchkeyServlet;
import dev.latchkey.server.sdk.SdkTokens.Response;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LatchkeyFilter} in a real servlet container: Javalin's embedded Jetty 11 (Servlet 5), with
 * a plain {@link HttpServlet} behind the filters, against the real server.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkServletFilterTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  Javalin container;
  String base;
  String orgName;
  String org;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkServletFilterTest");
  }

  /** Writes who the filters let through: {@code user=<id|anonymous> org=<name|->}. */
  static final class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      User user = LatchkeyServlet.currentUser(req);
      String org;
      try {
        OrgMemberInfo info = LatchkeyServlet.currentOrg(req);
        org = info.orgName();
      } catch (IllegalStateException noOrgFilter) {
        org = "-";
      }
      resp.setContentType("text/plain");
      resp.getWriter()
          .write("user=" + (user.exists() ? user.userId() : "anonymous") + " org=" + org);
    }
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    MutableClock clock = new MutableClock(server.clock().instant());
    LatchkeyAuth auth = auth(server.baseUrl(), clock);
    LatchkeyAuth unreachable = auth("http://127.0.0.1:" + SdkTokens.freePort(), clock);
    container =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.modifyServletContextHandler(
                  context -> {
                    mount(context, "/s/user/*", LatchkeyFilter.requireUser(auth));
                    mount(context, "/s/optional/*", LatchkeyFilter.optionalUser(auth));
                    mount(
                        context,
                        "/s/org/*",
                        LatchkeyFilter.requireOrgMember(
                            auth, LatchkeyServlet.orgIdFromPath("/s/org/{org_id}")));
                    mount(
                        context,
                        "/s/admin/*",
                        LatchkeyFilter.requireOrgMemberWithExactRole(
                            auth, pathOrg("admin"), "Admin"));
                    mount(
                        context,
                        "/s/admin-or-owner/*",
                        LatchkeyFilter.requireOrgMemberWithMinimumRole(
                            auth, pathOrg("admin-or-owner"), "Admin"));
                    mount(
                        context,
                        "/s/invite/*",
                        LatchkeyFilter.requireOrgMemberWithPermission(
                            auth, pathOrg("invite"), "latchkey::can_invite"));
                    mount(
                        context,
                        "/s/settings/*",
                        LatchkeyFilter.requireOrgMemberWithAllPermissions(
                            auth,
                            pathOrg("settings"),
                            List.of("latchkey::can_edit_org_access", "latchkey::can_delete_org")));
                    mount(
                        context,
                        "/s/by-header/*",
                        LatchkeyFilter.requireOrgMember(auth, req -> req.getHeader("X-Org-Id")));
                    mount(context, "/s/down/*", LatchkeyFilter.requireUser(unreachable));
                    mount(context, "/javalin/*", LatchkeyFilter.requireUser(auth));
                    context.addServlet(new ServletHolder(new WhoServlet()), "/s/*");
                  });
            });
    container.get(
        "/javalin/who", ctx -> ctx.result("user=" + LatchkeyJavalin.currentUser(ctx).userId()));
    container.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + container.port();
    orgName = unique("Servlet ");
    org = createOrg(http, orgName);
  }

  static Function<HttpServletRequest, String> pathOrg(String prefix) {
    return LatchkeyServlet.orgIdFromPath("/s/" + prefix + "/{org_id}");
  }

  static void mount(ServletContextHandler context, String path, Filter filter) {
    context.addFilter(new FilterHolder(filter), path, EnumSet.of(DispatcherType.REQUEST));
  }

  static LatchkeyAuth auth(String url, MutableClock clock) {
    return LatchkeyAuth.builder()
        .authUrl(url)
        .issuer(TEST_ISSUER)
        .clock(clock)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  @AfterEach
  void tearDown() {
    container.stop();
  }

  Response get(String path, String... authorization) {
    return SdkTokens.get(base + path, authorization);
  }

  String member(String role) {
    String user = createUser(http, email());
    if (role != null) {
      addToOrg(http, user, org, role);
    }
    return user;
  }

  String tokenOf(String user) {
    return bearer(accessToken(http, user, 5));
  }

  static void assertRefused(Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void requireUser_letsTheUserThrough_andAnswers401WithAnEmptyBodyOtherwise() {
    String user = member(null);
    Response ok = get("/s/user/me", tokenOf(user));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("user=" + user + " org=-");

    Response none = get("/s/user/me");
    assertRefused(none, 401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertRefused(get("/s/user/me", "Bearer a.b.c"), 401);
    assertRefused(get("/s/user/me", "Basic dXNlcjpwYXNz"), 401);
    assertRefused(get("/s/user/me", tokenOf(user), tokenOf(user)), 401);
  }

  @Test
  void optionalUser_letsEveryoneThrough() {
    String user = member(null);
    assertThat(get("/s/optional/me", tokenOf(user)).body()).isEqualTo("user=" + user + " org=-");
    assertThat(get("/s/optional/me").body()).isEqualTo("user=anonymous org=-");
    assertThat(get("/s/optional/me", "Bearer nope").body()).isEqualTo("user=anonymous org=-");
  }

  @Test
  void requireOrgMember_takesTheOrgFromThePath() {
    String user = member("Member");
    assertThat(get("/s/org/" + org + "/anything", tokenOf(user)).body())
        .isEqualTo("user=" + user + " org=" + orgName);
    assertRefused(get("/s/org/" + org + "/anything", tokenOf(member(null))), 403);
    assertRefused(get("/s/org/" + org + "/anything"), 401);
    assertRefused(get("/s/org/", tokenOf(user)), 403);
  }

  @Test
  void roleAndPermissionFilters_followTheServersRoles() {
    String owner = tokenOf(member("Owner"));
    String admin = tokenOf(member("Admin"));
    String plain = tokenOf(member("Member"));

    assertThat(get("/s/admin/" + org, admin).status()).isEqualTo(200);
    assertRefused(get("/s/admin/" + org, owner), 403);
    assertThat(get("/s/admin-or-owner/" + org, owner).status()).isEqualTo(200);
    assertRefused(get("/s/admin-or-owner/" + org, plain), 403);
    assertThat(get("/s/invite/" + org, admin).status()).isEqualTo(200);
    assertRefused(get("/s/invite/" + org, plain), 403);
    assertThat(get("/s/settings/" + org, owner).status()).isEqualTo(200);
    assertRefused(get("/s/settings/" + org, admin), 403);
  }

  @Test
  void orgIdFromAFunctionOfTheRequest_andNoneIs403() {
    String user = member("Member");
    HttpHeader header = new HttpHeader("X-Org-Id", org);
    assertThat(getWith("/s/by-header/x", tokenOf(user), header).body())
        .isEqualTo("user=" + user + " org=" + orgName);
    assertRefused(get("/s/by-header/x", tokenOf(user)), 403);
  }

  @Test
  void keysUnavailable_is503() {
    assertRefused(get("/s/down/me", tokenOf(member(null))), 503);
  }

  @Test
  void servletWithoutAFilter_cannotReadAUser() {
    assertThat(get("/s/unfiltered", tokenOf(member(null))).status()).isEqualTo(500);
  }

  @Test
  void filterInFrontOfJavalin_isReadByLatchkeyJavalin() {
    String user = member(null);
    assertThat(get("/javalin/who", tokenOf(user)).body()).isEqualTo("user=" + user);
    assertRefused(get("/javalin/who"), 401);
  }

  record HttpHeader(String name, String value) {}

  Response getWith(String path, String authorization, HttpHeader extra) {
    try {
      var request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
              .header("Authorization", authorization)
              .header(extra.name(), extra.value())
              .GET()
              .build();
      var r =
          java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
