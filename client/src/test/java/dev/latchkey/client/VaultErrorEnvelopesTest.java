package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vault's two error envelopes, as a stub server sends them, read into {@link
 * LatchkeyException}: the cases the real server is hard to make answer (a 409 or 502 body, a 429,
 * NestJS's array message, an unreadable resolve answer).
 */
class VaultErrorEnvelopesTest {
  record Canned(int status, Map<String, String> headers, String body) {}

  HttpServer server;
  final AtomicReference<Canned> next = new AtomicReference<>();
  final AtomicReference<String> lastRequest = new AtomicReference<>();
  LatchkeyClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            lastRequest.set(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI()
                    + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Canned c = next.get();
            c.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(c.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    server.start();
    client =
        LatchkeyClient.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .apiKey("lk_mgmt_stub_key")
            .build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  void answer(int status, String body) {
    next.set(new Canned(status, Map.of(), body));
  }

  @Test
  void openRouterEnvelope_400_givesStatusCodeMessageAndFieldErrors() {
    answer(
        400,
        "{\"error\":{\"code\":400,\"message\":\"key: must look like an OpenAI key; name: is"
            + " required\",\"metadata\":{\"error_code\":\"invalid_request\",\"field_errors\":"
            + "{\"key\":[\"must look like an OpenAI key\"],\"name\":[\"is required\"]}}}}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.createByokKey(CreateByokKeyRequest.builder("openai", "sk-x").build()));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errorCode()).contains("invalid_request");
    assertThat(e.fieldErrors())
        .containsOnly(
            Map.entry("key", List.of("must look like an OpenAI key")),
            Map.entry("name", List.of("is required")));
    assertThat(e.userFacingError())
        .contains("key: must look like an OpenAI key; name: is required");
    assertThat(e.getMessage())
        .isEqualTo(
            "POST /api/v1/byok failed: HTTP 400 invalid_request: key: must look like an OpenAI key;"
                + " name: is required");
    assertThat(e.getMessage()).doesNotContain("sk-x");
  }

  @Test
  void openRouterEnvelope_withoutFieldErrors_givesCodeAndMessage() {
    answer(
        409,
        "{\"error\":{\"code\":409,\"message\":\"The workspace still holds 1 provider key(s)\","
            + "\"metadata\":{\"error_code\":\"conflict\"}}}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.deleteWorkspace("00000000-0000-4000-8000-000000000001"));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.errorCode()).contains("conflict");
    assertThat(e.fieldErrors()).isEmpty();
    assertThat(e.userFacingError()).contains("The workspace still holds 1 provider key(s)");
    assertThat(e.waitSeconds()).isEmpty();
  }

  @Test
  void openRouterEnvelope_404_fromResolve_isAnException() {
    answer(
        404,
        "{\"error\":{\"code\":404,\"message\":\"No AI system x\",\"metadata\":"
            + "{\"error_code\":\"not_found\"}}}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.resolveProviderKeys("00000000-0000-4000-8000-000000000001"));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.errorCode()).contains("not_found");
    assertThat(lastRequest.get())
        .isEqualTo(
            "POST /api/v1/resolve {\"ai_system_id\":\"00000000-0000-4000-8000-000000000001\"}");
  }

  @Test
  void openRouterEnvelope_429_takesTheWaitFromRetryAfter() {
    next.set(
        new Canned(
            429,
            Map.of("Retry-After", "7"),
            "{\"error\":{\"code\":429,\"message\":\"Too many\",\"metadata\":"
                + "{\"error_code\":\"rate_limited\"}}}"));

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.listByokKeys(ByokKeyQuery.builder().build()));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.waitSeconds()).hasValue(7);
  }

  @Test
  void nestEnvelope_400_givesStatusCodeMessageAndFieldErrors() {
    answer(
        400,
        "{\"statusCode\":400,\"message\":\"authConfig.apiKey: must look like an OpenAI key\","
            + "\"error\":\"Bad Request\",\"error_code\":\"invalid_request\",\"field_errors\":"
            + "{\"authConfig.apiKey\":[\"must look like an OpenAI key\"]}}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.createCloudAuthData("Prod", "openai", "sk-not-a-real-key"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.errorCode()).contains("invalid_request");
    assertThat(e.fieldErrors())
        .containsOnly(Map.entry("authConfig.apiKey", List.of("must look like an OpenAI key")));
    assertThat(e.userFacingError()).contains("authConfig.apiKey: must look like an OpenAI key");
    assertThat(e.getMessage()).doesNotContain("sk-not-a-real-key");
  }

  @Test
  void nestEnvelope_withAnArrayMessage_andNoCode_joinsTheMessages() {
    answer(
        400,
        "{\"statusCode\":400,\"message\":[\"name should not be empty\",\"providerType must be"
            + " a string\"],\"error\":\"Bad Request\"}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.getUserAuthDataAndAssociations(null, null));

    assertThat(e.errorCode()).isEmpty();
    assertThat(e.fieldErrors()).isEmpty();
    assertThat(e.userFacingError())
        .contains("name should not be empty; providerType must be a string");
  }

  @Test
  void nestEnvelope_502_givesTheCode() {
    answer(
        502,
        "{\"statusCode\":502,\"message\":\"The provider could not be reached\","
            + "\"error\":\"Bad Gateway\",\"error_code\":\"provider_unreachable\"}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.editAuthData(3, null, "sk-rotated-secret"));

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.errorCode()).contains("provider_unreachable");
    assertThat(lastRequest.get())
        .isEqualTo(
            "POST /user-auth/auth-data/3 {\"authConfig\":{\"apiKey\":\"sk-rotated-secret\"}}");
  }

  @Test
  void latchkeysOwnShapes_areReadAsBefore() {
    answer(400, "{\"email\":[\"is not an email address\"]}");
    LatchkeyException fields =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.fetchUserMetadataByEmail("x", false));
    assertThat(fields.fieldErrors()).containsEntry("email", List.of("is not an email address"));

    answer(
        429, "{\"error_code\":\"rate_limited\",\"user_facing_error\":\"Slow\",\"wait_seconds\":3}");
    LatchkeyException limited =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.fetchUserMetadataByEmail("x@example.com", false));
    assertThat(limited.waitSeconds()).hasValue(3);
    assertThat(limited.userFacingError()).contains("Slow");
  }

  @Test
  void anUnreadableResolveAnswer_neverRepeatsItsBody() {
    String secret = "sk-proj-DecryptedSecretThatMustNotLeak0123456789";
    answer(200, "{\"keys\":[{\"key\":\"" + secret + "\",\"auth_id\":\"" + secret + "\"}]}");

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.resolveProviderKeys(ResolveRequest.provider("openai").build()));

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).doesNotContain(secret);
    assertThat(e.body()).isEmpty();
    assertThat(e.getCause()).isNull();
  }

  @Test
  void notFound_onLookups_isEmpty_andMalformedIdsMakeNoRequest() {
    answer(
        404,
        "{\"error\":{\"code\":404,\"message\":\"No provider key\",\"metadata\":"
            + "{\"error_code\":\"not_found\"}}}");
    assertThat(client.getByokKey("00000000-0000-4000-8000-000000000001")).isEmpty();
    assertThat(client.deleteAiSystem("00000000-0000-4000-8000-000000000001")).isFalse();
    answer(
        404,
        "{\"statusCode\":404,\"message\":\"No provider key 7\",\"error\":\"Not Found\","
            + "\"error_code\":\"not_found\"}");
    assertThat(client.getAuthData(7)).isEmpty();
    assertThat(client.deleteAuthData(7)).isEmpty();

    lastRequest.set(null);
    assertThat(client.getByokKey("../../api/admin/v1/management_keys")).isEmpty();
    assertThat(client.getWorkspace("org:x")).isEmpty();
    assertThat(client.getAuthData(0)).isEmpty();
    assertThat(client.updateAuthMappingsOnAuthData(-1, List.of(), List.of())).isEmpty();
    assertThat(lastRequest.get()).isNull();
  }
}
