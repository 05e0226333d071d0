package dev.latchkey.server.sdk;

import static dev.latchkey.server.sdk.SdkTokens.bearer;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.client.CreateApiKeyRequest;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.CreatedApiKey;
import dev.latchkey.client.ImportApiKeyRequest;
import dev.latchkey.client.LatchkeyApiKeys;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.javalin.LatchkeyJavalin;
import dev.latchkey.client.servlet.LatchkeyFilter;
import dev.latchkey.server.testing.TestServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SDK names the end client to the server ({@code X-Latchkey-Client-Address}), so that the
 * server's budget of 100 failed validations a minute per address throttles one abusive client and
 * not the whole application. Each test spends that budget, so this class has its own server (on
 * SQLite: the throttle lives in memory whatever the database) and moves its clock past the window
 * before each test. Guards are reached from different loopback addresses (127.0.0.2, 127.0.0.3),
 * which Linux routes without any set-up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkClientAddressTest {
  static final int BUDGET = 100;
  static final String ABUSER = "2001:db8::7";
  static final String HONEST = "198.51.100.1";
  static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  TestServer server;
  LatchkeyClient client;
  Javalin container;
  String base;
  int unknownKeys;

  @BeforeAll
  void startServer() {
    server = TestServer.start("sqlite", Map.of());
    client = SdkApiKeyGuardsTest.client(server.baseUrl());
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    server.clock().advance(Duration.ofMinutes(2));
    LatchkeyApiKeys byRemoteAddress = LatchkeyApiKeys.builder(client).build();
    LatchkeyApiKeys byProxyHeader =
        LatchkeyApiKeys.builder(client)
            .clientAddress(
                request -> {
                  // as docs/sdk.md shows: the entry the one trusted proxy appended
                  String forwarded = request.header("X-Forwarded-For");
                  return forwarded == null
                      ? null
                      : forwarded.substring(forwarded.lastIndexOf(',') + 1);
                })
            .build();
    container =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.modifyServletContextHandler(
                  context -> {
                    SdkApiKeyGuardsTest.mount(
                        context, "/s/remote/*", LatchkeyFilter.requireApiKey(byRemoteAddress));
                    SdkApiKeyGuardsTest.mount(
                        context, "/s/proxy/*", LatchkeyFilter.requireApiKey(byProxyHeader));
                    context.addServlet(
                        new ServletHolder(new SdkApiKeyGuardsTest.KeyServlet()), "/s/*");
                  });
            });
    container.get(
        "/j/remote",
        LatchkeyJavalin.requireApiKey(byRemoteAddress)
            .wrap(ctx -> ctx.result(LatchkeyJavalin.currentApiKey(ctx).apiKeyId())));
    container.get(
        "/j/proxy",
        LatchkeyJavalin.requireApiKey(byProxyHeader)
            .wrap(ctx -> ctx.result(LatchkeyJavalin.currentApiKey(ctx).apiKeyId())));
    container.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + container.port();
  }

  @AfterEach
  void tearDown() {
    container.stop();
  }

  /**
   * A token in the issued format with a correct checksum that the server never issued, so that the
   * guards ask the server about it. Its first 12 characters differ from every other's, so only the
   * per-address budget applies, not the per-prefix one.
   */
  String unknownKey() {
    String head = "lk_" + String.format("%09d", ++unknownKeys) + "Z".repeat(18);
    CRC32 crc = new CRC32();
    crc.update(head.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] checksum = new char[6];
    for (int i = 5; i >= 0; i--) {
      checksum[i] = BASE62[(int) (value % 62)];
      value /= 62;
    }
    return head + new String(checksum);
  }

  static int status(Supplier<?> validation) {
    try {
      validation.get();
      return 200;
    } catch (LatchkeyException e) {
      return e.status();
    }
  }

  String genericKey() {
    return client.createApiKey(CreateApiKeyRequest.builder().build()).apiKeyToken();
  }

  @Test
  void validateApiKey_namingAnAddress_throttlesThatAddressAlone() {
    CreatedApiKey good = client.createApiKey(CreateApiKeyRequest.builder().build());
    for (int i = 0; i < BUDGET; i++) {
      String unknown = unknownKey();
      assertThat(status(() -> client.validateApiKey(unknown, ABUSER)))
          .as("try %d", i)
          .isEqualTo(400);
    }

    LatchkeyException limited =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.validateApiKey(unknownKey(), ABUSER));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.waitSeconds().orElseThrow()).isBetween(1L, 60L);
    assertThat(status(() -> client.validateApiKey(good.apiKeyToken(), "[" + ABUSER + "]")))
        .as("the same address, bracketed as some containers write it: even a good key waits")
        .isEqualTo(429);

    assertThat(client.validateApiKey(good.apiKeyToken(), HONEST).apiKeyId())
        .isEqualTo(good.apiKeyId());
    assertThat(client.validateApiKey(good.apiKeyToken()).apiKeyId())
        .as("the application's own address was not charged")
        .isEqualTo(good.apiKeyId());
  }

  @Test
  void everyValidateVariant_namesTheAddress() {
    String user =
        client.createUser(
            CreateUserRequest.builder(unique("addr") + "@example.com")
                .emailConfirmed(true)
                .build());
    String personal =
        client.createApiKey(CreateApiKeyRequest.builder().userId(user).build()).apiKeyToken();
    String org = client.createOrg(CreateOrgRequest.builder(unique("Addr Org ")).build()).orgId();
    String orgKey =
        client.createApiKey(CreateApiKeyRequest.builder().orgId(org).build()).apiKeyToken();
    String imported = "legacy-" + UUID.randomUUID();
    client.importApiKey(ImportApiKeyRequest.builder(imported).userId(user).build());
    for (int i = 0; i < BUDGET; i++) {
      String unknown = "legacy-" + i + "-" + UUID.randomUUID();
      assertThat(status(() -> client.validateImportedApiKey(unknown, ABUSER)))
          .as("try %d", i)
          .isEqualTo(400);
    }

    assertThat(status(() -> client.validateImportedApiKey(imported, ABUSER))).isEqualTo(429);
    assertThat(status(() -> client.validatePersonalApiKey(personal, ABUSER))).isEqualTo(429);
    assertThat(status(() -> client.validateOrgApiKey(orgKey, ABUSER))).isEqualTo(429);
    assertThat(status(() -> client.validateApiKey(personal, ABUSER))).isEqualTo(429);

    assertThat(status(() -> client.validateImportedApiKey(imported, HONEST))).isEqualTo(200);
    assertThat(status(() -> client.validatePersonalApiKey(personal, HONEST))).isEqualTo(200);
    assertThat(status(() -> client.validateOrgApiKey(orgKey, HONEST))).isEqualTo(200);
    assertThat(status(() -> client.validateImportedApiKey(imported))).isEqualTo(200);
  }

  @Test
  void guards_nameTheRemoteAddress_soTwoClientsAreCountedApart() {
    String good = genericKey();
    HttpClient abuser = from("127.0.0.2");
    HttpClient honest = from("127.0.0.3");
    for (int i = 0; i < BUDGET; i++) {
      String path = i % 2 == 0 ? "/s/remote/x" : "/j/remote";
      assertThat(get(abuser, path, Map.of("Authorization", bearer(unknownKey()))).statusCode())
          .as("try %d", i)
          .isEqualTo(401);
    }

    for (String path : List.of("/s/remote/x", "/j/remote")) {
      HttpResponse<String> limited = get(abuser, path, Map.of("Authorization", bearer(good)));
      assertThat(limited.statusCode()).as(path).isEqualTo(429);
      assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 60L);
      assertThat(get(honest, path, Map.of("Authorization", bearer(good))).statusCode())
          .as(path + " from another address")
          .isEqualTo(200);
    }
    assertThat(status(() -> client.validateApiKey(good))).isEqualTo(200);
  }

  @Test
  void clientAddressFunction_readsTheProxysEntry_andByDefaultNoHeaderIsTrusted() {
    String good = genericKey();
    HttpClient viaProxy = from("127.0.0.1");
    String claimedThenAbuser = "198.51.100.9, 203.0.113.7";
    for (int i = 0; i < BUDGET; i++) {
      String path = i % 2 == 0 ? "/s/proxy/x" : "/j/proxy";
      Map<String, String> headers =
          Map.of("Authorization", bearer(unknownKey()), "X-Forwarded-For", claimedThenAbuser);
      assertThat(get(viaProxy, path, headers).statusCode()).as("try %d", i).isEqualTo(401);
    }

    for (String path : List.of("/s/proxy/x", "/j/proxy")) {
      assertThat(
              get(
                      viaProxy,
                      path,
                      Map.of("Authorization", bearer(good), "X-Forwarded-For", "203.0.113.7"))
                  .statusCode())
          .as(path + ": the abuser")
          .isEqualTo(429);
      assertThat(
              get(
                      viaProxy,
                      path,
                      Map.of(
                          "Authorization",
                          bearer(good),
                          "X-Forwarded-For",
                          "203.0.113.7, " + HONEST))
                  .statusCode())
          .as(path + ": a client that claims the abuser's address, as the proxy's last entry shows")
          .isEqualTo(200);
      assertThat(
              get(viaProxy, path, Map.of("Authorization", bearer(good), "X-Forwarded-For", "-"))
                  .statusCode())
          .as(path + ": no address in the header: the remote address")
          .isEqualTo(200);
    }
    HttpRequest twoLines =
        HttpRequest.newBuilder(URI.create(base + "/j/proxy"))
            .header("Authorization", bearer(good))
            .header("X-Forwarded-For", "203.0.113.7")
            .header("X-Forwarded-For", HONEST)
            .build();
    assertThat(send(viaProxy, twoLines).statusCode())
        .as("a header sent twice reads as one list, in order")
        .isEqualTo(200);

    for (String path : List.of("/s/remote/x", "/j/remote")) {
      HttpResponse<String> r =
          get(
              viaProxy,
              path,
              Map.of("Authorization", bearer(good), "X-Forwarded-For", "203.0.113.7"));
      assertThat(r.statusCode())
          .as(path + ": by default the client's own headers name nobody; answer: " + r.body())
          .isEqualTo(200);
    }
  }

  static HttpClient from(String localAddress) {
    try {
      return HttpClient.newBuilder()
          .localAddress(InetAddress.getByName(localAddress))
          .connectTimeout(Duration.ofSeconds(5))
          .build();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(HttpClient http, String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(b::header);
    return send(http, b.build());
  }

  static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
