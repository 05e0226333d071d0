package dev.latchkey.server.vault;

import static dev.latchkey.server.vault.VaultFixtures.as;
import static dev.latchkey.server.vault.VaultFixtures.createByok;
import static dev.latchkey.server.vault.VaultFixtures.openAiKey;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The vault's promises about secrets, checked from outside: a key is never in a response, a log
 * line or the database; a ciphertext moved, altered or cut does not decrypt; a key the provider
 * refuses is a 400 and an unreachable provider a 502. Runs its own server with the live check on,
 * against a fake provider that accepts only the keys it was told about.
 */
@ParameterizedClass
@MethodSource("kinds")
class VaultSecurityTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  RawHttp gateway;
  HttpServer provider;
  final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();
  ListAppender<ILoggingEvent> logs;
  final List<String> responses = new ArrayList<>();

  static List<String> kinds() {
    return DatabaseKinds.available("VaultSecurityTest");
  }

  @BeforeEach
  void start() throws IOException {
    provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    provider.createContext(
        "/v1/models",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          boolean ok =
              auth != null
                  && auth.startsWith("Bearer ")
                  && acceptedKeys.contains(auth.substring(7));
          byte[] body = (ok ? "{\"data\":[]}" : "{\"error\":\"invalid key\"}").getBytes();
          exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    provider.start();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    server =
        TestServer.start(
            kind,
            Map.of(
                "LATCHKEY_PROVIDER_LIVE_CHECK",
                "true",
                "LATCHKEY_PROVIDER_CHECK_TIMEOUT_MILLIS",
                "2000",
                "LATCHKEY_PROVIDER_BASE_URL_OPENAI",
                "http://127.0.0.1:" + provider.getAddress().getPort() + "/v1",
                "LATCHKEY_PROVIDER_BASE_URL_ANTHROPIC",
                "http://127.0.0.1:" + closedPort + "/v1"));
    http = server.http();
    gateway = as(server, VaultFixtures.decryptingManagementKey(http));
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    server.close();
    provider.stop(0);
  }

  private String accepted() {
    String key = "sk-proj-PLANTED" + VaultFixtures.random(32);
    acceptedKeys.add(key);
    return key;
  }

  /** Sends a request and keeps the whole answer (status line aside) for the final search. */
  private RawHttp.Response keep(RawHttp.Response r) {
    responses.add(r.body() + "\n" + r.headers().map());
    return r;
  }

  @Test
  void liveCheck_refusedKeyIs400NamingTheField_unreachableProviderIs502() {
    var refused =
        keep(
            http.post(
                "/api/v1/byok", RawHttp.json(Map.of("provider", "openai", "key", openAiKey()))));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").get("metadata").get("field_errors").has("key")).isTrue();
    assertThat(refused.json().get("error").get("message").asText())
        .contains("refused by the provider");

    var unreachable =
        http.post(
            "/api/v1/byok",
            RawHttp.json(Map.of("provider", "anthropic", "key", VaultFixtures.anthropicKey())));
    assertThat(unreachable.status()).isEqualTo(502);
    assertThat(unreachable.json().get("error").get("metadata").get("error_code").asText())
        .isEqualTo("provider_unreachable");

    String good = accepted();
    assertThat(
            http.post("/api/v1/byok", RawHttp.json(Map.of("provider", "openai", "key", good)))
                .status())
        .isEqualTo(201);
    // rotating to a refused key changes nothing
    String id = http.get("/api/v1/byok").json().get("data").get(0).get("id").asText();
    assertThat(
            http.patch("/api/v1/byok/" + id, RawHttp.json(Map.of("key", openAiKey(), "name", "x")))
                .status())
        .isEqualTo(400);
    JsonNode kept = http.get("/api/v1/byok/" + id).json().get("data");
    assertThat(kept.get("label").asText()).endsWith(good.substring(good.length() - 4));
    assertThat(kept.get("name").isNull()).isTrue();
    // providers without a known check are judged on their format alone
    assertThat(
            http.post(
                    "/api/v1/byok",
                    RawHttp.json(
                        Map.of("provider", "cohere", "key", "co-" + VaultFixtures.random(30))))
                .status())
        .isEqualTo(201);
  }

  @Test
  void plantedSecrets_throughEveryWritePath_areInNoResponseLogLineOrDatabaseFile()
      throws Exception {
    List<String> planted = new ArrayList<>();
    // OpenRouter view: create, rotate
    String s1 = accepted();
    planted.add(s1);
    var created =
        keep(
            http.post(
                "/api/v1/byok",
                RawHttp.json(Map.of("provider", "openai", "key", s1, "name", "planted"))));
    String byokId = created.json().get("data").get("id").asText();
    String s2 = accepted();
    planted.add(s2);
    keep(http.patch("/api/v1/byok/" + byokId, RawHttp.json(Map.of("key", s2))));
    // DynamoAI view: create cloud, edit cloud, create custom, edit custom
    String s3 = accepted();
    planted.add(s3);
    var cloud =
        keep(
            http.post(
                "/user-auth/auth-data",
                RawHttp.json(
                    Map.of(
                        "providerType",
                        "openai",
                        "name",
                        "c",
                        "authConfig",
                        Map.of("apiKey", s3)))));
    long authId = cloud.json().get("authId").asLong();
    String s4 = accepted();
    planted.add(s4);
    keep(
        http.post(
            "/user-auth/auth-data/" + authId,
            RawHttp.json(Map.of("authConfig", Map.of("apiKey", s4)))));
    String s5 = "PLANTEDCUSTOM" + VaultFixtures.random(24);
    planted.add(s5);
    var custom =
        keep(
            http.post(
                "/user-auth/auth-data",
                RawHttp.json(
                    Map.of(
                        "authType",
                        "REMOTE_CUSTOM",
                        "providerType",
                        "custom_model",
                        "name",
                        "custom",
                        "authConfig",
                        Map.of("token", s5)))));
    assertThat(custom.status()).isEqualTo(201);
    String s6 = "PLANTEDCUSTOM" + VaultFixtures.random(24);
    planted.add(s6);
    keep(
        http.post(
            "/user-auth/auth-data/" + custom.json().get("authId").asLong(),
            RawHttp.json(Map.of("authConfig", Map.of("token", s6)))));
    // refused writes: wrong format, refused by the provider, wrong field, broken JSON, a rule
    // broken
    String s7 = "sk-ant-PLANTED" + VaultFixtures.random(30);
    planted.add(s7);
    assertThat(
            keep(http.post("/api/v1/byok", RawHttp.json(Map.of("provider", "openai", "key", s7))))
                .status())
        .isEqualTo(400);
    String s8 = "sk-proj-PLANTEDREFUSED" + VaultFixtures.random(30);
    planted.add(s8);
    assertThat(
            keep(http.post("/api/v1/byok", RawHttp.json(Map.of("provider", "openai", "key", s8))))
                .status())
        .isEqualTo(400);
    String s9 = accepted();
    planted.add(s9);
    assertThat(
            keep(http.post(
                    "/api/v1/ai_systems",
                    RawHttp.json(Map.of("name", "m", "provider", "openai", "api_key", s9))))
                .status())
        .isEqualTo(400);
    String s10 = accepted();
    planted.add(s10);
    assertThat(
            keep(http.post("/api/v1/byok", "{\"provider\":\"openai\",\"key\":\"" + s10 + "\","))
                .status())
        .isEqualTo(400);
    String s11 = accepted();
    planted.add(s11);
    Map<String, Object> broken = new LinkedHashMap<>(Map.of("provider", "openai", "key", s11));
    broken.put("is_fallback", true);
    broken.put("is_byok_only", true);
    assertThat(keep(http.post("/api/v1/byok", RawHttp.json(broken))).status()).isEqualTo(400);
    assertThat(
            keep(http.post("/api/v1/byok", "{\"provider\":\"openai\",\"key\":[\"" + s10 + "\"]}"))
                .status())
        .isEqualTo(400);
    // reads of every kind
    keep(http.get("/api/v1/byok"));
    keep(http.get("/api/v1/byok/" + byokId));
    keep(http.get("/user-auth/auth-data/" + authId));
    keep(http.get("/user-auth/auth-data-and-model-association"));
    keep(http.get("/api/admin/v1/audit_events?page_size=100"));
    // resolve returns the keys by design; it must leave them nowhere else
    String system =
        keep(http.post(
                "/api/v1/ai_systems",
                RawHttp.json(
                    Map.of(
                        "name",
                        "m",
                        "provider",
                        "openai",
                        "auth_data_ids",
                        List.of(byokId),
                        "primary_auth_data_id",
                        byokId))))
            .json()
            .get("data")
            .get("id")
            .asText();
    assertThat(gateway.post("/api/v1/resolve", RawHttp.json(Map.of("ai_system_id", system))).body())
        .contains(s2);
    keep(http.get("/api/admin/v1/audit_events?page_size=100"));
    // and a key deleted is gone from the database
    keep(http.delete("/api/v1/byok/" + byokId));

    List<String> logLines = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      logLines.add(
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertThat(logLines).as("log lines were captured").isNotEmpty();
    for (String secret : planted) {
      String core = secret.substring(8);
      assertThat(responses).as("responses").noneMatch(r -> r.contains(core));
      assertThat(logLines).as("log").noneMatch(l -> l.contains(core));
      assertThat(DatabaseDump.contains(server, core))
          .as("database holds " + secret.substring(0, 14))
          .isFalse();
    }
  }

  @Test
  void ciphertextMovedAlteredOrCut_doesNotDecrypt_andTheOtherKeysStillServe() throws Exception {
    String a = accepted();
    String b = accepted();
    String c = accepted();
    String ida = createByok(http, Map.of("provider", "openai", "key", a)).get("id").asText();
    String idb = createByok(http, Map.of("provider", "openai", "key", b)).get("id").asText();
    String idc = createByok(http, Map.of("provider", "openai", "key", c)).get("id").asText();
    String system =
        http.post(
                "/api/v1/ai_systems",
                RawHttp.json(
                    Map.of(
                        "name",
                        "m",
                        "provider",
                        "openai",
                        "auth_data_ids",
                        List.of(ida, idb, idc),
                        "primary_auth_data_id",
                        ida)))
            .json()
            .get("data")
            .get("id")
            .asText();

    String sealedB = StoredSecret.of(server, idb);
    assertThat(sealedB).startsWith("t1:").doesNotContain(b.substring(8));
    StoredSecret.set(server, ida, sealedB);
    String sealedC = StoredSecret.of(server, idc);
    StoredSecret.set(server, idc, sealedC.substring(0, sealedC.length() / 2));
    JsonNode r =
        gateway.post("/api/v1/resolve", RawHttp.json(Map.of("ai_system_id", system))).json();
    assertThat(r.get("keys")).hasSize(1);
    assertThat(r.get("keys").get(0).get("key").asText()).isEqualTo(b);
    assertThat(r.get("undecryptable")).extracting(JsonNode::asText).containsExactly(ida, idc);

    char[] altered = sealedB.toCharArray();
    int i = altered.length / 2;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    StoredSecret.set(server, idb, new String(altered));
    // any vault write ends the resolve cache's hold on rows read before the change
    http.patch("/api/v1/ai_systems/" + system, RawHttp.json(Map.of("name", "renamed")));
    r = gateway.post("/api/v1/resolve", RawHttp.json(Map.of("ai_system_id", system))).json();
    assertThat(r.get("keys")).isEmpty();
    assertThat(r.get("undecryptable")).hasSize(3);
    assertThat(
            http.get(
                    "/api/admin/v1/audit_events?action=provider_key.decrypt_failed&target_id="
                        + idb)
                .json()
                .get("events"))
        .isNotEmpty();
  }

  @Test
  void masterKeyRotateAndRewrap_keepProviderKeysResolvable() {
    String a = accepted();
    String id = createByok(http, Map.of("provider", "openai", "key", a)).get("id").asText();
    String system =
        http.post(
                "/api/v1/ai_systems",
                RawHttp.json(
                    Map.of(
                        "name",
                        "m",
                        "provider",
                        "openai",
                        "auth_data_ids",
                        List.of(id),
                        "primary_auth_data_id",
                        id)))
            .json()
            .get("data")
            .get("id")
            .asText();
    assertThat(http.post("/api/admin/v1/master_key/rotate", "{}").status()).isEqualTo(201);
    var rewrap = http.post("/api/admin/v1/master_key/rewrap", "{}");
    assertThat(rewrap.status()).as(rewrap.body()).isEqualTo(200);
    assertThat(rewrap.body()).doesNotContain(a);
    JsonNode r =
        gateway.post("/api/v1/resolve", RawHttp.json(Map.of("ai_system_id", system))).json();
    assertThat(r.get("keys").get(0).get("key").asText()).isEqualTo(a);
  }

  @Test
  void deletingAUser_wipesTheKeysOfTheirWorkspaces() throws Exception {
    String userId = Fixtures.createUser(http, Fixtures.email());
    RawHttp user = as(server, VaultFixtures.accessToken(http, userId));
    String key = accepted();
    String id = createByok(user, Map.of("provider", "openai", "key", key)).get("id").asText();
    assertThat(StoredSecret.of(server, id)).isNotNull();
    assertThat(http.delete("/api/backend/v1/user/" + userId).status()).isEqualTo(200);
    server.app().vault().awaitIdle();
    assertThat(StoredSecret.of(server, id)).isNull();
    assertThat(http.get("/api/v1/byok/" + id).status()).isEqualTo(404);
  }
}
