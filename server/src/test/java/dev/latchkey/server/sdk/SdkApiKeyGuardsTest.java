package dev.latchkey.server.sdk;

import static dev.latchkey.server.sdk.SdkTokens.bearer;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ApiKeyRateLimit;
import dev.latchkey.client.ApiKeyValidation;
import dev.latchkey.client.CreateApiKeyRequest;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.CreatedApiKey;
import dev.latchkey.client.LatchkeyApiKeys;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.javalin.LatchkeyJavalin;
import dev.latchkey.client.servlet.LatchkeyFilter;
import dev.latchkey.client.servlet.LatchkeyServlet;
import dev.latchkey.server.sdk.SdkTokens.Response;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.TestServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The API-key route guards against the real server: servlet filters in a real container (Javalin's
 * embedded Jetty, with a plain {@link HttpServlet} behind them) and Javalin handlers, with and
 * without the local cache. Invalid keys are kept few, since the server throttles failed validations
 * per client address and this application is one address.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkApiKeyGuardsTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;
  MutableClock cacheClock;
  LatchkeyApiKeys cachedKeys;
  Javalin container;
  String base;
  final AtomicInteger endpointRuns = new AtomicInteger();

  static List<String> kinds() {
    return DatabaseKinds.available("SdkApiKeyGuardsTest");
  }

  /** Writes what the filter let through: {@code key=<id> user=<id|-> org=<id|->}. */
  static final class KeyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write(describe(LatchkeyServlet.currentApiKey(req)));
    }
  }

  static String describe(ApiKeyValidation key) {
    return "key="
        + key.apiKeyId()
        + " user="
        + key.user().map(u -> u.userId()).orElse("-")
        + " org="
        + key.org().map(o -> o.orgId()).orElse("-");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client = client(server.baseUrl());
    LatchkeyApiKeys apiKeys = LatchkeyApiKeys.builder(client).build();
    LatchkeyApiKeys headerKeys = LatchkeyApiKeys.builder(client).header("X-API-Key").build();
    cacheClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    cachedKeys =
        LatchkeyApiKeys.builder(client)
            .cache(Duration.ofSeconds(30), 100)
            .clock(cacheClock)
            .build();
    LatchkeyApiKeys unreachable =
        LatchkeyApiKeys.builder(client("http://127.0.0.1:" + SdkTokens.freePort())).build();
    container =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // as docs/sdk.md advises: Jetty's header cache otherwise reads a value that differs
              // from an earlier one on the same connection only in case as that earlier value
              config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
              config.jetty.modifyServletContextHandler(
                  context -> {
                    mount(context, "/s/any/*", LatchkeyFilter.requireApiKey(apiKeys));
                    mount(context, "/s/personal/*", LatchkeyFilter.requirePersonalApiKey(apiKeys));
                    mount(context, "/s/org/*", LatchkeyFilter.requireOrgApiKey(apiKeys));
                    mount(
                        context,
                        "/s/org-path/*",
                        LatchkeyFilter.requireOrgApiKey(
                            apiKeys, LatchkeyServlet.orgIdFromPath("/s/org-path/{org_id}")));
                    mount(context, "/s/header/*", LatchkeyFilter.requireApiKey(headerKeys));
                    mount(context, "/s/cached/*", LatchkeyFilter.requireApiKey(cachedKeys));
                    mount(context, "/s/down/*", LatchkeyFilter.requireApiKey(unreachable));
                    mount(context, "/javalin/*", LatchkeyFilter.requireApiKey(apiKeys));
                    context.addServlet(new ServletHolder(new KeyServlet()), "/s/*");
                  });
            });
    container.get("/javalin/key", ctx -> ctx.result(describe(LatchkeyJavalin.currentApiKey(ctx))));
    container.before(
        "/jb/{org_id}/*",
        LatchkeyJavalin.requireOrgApiKey(apiKeys, ctx -> ctx.pathParam("org_id")));
    container.get("/jb/{org_id}/x", this::counted);
    container.get("/j/any", LatchkeyJavalin.requireApiKey(apiKeys).wrap(this::counted));
    container.get(
        "/j/personal", LatchkeyJavalin.requirePersonalApiKey(apiKeys).wrap(this::counted));
    container.get("/j/org", LatchkeyJavalin.requireOrgApiKey(apiKeys).wrap(this::counted));
    container.get("/j/cached", LatchkeyJavalin.requireApiKey(cachedKeys).wrap(this::counted));
    container.get("/j/down", LatchkeyJavalin.requireApiKey(unreachable).wrap(this::counted));
    container.get("/j/unguarded", ctx -> ctx.result(LatchkeyJavalin.currentApiKey(ctx).apiKeyId()));
    container.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + container.port();
  }

  @AfterEach
  void tearDown() {
    container.stop();
  }

  static LatchkeyClient client(String url) {
    return LatchkeyClient.builder()
        .baseUrl(url)
        .apiKey(TestServer.MANAGEMENT_KEY)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  static void mount(ServletContextHandler context, String path, Filter filter) {
    context.addFilter(new FilterHolder(filter), path, EnumSet.of(DispatcherType.REQUEST));
  }

  private void counted(Context ctx) {
    endpointRuns.incrementAndGet();
    ctx.result(describe(LatchkeyJavalin.currentApiKey(ctx)));
  }

  Response get(String path, String... authorization) {
    return SdkTokens.get(base + path, authorization);
  }

  Response getWithHeaders(String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void assertRefused(Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEmpty();
  }

  String newUser() {
    return client.createUser(
        CreateUserRequest.builder(unique("guard") + "@example.com").emailConfirmed(true).build());
  }

  String newOrg() {
    return client.createOrg(CreateOrgRequest.builder(unique("Guard Org ")).build()).orgId();
  }

  CreatedApiKey personalKey(String user) {
    return client.createApiKey(CreateApiKeyRequest.builder().userId(user).build());
  }

  CreatedApiKey orgKey(String org) {
    return client.createApiKey(CreateApiKeyRequest.builder().orgId(org).build());
  }

  CreatedApiKey genericKey() {
    return client.createApiKey(CreateApiKeyRequest.builder().build());
  }

  @Test
  void requireApiKey_admitsEveryKindOfValidKey_andRefusesOthersWith401AndAnEmptyBody() {
    String user = newUser();
    CreatedApiKey personal = personalKey(user);
    CreatedApiKey generic = genericKey();

    Response ok = get("/s/any/x", bearer(personal.apiKeyToken()));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("key=" + personal.apiKeyId() + " user=" + user + " org=-");
    assertThat(get("/s/any/x", bearer(generic.apiKeyToken())).body())
        .isEqualTo("key=" + generic.apiKeyId() + " user=- org=-");

    Response none = get("/s/any/x");
    assertRefused(none, 401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertRefused(get("/s/any/x", "Basic dXNlcjpwYXNz"), 401);
    assertRefused(get("/s/any/x", personal.apiKeyToken()), 401);
    assertRefused(get("/s/any/x", "Bearer lk_notAKeyAtAll"), 401);
    String token = personal.apiKeyToken();
    String mistyped =
        token.substring(0, 10) + (token.charAt(10) == '0' ? '1' : '0') + token.substring(11);
    assertRefused(get("/s/any/x", bearer(mistyped)), 401);
    assertRefused(
        get("/s/any/x", bearer(personal.apiKeyToken()), bearer(personal.apiKeyToken())), 401);

    assertThat(client.deleteApiKey(generic.apiKeyId())).isTrue();
    assertRefused(get("/s/any/x", bearer(generic.apiKeyToken())), 401);
  }

  @Test
  void caseVariantOfAValidKey_onTheSameConnection_isRefused() {
    String token = personalKey(newUser()).apiKeyToken();
    int letter = 3;
    while (!Character.isLetter(token.charAt(letter))) {
      letter++;
    }
    char c = token.charAt(letter);
    String variant =
        token.substring(0, letter)
            + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
            + token.substring(letter + 1);

    for (int i = 0; i < 3; i++) {
      assertThat(get("/s/any/x", bearer(token)).status()).isEqualTo(200);
      assertRefused(get("/s/any/x", bearer(variant)), 401);
      assertThat(get("/j/any", bearer(token)).status()).isEqualTo(200);
      assertRefused(get("/j/any", bearer(variant)), 401);
    }
  }

  @Test
  void personalAndOrgFilters_refuseValidKeysOfTheWrongKindWith403() {
    String user = newUser();
    String org = newOrg();
    String personal = bearer(personalKey(user).apiKeyToken());
    CreatedApiKey orgKey = orgKey(org);
    String generic = bearer(genericKey().apiKeyToken());

    assertThat(get("/s/personal/x", personal).status()).isEqualTo(200);
    assertRefused(get("/s/personal/x", bearer(orgKey.apiKeyToken())), 403);
    assertRefused(get("/s/personal/x", generic), 403);
    assertRefused(get("/s/personal/x"), 401);

    assertThat(get("/s/org/x", bearer(orgKey.apiKeyToken())).body())
        .isEqualTo("key=" + orgKey.apiKeyId() + " user=- org=" + org);
    assertRefused(get("/s/org/x", personal), 403);
    assertRefused(get("/s/org/x", generic), 403);
  }

  @Test
  void orgKeyForThePathsOrg_admitsOnlyThatOrgsKeys() {
    String org = newOrg();
    String mine = bearer(orgKey(org).apiKeyToken());
    String theirs = bearer(orgKey(newOrg()).apiKeyToken());

    assertThat(get("/s/org-path/" + org + "/reports", mine).status()).isEqualTo(200);
    assertRefused(get("/s/org-path/" + org + "/reports", theirs), 403);
    assertRefused(get("/s/org-path/", mine), 403);
    assertRefused(get("/s/org-path/" + org), 401);

    assertThat(get("/jb/" + org + "/x", mine).status()).isEqualTo(200);
    assertRefused(get("/jb/" + org + "/x", theirs), 403);
    assertRefused(get("/jb/" + org + "/x"), 401);
    assertThat(endpointRuns).as("refusals skip the endpoint").hasValue(1);
  }

  @Test
  void customHeader_carriesTheBareKey_andAuthorizationIsIgnored() {
    CreatedApiKey key = genericKey();

    Response ok = getWithHeaders("/s/header/x", Map.of("X-API-Key", key.apiKeyToken()));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).startsWith("key=" + key.apiKeyId());
    Response wrongPlace = get("/s/header/x", bearer(key.apiKeyToken()));
    assertRefused(wrongPlace, 401);
    assertThat(wrongPlace.header("WWW-Authenticate")).isEqualTo("ApiKey header=\"X-API-Key\"");
    assertRefused(
        getWithHeaders("/s/header/x", Map.of("X-API-Key", bearer(key.apiKeyToken()))), 401);
  }

  @Test
  void rateLimitedKey_is429WithRetryAfter_inBothFrameworks() {
    CreatedApiKey servletKey =
        client.createApiKey(
            CreateApiKeyRequest.builder()
                .ratelimits(List.of(ApiKeyRateLimit.of("burst", 1, Duration.ofMinutes(1))))
                .build());
    assertThat(get("/s/any/x", bearer(servletKey.apiKeyToken())).status()).isEqualTo(200);
    Response limited = get("/s/any/x", bearer(servletKey.apiKeyToken()));
    assertRefused(limited, 429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

    CreatedApiKey javalinKey =
        client.createApiKey(
            CreateApiKeyRequest.builder()
                .ratelimits(List.of(ApiKeyRateLimit.of("burst", 1, Duration.ofMinutes(1))))
                .build());
    assertThat(get("/j/any", bearer(javalinKey.apiKeyToken())).status()).isEqualTo(200);
    Response again = get("/j/any", bearer(javalinKey.apiKeyToken()));
    assertRefused(again, 429);
    assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(endpointRuns).hasValue(1);
  }

  @Test
  void withoutCache_aDeletedKeyIsRefusedOnTheVeryNextRequest() {
    CreatedApiKey servletKey = genericKey();
    CreatedApiKey javalinKey = genericKey();
    assertThat(get("/s/any/x", bearer(servletKey.apiKeyToken())).status()).isEqualTo(200);
    assertThat(get("/j/any", bearer(javalinKey.apiKeyToken())).status()).isEqualTo(200);

    assertThat(client.deleteApiKey(servletKey.apiKeyId())).isTrue();
    assertThat(client.deleteApiKey(javalinKey.apiKeyId())).isTrue();

    assertRefused(get("/s/any/x", bearer(servletKey.apiKeyToken())), 401);
    assertRefused(get("/j/any", bearer(javalinKey.apiKeyToken())), 401);
  }

  @Test
  void withCache_aDeletedKeyKeepsWorkingUntilTheTtl_andCachedUsesAreNotCounted() {
    CreatedApiKey key = genericKey();
    String token = bearer(key.apiKeyToken());
    assertThat(get("/s/cached/x", token).status()).isEqualTo(200);
    assertThat(get("/j/cached", token).status()).isEqualTo(200);
    assertThat(client.fetchApiKeyUsage(null, null, key.apiKeyId(), null))
        .as("the second use came from the cache")
        .isEqualTo(1);

    assertThat(client.deleteApiKey(key.apiKeyId())).isTrue();
    cacheClock.advance(Duration.ofSeconds(29));
    assertThat(get("/s/cached/x", token).status()).as("within the TTL").isEqualTo(200);
    assertThat(get("/j/cached", token).status()).isEqualTo(200);

    cacheClock.advance(Duration.ofSeconds(1));
    assertRefused(get("/s/cached/x", token), 401);
  }

  @Test
  void withCache_invalidateAll_dropsCachedKeysAtOnce() {
    CreatedApiKey key = genericKey();
    String token = bearer(key.apiKeyToken());
    assertThat(get("/j/cached", token).status()).isEqualTo(200);
    assertThat(client.deleteApiKey(key.apiKeyId())).isTrue();
    assertThat(get("/j/cached", token).status()).isEqualTo(200);

    cachedKeys.invalidateAll();
    assertRefused(get("/j/cached", token), 401);
  }

  @Test
  void serverUnreachable_is503_butAMissingKeyIsStill401() {
    String token = bearer(genericKey().apiKeyToken());
    assertRefused(get("/s/down/x", token), 503);
    assertRefused(get("/j/down", token), 503);
    assertRefused(get("/j/down"), 401);
    assertThat(endpointRuns).hasValue(0);
  }

  @Test
  void javalinGuards_runTheEndpointOnlyForAdmittedKeys() {
    String user = newUser();
    CreatedApiKey personal = personalKey(user);
    String org = bearer(orgKey(newOrg()).apiKeyToken());

    Response ok = get("/j/personal", bearer(personal.apiKeyToken()));
    assertThat(ok.body()).isEqualTo("key=" + personal.apiKeyId() + " user=" + user + " org=-");
    assertRefused(get("/j/personal", org), 403);
    assertThat(get("/j/org", org).status()).isEqualTo(200);
    assertRefused(get("/j/org", bearer(personal.apiKeyToken())), 403);
    assertRefused(get("/j/any"), 401);
    assertThat(endpointRuns).hasValue(2);
  }

  @Test
  void currentApiKey_onAnUnguardedRoute_isAServerError_andAFilterInFrontOfJavalinSetsIt() {
    CreatedApiKey key = genericKey();
    assertThat(get("/j/unguarded", bearer(key.apiKeyToken())).status()).isEqualTo(500);
    assertThat(get("/javalin/key", bearer(key.apiKeyToken())).body())
        .isEqualTo("key=" + key.apiKeyId() + " user=- org=-");
    assertRefused(get("/javalin/key"), 401);
  }
}
