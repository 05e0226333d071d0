package dev.latchkey.server.keypair;

import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backend.AI-signed requests, checked by the gateways' verify endpoint and by the server itself
 * (info): every way a signature can be wrong, the ±15-minute window, replay, deactivation, and the
 * rolling rate limit.
 */
@ParameterizedClass
@MethodSource("kinds")
class SignedRequestsApiTest {
  static final String VERIFY = "/api/v1/keypairs/verify";
  static final String HOST = "api.example.com:8080";
  static final String PATH = "/func/session?x=1";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("SignedRequestsApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  record Pair(String accessKey, String secretKey, String userId) {}

  private Pair keypair(Map<String, Object> fields) {
    String user = createUser(http, email());
    Map<String, Object> body = new HashMap<>(fields);
    body.put("user_id", user);
    JsonNode k = KeypairsApiTest.createKeypair(http, body);
    return new Pair(k.get("access_key").asText(), k.get("secret_key").asText(), user);
  }

  private Instant now() {
    return server.clock().instant();
  }

  private Map<String, String> signed(Pair p, String method, String path, Instant at) {
    return BackendAiSignature.headers(
        method, path, HOST, BackendAiSignature.date(at), p.accessKey(), p.secretKey());
  }

  private RawHttp.Response verify(String method, String path, Map<String, String> headers) {
    return http.post(
        VERIFY, RawHttp.json(Map.of("method", method, "path", path, "headers", headers)));
  }

  private static void refused(RawHttp.Response r, String reason) {
    assertThat(r.status()).as(r.body()).isEqualTo(401);
    assertThat(r.json().get("error_code").asText()).isEqualTo(reason);
  }

  @Test
  void validSignature_yieldsUserPolicyAndLimits() {
    String policy = KeypairsApiTest.policy(http, Map.of("max_concurrent_sessions", 5));
    Pair p = keypair(Map.of("resource_policy", policy, "is_admin", true, "rate_limit", 500));
    var r = verify("GET", PATH, signed(p, "GET", PATH, now()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode v = r.json();
    assertThat(v.get("valid").asBoolean()).isTrue();
    assertThat(v.get("access_key").asText()).isEqualTo(p.accessKey());
    assertThat(v.get("user_id").asText()).isEqualTo(p.userId());
    assertThat(v.get("is_admin").asBoolean()).isTrue();
    assertThat(v.get("resource_policy").asText()).isEqualTo(policy);
    assertThat(v.get("policy").get("max_concurrent_sessions").asInt()).isEqualTo(5);
    assertThat(v.get("rate_limit").get("limit").asLong()).isEqualTo(500);
    assertThat(v.get("rate_limit").get("remaining").asLong()).isEqualTo(499);
    assertThat(r.header("X-RateLimit-Limit")).isEqualTo("500");
    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("499");
    assertThat(r.header("X-RateLimit-Window")).isEqualTo("900");
    assertThat(r.body()).doesNotContain(p.secretKey());
  }

  @Test
  void otherDateFormats_andHashes_areAccepted() {
    Pair p = keypair(Map.of());
    // X-BackendAI-Date instead of Date, RFC 1123, HMAC-SHA512, a content type with parameters
    String date =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            now().atOffset(java.time.ZoneOffset.UTC));
    String sig =
        BackendAiSignature.sign(
            "post",
            PATH,
            HOST,
            date,
            "application/json",
            BackendAiSignature.VERSION,
            p.secretKey(),
            "sha512");
    Map<String, String> h =
        Map.of(
            "x-backendai-date",
            date,
            "content-type",
            "Application/JSON; charset=utf-8",
            "x-backendai-version",
            BackendAiSignature.VERSION,
            "host",
            HOST,
            "authorization",
            "BackendAI signMethod=HMAC-SHA512, credential=" + p.accessKey() + ":" + sig);
    var r = verify("POST", PATH, h);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void versionsBefore20181215_signTheBodysHash_givenAsBodyHash() throws Exception {
    Pair p = keypair(Map.of());
    byte[] body = "{\"x\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String version = "v4.20181214";
    String date = BackendAiSignature.date(now());
    String sig =
        BackendAiSignature.sign(
            "POST", PATH, HOST, date, "application/json", version, p.secretKey(), "sha256", body);
    Map<String, String> h =
        Map.of(
            "Date", date,
            "Content-Type", "application/json",
            "X-BackendAI-Version", version,
            "Host", HOST,
            "Authorization",
                "BackendAI signMethod=HMAC-SHA256, credential=" + p.accessKey() + ":" + sig);
    var missing = verify("POST", PATH, h);
    assertThat(missing.status()).as(missing.body()).isEqualTo(400);
    assertThat(missing.json().has("body_hash")).isTrue();
    String hash = BackendAiSignature.bodyHash("sha256", body);
    var ok =
        http.post(
            VERIFY,
            RawHttp.json(Map.of("method", "POST", "path", PATH, "headers", h, "body_hash", hash)));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    var other =
        http.post(
            VERIFY,
            RawHttp.json(
                Map.of(
                    "method",
                    "POST",
                    "path",
                    PATH,
                    "headers",
                    h,
                    "body_hash",
                    BackendAiSignature.bodyHash("sha256", new byte[0]))));
    refused(other, "bad_signature");
  }

  @Test
  void wrongSecret_isBadSignature() {
    Pair p = keypair(Map.of());
    Pair other = keypair(Map.of());
    var r =
        verify(
            "GET",
            PATH,
            signed(new Pair(p.accessKey(), other.secretKey(), null), "GET", PATH, now()));
    refused(r, "bad_signature");
  }

  @Test
  void alteredPath_alteredMethod_alteredHeaders_areBadSignatures() {
    Pair p = keypair(Map.of());
    refused(verify("GET", "/func/session?x=2", signed(p, "GET", PATH, now())), "bad_signature");
    refused(verify("POST", PATH, signed(p, "GET", PATH, now())), "bad_signature");
    for (String header : List.of("Content-Type", "Host", "X-BackendAI-Version", "Date")) {
      Map<String, String> h = new HashMap<>(signed(p, "GET", PATH, now()));
      h.put(
          header,
          switch (header) {
            case "Content-Type" -> "text/plain";
            case "Host" -> "evil.example.com";
            case "X-BackendAI-Version" -> "v4.20200101";
            default -> BackendAiSignature.date(now().minusSeconds(60));
          });
      refused(verify("GET", PATH, h), "bad_signature");
    }
    Map<String, String> h = new HashMap<>(signed(p, "GET", PATH, now()));
    String auth = h.get("Authorization");
    h.put("Authorization", auth.substring(0, auth.length() - 1) + (auth.endsWith("0") ? "1" : "0"));
    refused(verify("GET", PATH, h), "bad_signature");
  }

  @Test
  void signatureDated_onTheWrongDay_isBadSignature() {
    Pair p = keypair(Map.of());
    // the key is derived from the date's day: signed as if for the next day, sent with today's
    String today = BackendAiSignature.date(now());
    // (a fixed day of the month would equal today's on that day: the shared clock moves)
    String tomorrow = BackendAiSignature.date(now().plus(Duration.ofDays(1)));
    String sig =
        BackendAiSignature.sign(
            "GET",
            PATH,
            HOST,
            tomorrow,
            "application/json",
            BackendAiSignature.VERSION,
            p.secretKey(),
            "sha256");
    Map<String, String> h = new HashMap<>(signed(p, "GET", PATH, now()));
    h.put("Date", today);
    h.put(
        "Authorization",
        "BackendAI signMethod=HMAC-SHA256, credential=" + p.accessKey() + ":" + sig);
    refused(verify("GET", PATH, h), "bad_signature");
  }

  @Test
  void skewOfFifteenMinutes_isRefused_justUnderIsAccepted() {
    Pair p = keypair(Map.of());
    Duration limit = Duration.ofMinutes(15);
    refused(verify("GET", PATH, signedExactly(p, now().minus(limit))), "clock_skew");
    refused(verify("GET", PATH, signedExactly(p, now().plus(limit))), "clock_skew");
    refused(
        verify("GET", PATH, signedExactly(p, now().minus(limit).minusSeconds(3600))), "clock_skew");
    assertThat(verify("GET", PATH, signedExactly(p, now().minus(limit).plusSeconds(1))).status())
        .isEqualTo(200);
    assertThat(verify("GET", PATH, signedExactly(p, now().plus(limit).minusSeconds(1))).status())
        .isEqualTo(200);
  }

  /** Signed at exactly {@code at} (no microseconds added). */
  private Map<String, String> signedExactly(Pair p, Instant at) {
    String date = at.atOffset(java.time.ZoneOffset.UTC).toString();
    return BackendAiSignature.headers("GET", PATH, HOST, date, p.accessKey(), p.secretKey());
  }

  @Test
  void sameSignedRequestTwice_isReplayed() {
    Pair p = keypair(Map.of());
    Map<String, String> h = signed(p, "GET", PATH, now());
    assertThat(verify("GET", PATH, h).status()).isEqualTo(200);
    refused(verify("GET", PATH, h), "replayed");
    server.clock().advance(Duration.ofMinutes(10));
    refused(verify("GET", PATH, h), "replayed");
    assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(200);
  }

  @Test
  void deactivatedKeypair_makesNoRequest_untilActivatedAgain() {
    Pair p = keypair(Map.of());
    assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(200);
    http.post(KeypairsApiTest.KEYPAIRS + "/" + p.accessKey() + "/deactivate", "");
    refused(verify("GET", PATH, signed(p, "GET", PATH, now())), "inactive");
    http.post(KeypairsApiTest.KEYPAIRS + "/" + p.accessKey() + "/activate", "");
    assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(200);
    http.delete(KeypairsApiTest.KEYPAIRS + "/" + p.accessKey());
    refused(verify("GET", PATH, signed(p, "GET", PATH, now())), "unknown_access_key");
  }

  @Test
  void secretMovedFromAnotherRow_doesNotOpen_andIsRefused() throws Exception {
    Pair a = keypair(Map.of());
    Pair b = keypair(Map.of());
    var config = server.app().config();
    try (var c =
            java.sql.DriverManager.getConnection(
                config.databaseUrl(),
                config.databaseUser(),
                config.databasePassword() == null ? "" : config.databasePassword().reveal());
        var s =
            c.prepareStatement(
                "UPDATE keypairs SET secret_key = (SELECT secret_key FROM keypairs WHERE"
                    + " access_key = ?) WHERE access_key = ?")) {
      s.setString(1, a.accessKey());
      s.setString(2, b.accessKey());
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    refused(verify("GET", PATH, signed(b, "GET", PATH, now())), "secret_unavailable");
    refused(
        verify(
            "GET", PATH, signed(new Pair(b.accessKey(), a.secretKey(), null), "GET", PATH, now())),
        "secret_unavailable");
    assertThat(verify("GET", PATH, signed(a, "GET", PATH, now())).status()).isEqualTo(200);
  }

  @Test
  void disabledUser_makesNoRequest() {
    Pair p = keypair(Map.of());
    assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(200);
    http.post("/api/backend/v1/user/" + p.userId() + "/disable", "");
    refused(verify("GET", PATH, signed(p, "GET", PATH, now())), "inactive");
  }

  @Test
  void malformedRequests_haveTheirReasons() {
    Pair p = keypair(Map.of());
    Map<String, String> good = signed(p, "GET", PATH, now());
    refused(verify("GET", PATH, without(good, "Authorization")), "missing_authorization");
    refused(
        verify("GET", PATH, with(good, "Authorization", "Bearer abc")), "malformed_authorization");
    refused(
        verify(
            "GET",
            PATH,
            with(good, "Authorization", "BackendAI signMethod=HMAC-MD5, credential=AKIA:00")),
        "unsupported_sign_method");
    refused(verify("GET", PATH, without(good, "Date")), "missing_date");
    refused(verify("GET", PATH, with(good, "Date", "yesterday")), "malformed_date");
    refused(verify("GET", PATH, with(good, "X-BackendAI-Version", "4")), "unsupported_version");
    refused(
        verify(
            "GET",
            PATH,
            with(
                good,
                "Authorization",
                "BackendAI signMethod=HMAC-SHA256, credential=AKIAAAAAAAAAAAAAAAAA:00ff")),
        "unknown_access_key");
    var noHost = verify("GET", PATH, without(good, "Host"));
    refused(noHost, "missing_host");
    var bad = http.post(VERIFY, RawHttp.json(Map.of("path", "nope", "headers", Map.of())));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().fieldNames()).toIterable().contains("method", "path");
    var anonymous =
        server
            .anonymous()
            .post(VERIFY, RawHttp.json(Map.of("method", "GET", "path", PATH, "headers", good)));
    assertThat(anonymous.status()).isEqualTo(401);
  }

  private static Map<String, String> without(Map<String, String> h, String name) {
    Map<String, String> copy = new HashMap<>(h);
    copy.remove(name);
    return copy;
  }

  private static Map<String, String> with(Map<String, String> h, String name, String value) {
    Map<String, String> copy = new HashMap<>(h);
    copy.put(name, value);
    return copy;
  }

  @Test
  void rateLimit_isARolling15MinuteWindow_with429Headers() {
    Pair p = keypair(Map.of("rate_limit", 3));
    for (int i = 2; i >= 0; i--) {
      var r = verify("GET", PATH, signed(p, "GET", PATH, now()));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(i));
      server.clock().advance(Duration.ofMinutes(1));
    }
    var limited = verify("GET", PATH, signed(p, "GET", PATH, now()));
    assertThat(limited.status()).as(limited.body()).isEqualTo(429);
    assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(limited.header("X-RateLimit-Window")).isEqualTo("900");
    long retry = Long.parseLong(limited.header("Retry-After"));
    assertThat(retry).isBetween(12 * 60L, 12 * 60L + 10);
    assertThat(limited.json().get("error_code").asText()).isEqualTo("rate_limited");
    server.clock().advance(Duration.ofSeconds(retry - 15));
    assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(429);
    server.clock().advance(Duration.ofSeconds(15));
    var again = verify("GET", PATH, signed(p, "GET", PATH, now()));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.header("X-RateLimit-Remaining")).isEqualTo("0");
  }

  @Test
  void info_bySignedRequest_hidesAdminFieldsFromNonAdmins() {
    Pair plain = keypair(Map.of());
    Pair admin = keypair(Map.of("is_admin", true));
    String host = "127.0.0.1:" + server.port();
    String path = "/api/v1/keypairs/info";
    var r = server.anonymous().send("GET", path, null, null, signedFor(plain, path, host));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("access_key").asText()).isEqualTo(plain.accessKey());
    assertThat(r.json().get("policy").get("name").asText()).isEqualTo("default");
    assertThat(r.json().has("num_queries")).isFalse();
    assertThat(r.json().has("secret_key")).isFalse();
    assertThat(r.header("X-RateLimit-Limit")).isEqualTo("10000");
    var a = server.anonymous().send("GET", path, null, null, signedFor(admin, path, host));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().has("num_queries")).isTrue();
    // a request signed for another host, or unsigned, gets nothing
    var otherHost =
        server.anonymous().send("GET", path, null, null, signedFor(plain, path, "other:1"));
    assertThat(otherHost.status()).isEqualTo(401);
    assertThat(otherHost.json().get("error_code").asText()).isEqualTo("bad_signature");
    assertThat(server.anonymous().get(path).status()).isEqualTo(401);
  }

  private Map<String, String> signedFor(Pair p, String path, String host) {
    Map<String, String> h =
        new HashMap<>(
            BackendAiSignature.headers(
                "GET", path, host, BackendAiSignature.date(now()), p.accessKey(), p.secretKey()));
    h.remove("Host"); // the HTTP client sends it
    return h;
  }

  @Test
  void info_byAccessToken_namesTheUsersOwnKeypair() {
    Pair p = keypair(Map.of());
    String token =
        http.post(
                "/api/backend/v1/access_token",
                RawHttp.json(Map.of("user_id", p.userId(), "duration_in_minutes", 60)))
            .json()
            .get("access_token")
            .asText();
    var r = http.withBearer(token).get("/api/v1/keypairs/info");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("access_key").asText()).isEqualTo(p.accessKey());
    Pair stranger = keypair(Map.of());
    assertThat(
            http.withBearer(token)
                .get("/api/v1/keypairs/info?access_key=" + stranger.accessKey())
                .status())
        .isEqualTo(404);
  }

  @Test
  void usage_isCountedInBatches() {
    Pair p = keypair(Map.of());
    for (int i = 0; i < 3; i++) {
      assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(200);
    }
    server.app().keypairs().flushUsage();
    JsonNode k = http.get(KeypairsApiTest.KEYPAIRS + "/" + p.accessKey()).json();
    assertThat(k.get("num_queries").asLong()).isEqualTo(3);
    assertThat(k.get("last_used").asLong()).isEqualTo(now().getEpochSecond());
  }

  @Test
  void orderByLastUsed_putsNeverUsedKeypairsFirstAscending_andLastDescending_onEveryDatabase() {
    // SQLite sorts NULL as the smallest value, PostgreSQL as the largest: the order must not
    // depend on which database the server runs on.
    String user = createUser(http, email());
    Map<String, Object> body = Map.of("user_id", user);
    JsonNode neverA = KeypairsApiTest.createKeypair(http, body);
    JsonNode used = KeypairsApiTest.createKeypair(http, body);
    JsonNode neverB = KeypairsApiTest.createKeypair(http, body);
    Pair p = new Pair(used.get("access_key").asText(), used.get("secret_key").asText(), user);
    assertThat(verify("GET", PATH, signed(p, "GET", PATH, now())).status()).isEqualTo(200);
    server.app().keypairs().flushUsage();
    List<String> never =
        java.util.stream.Stream.of(neverA, neverB)
            .map(k -> k.get("access_key").asText())
            .sorted()
            .toList();
    assertThat(order(user, "last_used")).containsExactly(never.get(0), never.get(1), p.accessKey());
    assertThat(order(user, "-last_used"))
        .containsExactly(p.accessKey(), never.get(0), never.get(1));
  }

  private List<String> order(String user, String order) {
    var r = http.get(KeypairsApiTest.KEYPAIRS + "/paginated?user_id=" + user + "&order=" + order);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> keys = new java.util.ArrayList<>();
    r.json().get("items").forEach(k -> keys.add(k.get("access_key").asText()));
    return keys;
  }
}
