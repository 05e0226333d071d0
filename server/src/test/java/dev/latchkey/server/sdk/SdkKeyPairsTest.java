package dev.latchkey.server.sdk;

import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.CreatedKeyPair;
import dev.latchkey.client.KeyPair;
import dev.latchkey.client.KeyPairInfo;
import dev.latchkey.client.KeyPairProps;
import dev.latchkey.client.KeyPairQuery;
import dev.latchkey.client.KeyPairVerification;
import dev.latchkey.client.KeyPairs;
import dev.latchkey.client.KeyPairsPage;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.RequestSigner;
import dev.latchkey.client.ResourcePolicy;
import dev.latchkey.client.ResourcePolicyInput;
import dev.latchkey.client.SignedRequest;
import dev.latchkey.client.VerifiedKeyPair;
import dev.latchkey.client.javalin.LatchkeyJavalin;
import dev.latchkey.client.servlet.LatchkeyFilter;
import dev.latchkey.client.servlet.LatchkeyServlet;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.TestServer;
import io.javalin.Javalin;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's keypair functions, its request signer and the signed-request guards (a servlet filter
 * in a real container and a Javalin handler), against the real server over HTTP.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkKeyPairsTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;
  KeyPairs keyPairs;
  Javalin container;
  String base;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkKeyPairsTest");
  }

  /** The server's (test) clock, a microsecond later on every read, so signatures never repeat. */
  final class ServerClock extends Clock {
    private final AtomicLong micros = new AtomicLong();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return server.clock().instant().plusNanos(1000 * (micros.incrementAndGet() % 999_999));
    }
  }

  /** Writes which keypair the filter let through. */
  static final class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      VerifiedKeyPair k = LatchkeyServlet.currentKeyPair(req);
      resp.getWriter().write(k.accessKey() + " " + k.userId() + " " + k.resourcePolicy());
    }
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client = SdkApiKeyGuardsTest.client(server.baseUrl());
    keyPairs = client.keyPairs();
    KeyPairs unreachable =
        SdkApiKeyGuardsTest.client("http://127.0.0.1:" + SdkTokens.freePort()).keyPairs();
    container =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.modifyServletContextHandler(
                  context -> {
                    SdkApiKeyGuardsTest.mount(
                        context, "/s/*", LatchkeyFilter.requireSignedRequest(keyPairs));
                    SdkApiKeyGuardsTest.mount(
                        context, "/down/*", LatchkeyFilter.requireSignedRequest(unreachable));
                    context.addServlet(new ServletHolder(new WhoServlet()), "/s/*");
                    context.addServlet(new ServletHolder(new WhoServlet()), "/down/*");
                  });
            });
    container.get(
        "/j/who",
        LatchkeyJavalin.requireSignedRequest(keyPairs)
            .wrap(
                ctx -> {
                  VerifiedKeyPair k = LatchkeyJavalin.currentKeyPair(ctx);
                  ctx.result(k.accessKey() + " " + k.userId() + " " + k.resourcePolicy());
                }));
    container.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + container.port();
  }

  @AfterEach
  void tearDown() {
    container.stop();
  }

  String newUser() {
    return client.createUser(
        CreateUserRequest.builder(unique("kp") + "@example.com").emailConfirmed(true).build());
  }

  RequestSigner signer(CreatedKeyPair k) {
    return RequestSigner.builder(k.accessKey(), k.secretKey()).clock(new ServerClock()).build();
  }

  record Answer(int status, String body, java.net.http.HttpHeaders headers) {}

  Answer signedGet(String path, RequestSigner signer) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (signer != null) {
      signer.sign(b, "GET", uri, "application/json");
    }
    try {
      HttpResponse<String> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void keyPairFunctions_withTheSeedsNames() {
    String user = newUser();
    ResourcePolicy policy =
        keyPairs.createResourcePolicy(
            ResourcePolicyInput.named(unique("gpu-"))
                .withTotalResourceSlots(Map.of("cpu", "8", "cuda.shares", 2))
                .withMaxConcurrentSessions(4));
    assertThat(policy.maxConcurrentSessions()).isEqualTo(4);
    assertThat(policy.totalResourceSlots()).containsEntry("cpu", "8");
    assertThat(keyPairs.resourcePolicy(policy.name())).contains(policy);
    assertThat(keyPairs.resourcePolicy("nope")).isEmpty();
    assertThat(
            keyPairs
                .updateResourcePolicy(
                    policy.name(), ResourcePolicyInput.named(null).withIdleTimeout(600L))
                .idleTimeout())
        .isEqualTo(600);
    assertThat(keyPairs.listResourcePolicies(0, 100).items())
        .extracting(ResourcePolicy::name)
        .contains("default", policy.name());

    CreatedKeyPair created =
        keyPairs.create(user, new KeyPairProps(true, false, policy.name(), 500L));
    assertThat(created.accessKey()).startsWith("AKIA").hasSize(20);
    assertThat(created.secretKey()).hasSize(40);
    assertThat(created.toString()).doesNotContain(created.secretKey());
    KeyPair got = keyPairs.get(created.accessKey()).orElseThrow();
    assertThat(got.resourcePolicy()).isEqualTo(policy.name());
    assertThat(got.rateLimit()).isEqualTo(500);
    CreatedKeyPair second = keyPairs.create(user);
    assertThat(second.resourcePolicy()).isEqualTo("default");

    KeyPair updated = keyPairs.update(second.accessKey(), new KeyPairProps(null, true, null, 7L));
    assertThat(updated.isAdmin()).isTrue();
    assertThat(updated.rateLimit()).isEqualTo(7);
    assertThat(keyPairs.deactivate(second.accessKey()).isActive()).isFalse();
    assertThat(keyPairs.list(user, null))
        .extracting(KeyPair::accessKey)
        .containsExactlyInAnyOrder(created.accessKey(), second.accessKey());
    assertThat(keyPairs.list(user, false))
        .extracting(KeyPair::accessKey)
        .containsExactly(second.accessKey());
    assertThat(keyPairs.activate(second.accessKey()).isActive()).isTrue();

    KeyPairsPage page =
        keyPairs.paginatedList(
            KeyPairQuery.firstPage()
                .withUserId(user)
                .withFilter("rate_limit < 100 | resource_policy == \"" + policy.name() + "\"")
                .withOrder("-rate_limit")
                .withPage(0, 1));
    assertThat(page.totalCount()).isEqualTo(2);
    assertThat(page.items()).extracting(KeyPair::accessKey).containsExactly(created.accessKey());
    assertThatThrownBy(
            () -> keyPairs.paginatedList(KeyPairQuery.firstPage().withFilter("rate_limit = 1")))
        .isInstanceOfSatisfying(
            LatchkeyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.fieldErrors().get("filter").get(0)).contains("at position 11");
            });

    KeyPairInfo info = keyPairs.info(signer(created));
    assertThat(info.accessKey()).isEqualTo(created.accessKey());
    assertThat(info.policy().name()).isEqualTo(policy.name());
    assertThat(info.numQueries()).isNull();
    assertThat(keyPairs.info(signer(second)).numQueries()).isNotNull();
    assertThatThrownBy(
            () ->
                keyPairs.info(
                    RequestSigner.builder(created.accessKey(), second.secretKey())
                        .clock(new ServerClock())
                        .build()))
        .isInstanceOfSatisfying(
            LatchkeyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.errorCode()).contains("bad_signature");
            });

    assertThatThrownBy(() -> keyPairs.deleteResourcePolicy(policy.name()))
        .isInstanceOfSatisfying(
            LatchkeyException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(keyPairs.delete(created.accessKey())).isTrue();
    assertThat(keyPairs.delete(created.accessKey())).isFalse();
    assertThat(keyPairs.get(created.accessKey())).isEmpty();
    assertThat(keyPairs.deleteResourcePolicy(policy.name())).isTrue();
    assertThat(keyPairs.deleteResourcePolicy(policy.name())).isFalse();
  }

  @Test
  void verify_answersTheKeyPairOrTheReason() {
    CreatedKeyPair k = keyPairs.create(newUser());
    URI uri = URI.create("https://gw.example.com/v1/run?job=7");
    Map<String, String> headers = new java.util.HashMap<>(signer(k).headers("POST", uri, null));
    headers.put("Host", "gw.example.com");
    KeyPairVerification ok = keyPairs.verify(new SignedRequest("POST", "/v1/run?job=7", headers));
    assertThat(ok.valid()).isTrue();
    assertThat(ok.keyPair().accessKey()).isEqualTo(k.accessKey());
    assertThat(ok.keyPair().policy().name()).isEqualTo("default");
    assertThat(ok.headers()).containsEntry("X-RateLimit-Window", "900");
    KeyPairVerification replay =
        keyPairs.verify(new SignedRequest("POST", "/v1/run?job=7", headers));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.reason()).isEqualTo("replayed");
    Map<String, String> fresh = new java.util.HashMap<>(signer(k).headers("POST", uri, null));
    fresh.put("Host", "gw.example.com");
    assertThat(keyPairs.verify(new SignedRequest("POST", "/v1/run?job=8", fresh)).reason())
        .isEqualTo("bad_signature");
    LatchkeyClient wrongKey =
        LatchkeyClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey("lk_wrong_management_key_000000000")
            .build();
    assertThatThrownBy(
            () -> wrongKey.keyPairs().verify(new SignedRequest("POST", "/v1/run?job=7", fresh)))
        .isInstanceOfSatisfying(
            LatchkeyException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void aUriWithAnExplicitDefaultPort_signsTheHostTheHttpClientSends() {
    // java.net.http sends Host without the port for https://host:443/ and http://host:80/
    CreatedKeyPair k = keyPairs.create(newUser());
    RequestSigner signer = signer(k);
    for (String uri :
        List.of("https://api.example.com:443/v1/run?x=1", "http://api.example.com:80/v1/run?x=1")) {
      Map<String, String> headers =
          new java.util.HashMap<>(signer.headers("GET", URI.create(uri), null));
      headers.put("Host", "api.example.com");
      KeyPairVerification v = keyPairs.verify(new SignedRequest("GET", "/v1/run?x=1", headers));
      assertThat(v.valid()).as(uri + " " + v.reason()).isTrue();
    }
  }

  @Test
  void guards_admitSignedRequests_andPassOnRefusalsAndLimits() {
    CreatedKeyPair k = keyPairs.create(newUser(), new KeyPairProps(null, null, null, 4L));
    RequestSigner signer = signer(k);
    for (String path : List.of("/s/who?x=1", "/j/who")) {
      Answer ok = signedGet(path, signer);
      assertThat(ok.status()).as(path + " " + ok.body()).isEqualTo(200);
      assertThat(ok.body()).startsWith(k.accessKey() + " " + k.userId() + " default");
      assertThat(ok.headers().firstValue("X-RateLimit-Limit")).contains("4");
    }
    Answer unsigned = signedGet("/j/who", null);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.headers().firstValue("WWW-Authenticate")).contains("BackendAI");
    assertThat(signedGet("/s/who", null).status()).isEqualTo(401);
    RequestSigner forged =
        RequestSigner.builder(k.accessKey(), "x".repeat(40)).clock(new ServerClock()).build();
    assertThat(signedGet("/s/who", forged).status()).isEqualTo(401);
    assertThat(signedGet("/j/who", forged).status()).isEqualTo(401);

    assertThat(signedGet("/j/who", signer).status()).isEqualTo(200);
    assertThat(signedGet("/s/who", signer).status()).isEqualTo(200);
    Answer limited = signedGet("/j/who", signer);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    assertThat(limited.headers().firstValue("X-RateLimit-Window")).contains("900");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(signedGet("/s/who", signer).status()).isEqualTo(429);

    keyPairs.update(k.accessKey(), new KeyPairProps(null, null, null, 100L));
    assertThat(signedGet("/j/who", signer).status()).isEqualTo(200);
    keyPairs.deactivate(k.accessKey());
    assertThat(signedGet("/j/who", signer).status()).isEqualTo(401);
    assertThat(signedGet("/s/who", signer).status()).isEqualTo(401);
    keyPairs.activate(k.accessKey());
    assertThat(signedGet("/down/who", signer).status()).isEqualTo(503);
  }

  @Test
  void signer_refusesBadSettings_andShowsNoSecret() {
    assertThatThrownBy(() -> RequestSigner.builder("AKIA x", "s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestSigner.builder("AKIAX", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestSigner.builder("AKIAX", "s").version("v3.20170615"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RequestSigner.builder("AKIAX", "topsecret").build().toString())
        .doesNotContain("topsecret");
  }
}
