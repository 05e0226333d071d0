package dev.latchkey.server.keypair;

import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A keypair's secret key, planted and then sought everywhere: after the answer to create, it is in
 * no response, no log line and no database file; sealed under the master keyset it survives a
 * rotation, rewrap and retirement of the old key (own server, to capture its logs).
 */
@ParameterizedClass
@MethodSource("kinds")
class KeypairSecretsTest {
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  ListAppender<ILoggingEvent> logs;
  final List<String> responses = new ArrayList<>();

  static List<String> kinds() {
    return DatabaseKinds.available("KeypairSecretsTest");
  }

  @BeforeEach
  void start() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    server = TestServer.start(kind, Map.of());
    http = server.http();
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    server.close();
  }

  private RawHttp.Response keep(RawHttp.Response r) {
    responses.add(r.body() + r.headers().map());
    return r;
  }

  private RawHttp.Response verify(String accessKey, String secret, String path) {
    Map<String, String> h =
        BackendAiSignature.headers(
            "GET",
            path,
            "gw.example.com",
            BackendAiSignature.date(server.clock().instant()),
            accessKey,
            secret);
    return keep(
        http.post(
            "/api/v1/keypairs/verify",
            RawHttp.json(Map.of("method", "GET", "path", path, "headers", h))));
  }

  @Test
  void plantedSecretKey_isInNoResponseAfterCreation_noLogLine_andNoDatabaseFile() throws Exception {
    String user = createUser(http, email());
    var created =
        http.post("/api/v1/keypairs", RawHttp.json(Map.of("user_id", user, "rate_limit", 2)));
    assertThat(created.status()).isEqualTo(200);
    String key = created.json().get("access_key").asText();
    String secret = created.json().get("secret_key").asText();
    String base = "/api/v1/keypairs/";

    keep(http.get(base + key));
    keep(http.get("/api/v1/keypairs?user_id=" + user));
    keep(
        http.get(
            "/api/v1/keypairs/paginated?filter="
                + java.net.URLEncoder.encode(
                    "access_key == \"" + key + "\"", java.nio.charset.StandardCharsets.UTF_8)));
    keep(http.patch(base + key, RawHttp.json(Map.of("is_admin", true))));
    assertThat(verify(key, secret, "/a").status()).isEqualTo(200);
    assertThat(verify(key, secret.substring(1) + "x", "/b").status()).isEqualTo(401);
    String host = "127.0.0.1:" + server.port();
    Map<String, String> signed =
        new HashMap<>(
            BackendAiSignature.headers(
                "GET",
                base + "info",
                host,
                BackendAiSignature.date(server.clock().instant()),
                key,
                secret));
    signed.remove("Host");
    JsonNode info = keep(server.anonymous().send("GET", base + "info", null, null, signed)).json();
    assertThat(info.get("access_key").asText()).isEqualTo(key);
    assertThat(verify(key, secret, "/c").status()).isEqualTo(429);
    keep(http.post(base + key + "/deactivate", ""));
    assertThat(verify(key, secret, "/d").status()).isEqualTo(401);
    keep(http.post(base + key + "/activate", ""));
    keep(http.patch(base + key, RawHttp.json(Map.of("rate_limit", 100))));

    // the sealed secret survives a new master key, a rewrap and the old key's retirement
    int first = http.get("/api/admin/v1/master_key").json().get("primary_key_id").asInt();
    assertThat(http.post("/api/admin/v1/master_key/rotate", "").status()).isEqualTo(201);
    assertThat(http.post("/api/admin/v1/master_key/rewrap", "").status()).isEqualTo(200);
    assertThat(
            http.post("/api/admin/v1/master_key/retire", RawHttp.json(Map.of("key_id", first)))
                .status())
        .isEqualTo(200);
    keep(http.patch(base + key, RawHttp.json(Map.of("rate_limit", 101))));
    assertThat(verify(key, secret, "/e").status()).isEqualTo(200);
    server.app().keypairs().flushUsage();
    keep(http.get("/api/admin/v1/audit_events?page_size=100"));
    keep(http.get(base + key));

    assertThat(responses).isNotEmpty().noneMatch(r -> r.contains(secret));
    assertThat(DatabaseDump.contains(server, secret)).as("database").isFalse();
    assertThat(DatabaseDump.contains(server, key)).as("the dump search works").isTrue();
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      lines.add(
          e.getFormattedMessage()
              + (e.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    assertThat(lines).as("log").noneMatch(l -> l.contains(secret));
    keep(http.delete(base + key));
    assertThat(DatabaseDump.contains(server, secret)).isFalse();
  }
}
