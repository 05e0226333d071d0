package dev.latchkey.server.apikey;

import static dev.latchkey.server.testing.Fixtures.addToOrg;
import static dev.latchkey.server.testing.Fixtures.createOrg;
import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("kinds")
class ApiKeysApiTest {
  static final String KEYS = "/api/backend/v1/end_user_api_keys";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("ApiKeysApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  private long now() {
    return server.clock().instant().getEpochSecond();
  }

  private JsonNode create(Map<String, Object> body) {
    var r = http.post(KEYS, RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private RawHttp.Response validate(String token) {
    return http.post(KEYS + "/validate", RawHttp.json(Map.of("api_key_token", token)));
  }

  private void assertInvalid(RawHttp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("api_key_token").get(0).asText()).isEqualTo("Invalid API key");
  }

  @Test
  void createPersonalKey_tokenHasPrefixAndChecksum_andValidatesToItsUser() {
    String user = createUser(http, email());
    JsonNode created =
        create(Map.of("user_id", user, "metadata", Map.of("plan", "pro"), "display_name", "CI"));
    String id = created.get("api_key_id").asText();
    String token = created.get("api_key_token").asText();
    assertThat(id).matches("^[0-9a-f]{32}$");
    assertThat(token).matches("^lk_[0-9A-Za-z]{33}$");
    assertThat(KeyFormat.wellFormed(token)).isTrue();
    var v = validate("Bearer " + token);
    assertThat(v.status()).as(v.body()).isEqualTo(200);
    assertThat(v.json().get("user").get("user_id").asText()).isEqualTo(user);
    assertThat(v.json().get("org").isNull()).isTrue();
    assertThat(v.json().get("metadata").get("plan").asText()).isEqualTo("pro");
    JsonNode full = http.get(KEYS + "/" + id).json();
    assertThat(full.get("api_key_id").asText()).isEqualTo(id);
    assertThat(full.get("user_id").asText()).isEqualTo(user);
    assertThat(full.get("org_id").isNull()).isTrue();
    assertThat(full.get("display_name").asText()).isEqualTo("CI");
    assertThat(full.get("expires_at_seconds").isNull()).isTrue();
    assertThat(full.get("start").asText()).isEqualTo(token.substring(0, 7));
    assertThat(full.toString()).doesNotContain(token);
  }

  @Test
  void validateBody_everyShapeIsReadAlike_andBadOnesNameTheField() {
    String user = createUser(http, email());
    String token = create(Map.of("user_id", user)).get("api_key_token").asText();
    String path = KEYS + "/validate";
    // the common shape, spaced or with escapes, and a body sent without a declared length
    assertThat(http.post(path, "{ \"api_key_token\" : \"" + token + "\" }").status())
        .isEqualTo(200);
    assertThat(
            http.post(path, "{\"api_key_token\":\"\\u006c" + token.substring(1) + "\"}").status())
        .isEqualTo(200);
    var chunked = http.postChunked(path, "{\"api_key_token\":\"" + token + "\"}");
    assertThat(chunked.status()).as(chunked.body()).isEqualTo(200);
    assertThat(chunked.header("Content-Type")).startsWith("application/json");
    assertThat(chunked.json().get("user").get("user_id").asText()).isEqualTo(user);
    // anything else gets the general parser's answer
    var extra = http.post(path, "{\"api_key_token\":\"" + token + "\",\"extra\":1}");
    assertThat(extra.status()).isEqualTo(400);
    assertThat(extra.json().has("extra")).as(extra.body()).isTrue();
    var number = http.post(path, "{\"api_key_token\":12}");
    assertThat(number.status()).isEqualTo(400);
    assertThat(number.json().has("api_key_token")).as(number.body()).isTrue();
    var twice = http.post(path, "{\"api_key_token\":\"" + token + "\",\"api_key_token\":\"x\"}");
    assertThat(twice.status()).as(twice.body()).isEqualTo(400);
    var array = http.post(path, "[\"" + token + "\"]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.json().has("body")).as(array.body()).isTrue();
    var trailing = http.post(path, "{\"api_key_token\":\"" + token + "\"} {}");
    assertThat(trailing.status()).as(trailing.body()).isEqualTo(400);
    assertThat(http.postChunked(path, "{\"api_key_token\":12}").status()).isEqualTo(400);
  }

  @Test
  void orgKey_validatesWithOrgAndMembership() {
    String user = createUser(http, email());
    String org = createOrg(http, unique("Keys "));
    addToOrg(http, user, org, "Admin");
    String token = create(Map.of("org_id", org, "user_id", user)).get("api_key_token").asText();
    JsonNode v = validate(token).json();
    assertThat(v.get("org").get("org_id").asText()).isEqualTo(org);
    assertThat(v.get("org").get("org_name").asText()).startsWith("Keys ");
    assertThat(v.get("org").get("name").asText()).startsWith("Keys ");
    assertThat(v.get("user_in_org").get("user_role").asText()).isEqualTo("Admin");
    assertThat(v.get("user").get("user_id").asText()).isEqualTo(user);
  }

  @Test
  void create_withBadOwnersOrExpiry_is400() {
    assertThat(
            http.post(KEYS, RawHttp.json(Map.of("user_id", UUID.randomUUID().toString())))
                .json()
                .has("user_id"))
        .isTrue();
    assertThat(
            http.post(KEYS, RawHttp.json(Map.of("org_id", UUID.randomUUID().toString())))
                .json()
                .has("org_id"))
        .isTrue();
    String user = createUser(http, email());
    String org = createOrg(http, unique("NotMine "));
    assertThat(
            http.post(KEYS, RawHttp.json(Map.of("user_id", user, "org_id", org)))
                .json()
                .has("user_id"))
        .isTrue();
    assertThat(
            http.post(KEYS, RawHttp.json(Map.of("expires_at_seconds", now() - 1)))
                .json()
                .has("expires_at_seconds"))
        .isTrue();
    assertThat(
            http.post(
                    KEYS,
                    RawHttp.json(
                        Map.of(
                            "ratelimits",
                            List.of(Map.of("name", "x", "limit", 0, "duration_ms", 1000)))))
                .json()
                .has("ratelimits[0].limit"))
        .isTrue();
  }

  @Test
  void wrongChecksum_unknownKey_andGarbage_areInvalid() {
    String token = create(Map.of()).get("api_key_token").asText();
    char last = token.charAt(token.length() - 1);
    assertInvalid(validate(token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a')));
    assertInvalid(validate(token.substring(0, token.length() - 2)));
    String unknownHead = "lk_" + unique("") + "0123456789abcdefg";
    assertInvalid(validate(unknownHead + KeyFormat.checksum(unknownHead)));
    assertInvalid(validate(""));
    assertInvalid(validate("x".repeat(600)));
    assertThat(http.post(KEYS + "/validate", "{}").status()).isEqualTo(400);
  }

  @Test
  void expiredKey_isRefusedAtTheExactSecond_andListedAsArchived() {
    String user = createUser(http, email());
    JsonNode created = create(Map.of("user_id", user, "expires_at_seconds", now() + 10));
    String token = created.get("api_key_token").asText();
    server.clock().advance(Duration.ofSeconds(9));
    assertThat(validate(token).status()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(1));
    assertInvalid(validate(token));
    var archived = http.get(KEYS + "/archived?user_id=" + user).json();
    assertThat(archived.get("total_api_keys").asLong()).isEqualTo(1);
    assertThat(archived.get("api_keys").get(0).get("archived").asBoolean()).isTrue();
    assertThat(http.get(KEYS + "?user_id=" + user).json().get("total_api_keys").asLong()).isZero();
  }

  @Test
  void deletion_isVisibleToTheVeryNextValidation_andDeleteTwiceIs404() {
    JsonNode created = create(Map.of());
    String token = created.get("api_key_token").asText();
    String id = created.get("api_key_id").asText();
    assertThat(validate(token).status()).isEqualTo(200);
    assertThat(http.delete(KEYS + "/" + id).status()).isEqualTo(200);
    assertInvalid(validate(token));
    assertThat(http.delete(KEYS + "/" + id).status()).isEqualTo(404);
    assertThat(http.get(KEYS + "/" + id).json().get("archived").asBoolean()).isTrue();
    assertThat(http.patch(KEYS + "/" + id, "{\"metadata\":{}}").status()).isEqualTo(404);
  }

  @Test
  void disabledKey_andDisabledOrDeletedUser_invalidateAtOnce() {
    String user = createUser(http, email());
    JsonNode created = create(Map.of("user_id", user));
    String token = created.get("api_key_token").asText();
    String id = created.get("api_key_id").asText();
    assertThat(validate(token).status()).isEqualTo(200);
    assertThat(http.patch(KEYS + "/" + id, "{\"enabled\":false}").status()).isEqualTo(200);
    assertInvalid(validate(token));
    assertThat(http.patch(KEYS + "/" + id, "{\"enabled\":true}").status()).isEqualTo(200);
    assertThat(validate(token).status()).isEqualTo(200);
    http.post("/api/backend/v1/user/" + user + "/disable", "");
    assertInvalid(validate(token));
    http.post("/api/backend/v1/user/" + user + "/enable", "");
    assertThat(validate(token).status()).isEqualTo(200);
    http.delete("/api/backend/v1/user/" + user);
    assertInvalid(validate(token));
  }

  @Test
  void deletedOrg_invalidatesItsKeys_andUserChangesShowAtOnce() {
    String user =
        createUser(http, Map.of("email", email(), "email_confirmed", true, "first_name", "Before"));
    String org = createOrg(http, unique("Gone "));
    addToOrg(http, user, org, "Member");
    String token = create(Map.of("org_id", org, "user_id", user)).get("api_key_token").asText();
    assertThat(validate(token).json().get("user").get("first_name").asText()).isEqualTo("Before");
    http.put("/api/backend/v1/user/" + user, "{\"first_name\":\"After\"}");
    assertThat(validate(token).json().get("user").get("first_name").asText()).isEqualTo("After");
    http.post(
        "/api/backend/v1/org/change_role",
        RawHttp.json(Map.of("user_id", user, "org_id", org, "role", "Owner")));
    assertThat(validate(token).json().get("user_in_org").get("user_role").asText())
        .isEqualTo("Owner");
    http.delete("/api/backend/v1/org/" + org);
    assertInvalid(validate(token));
  }

  @Test
  void update_changesMetadataAndExpiry_andSetToNeverExpire() {
    JsonNode created = create(Map.of("expires_at_seconds", now() + 100));
    String id = created.get("api_key_id").asText();
    String token = created.get("api_key_token").asText();
    assertThat(
            http.patch(
                    KEYS + "/" + id,
                    RawHttp.json(
                        Map.of("metadata", Map.of("v", 2), "expires_at_seconds", now() + 50)))
                .status())
        .isEqualTo(200);
    JsonNode full = http.get(KEYS + "/" + id).json();
    assertThat(full.get("metadata").get("v").asInt()).isEqualTo(2);
    assertThat(full.get("expires_at_seconds").asLong()).isEqualTo(now() + 50);
    assertThat(validate(token).json().get("metadata").get("v").asInt()).isEqualTo(2);
    assertThat(http.patch(KEYS + "/" + id, "{\"set_to_never_expire\":true}").status())
        .isEqualTo(200);
    assertThat(http.get(KEYS + "/" + id).json().get("expires_at_seconds").isNull()).isTrue();
    server.clock().advance(Duration.ofSeconds(200));
    assertThat(validate(token).status()).isEqualTo(200);
    assertThat(
            http.patch(KEYS + "/" + id, RawHttp.json(Map.of("expires_at_seconds", now() - 5)))
                .status())
        .isEqualTo(400);
    assertThat(http.patch(KEYS + "/" + "0".repeat(32), "{}").status()).isEqualTo(404);
    assertThat(http.get(KEYS + "/not-hex").status()).isEqualTo(400);
  }

  @Test
  void rateLimit_answers429WithTheWait_thenRecovers() {
    String token =
        create(
                Map.of(
                    "ratelimits",
                    List.of(Map.of("name", "burst", "limit", 3, "duration_ms", 60_000))))
            .get("api_key_token")
            .asText();
    for (int i = 0; i < 3; i++) {
      assertThat(validate(token).status()).isEqualTo(200);
    }
    var limited = validate(token);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().get("wait_seconds").asLong()).isEqualTo(60);
    assertThat(limited.json().get("error_code").asText()).isEqualTo("rate_limited");
    assertThat(limited.json().get("user_facing_error").asText()).contains("burst");
    server.clock().advance(Duration.ofSeconds(30));
    assertThat(validate(token).json().get("wait_seconds").asLong()).isEqualTo(30);
    server.clock().advance(Duration.ofSeconds(30));
    assertThat(validate(token).status()).isEqualTo(200);
  }

  @Test
  void credits_runOut_andRefillDaily() {
    JsonNode created =
        create(
            Map.of(
                "credits",
                Map.of("remaining", 2, "refill", Map.of("interval", "daily", "amount", 5))));
    String token = created.get("api_key_token").asText();
    String id = created.get("api_key_id").asText();
    assertThat(validate(token).status()).isEqualTo(200);
    assertThat(validate(token).status()).isEqualTo(200);
    var exhausted = validate(token);
    assertThat(exhausted.status()).as(exhausted.body()).isEqualTo(429);
    long toMidnight =
        LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toEpochSecond()
            - now();
    assertThat(exhausted.json().get("wait_seconds").asLong()).isEqualTo(toMidnight);
    server.clock().advance(Duration.ofSeconds(toMidnight));
    assertThat(validate(token).status()).isEqualTo(200);
    assertThat(http.get(KEYS + "/" + id).json().get("credits").get("remaining").asLong())
        .isEqualTo(4);
  }

  @Test
  void credits_withoutRefill_runOutForGood_untilSetAgain() {
    JsonNode created = create(Map.of("credits", Map.of("remaining", 1)));
    String token = created.get("api_key_token").asText();
    assertThat(validate(token).status()).isEqualTo(200);
    var none = validate(token);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().get("api_key_token").get(0).asText()).contains("no credits");
    String id = created.get("api_key_id").asText();
    assertThat(
            http.patch(KEYS + "/" + id, RawHttp.json(Map.of("credits", Map.of("remaining", 3))))
                .status())
        .isEqualTo(200);
    assertThat(validate(token).status()).isEqualTo(200);
    assertThat(http.get(KEYS + "/" + id).json().get("credits").get("remaining").asLong())
        .isEqualTo(2);
  }

  @Test
  void reroll_newTokenWorks_oldOneUntilTheGraceEnds() {
    JsonNode created = create(Map.of());
    String id = created.get("api_key_id").asText();
    String old = created.get("api_key_token").asText();
    var rerolled = http.post(KEYS + "/" + id + "/reroll", "{\"grace_period_seconds\":60}");
    assertThat(rerolled.status()).as(rerolled.body()).isEqualTo(200);
    String fresh = rerolled.json().get("api_key_token").asText();
    assertThat(rerolled.json().get("api_key_id").asText()).isEqualTo(id);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(validate(fresh).status()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(59));
    assertThat(validate(old).status()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(1));
    assertInvalid(validate(old));
    assertThat(validate(fresh).status()).isEqualTo(200);
    var immediate = http.post(KEYS + "/" + id + "/reroll", "");
    assertInvalid(validate(fresh));
    assertThat(validate(immediate.json().get("api_key_token").asText()).status()).isEqualTo(200);
  }

  @Test
  void usage_isCountedWithoutAWritePerValidation_andReported() {
    String user = createUser(http, email());
    JsonNode created = create(Map.of("user_id", user));
    String id = created.get("api_key_id").asText();
    for (int i = 0; i < 3; i++) {
      validate(created.get("api_key_token").asText());
    }
    JsonNode full = http.get(KEYS + "/" + id).json();
    assertThat(full.get("usage_count").asLong()).isEqualTo(3);
    assertThat(full.get("last_used_at").asLong()).isEqualTo(now());
    String today = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC).toString();
    var usage = http.get(KEYS + "/usage?api_key_id=" + id + "&date=" + today);
    assertThat(usage.status()).isEqualTo(200);
    assertThat(usage.json().get("count").asLong()).isEqualTo(3);
    assertThat(
            http.get(KEYS + "/usage?user_id=" + user + "&date=" + today)
                .json()
                .get("count")
                .asLong())
        .isEqualTo(3);
    assertThat(
            http.get(KEYS + "/usage?api_key_id=" + id + "&date=2001-01-01")
                .json()
                .get("count")
                .asLong())
        .isZero();
    assertThat(http.get(KEYS + "/usage?date=yesterday").status()).isEqualTo(400);
  }

  @Test
  void usage_validatedWhileFlushing_losesNoValidation() throws Exception {
    JsonNode created = create(Map.of());
    String id = created.get("api_key_id").asText();
    String token = created.get("api_key_token").asText();
    String today = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC).toString();
    int threads = 4;
    int each = 60;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads + 1);
    var done = new java.util.concurrent.atomic.AtomicBoolean();
    try {
      // the usage query writes what is pending first: it flushes over and over meanwhile
      var flusher =
          pool.submit(
              () -> {
                while (!done.get()) {
                  http.get(KEYS + "/usage?api_key_id=" + id + "&date=" + today);
                }
              });
      List<java.util.concurrent.Future<?>> validators = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        validators.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    assertThat(validate(token).status()).isEqualTo(200);
                  }
                }));
      }
      for (var v : validators) {
        v.get();
      }
      done.set(true);
      flusher.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(http.get(KEYS + "/" + id).json().get("usage_count").asLong())
        .isEqualTo(threads * each);
    assertThat(
            http.get(KEYS + "/usage?api_key_id=" + id + "&date=" + today)
                .json()
                .get("count")
                .asLong())
        .isEqualTo(threads * each);
  }

  @Test
  void usage_ofMoreKeysThanOneFlushChunk_isWrittenWhole() {
    String user = createUser(http, email());
    int keys = 501; // UsageRecorder writes 500 keys per transaction
    for (int i = 0; i < keys; i++) {
      assertThat(validate(create(Map.of("user_id", user)).get("api_key_token").asText()).status())
          .isEqualTo(200);
    }
    String today = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC).toString();
    assertThat(
            http.get(KEYS + "/usage?user_id=" + user + "&date=" + today)
                .json()
                .get("count")
                .asLong())
        .isEqualTo(keys);
  }

  @Test
  void usage_acrossUtcMidnight_isCountedOnEachDay() {
    JsonNode created = create(Map.of());
    String id = created.get("api_key_id").asText();
    String token = created.get("api_key_token").asText();
    LocalDate first = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC);
    validate(token);
    validate(token);
    long untilMidnight = first.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now();
    server.clock().advance(Duration.ofSeconds(untilMidnight + 1));
    for (int i = 0; i < 3; i++) {
      validate(token);
    }
    assertThat(http.get(KEYS + "/" + id).json().get("usage_count").asLong()).isEqualTo(5);
    assertThat(
            http.get(KEYS + "/usage?api_key_id=" + id + "&date=" + first)
                .json()
                .get("count")
                .asLong())
        .isEqualTo(2);
    assertThat(
            http.get(KEYS + "/usage?api_key_id=" + id + "&date=" + first.plusDays(1))
                .json()
                .get("count")
                .asLong())
        .isEqualTo(3);
  }

  @Test
  void importedKeys_validateOnlyThroughValidateImported() {
    String user = createUser(http, email());
    String legacy = "legacy-" + UUID.randomUUID();
    var imported =
        http.post(
            KEYS + "/import", RawHttp.json(Map.of("imported_api_key", legacy, "user_id", user)));
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    String id = imported.json().get("api_key_id").asText();
    var v = http.post(KEYS + "/validate_imported", RawHttp.json(Map.of("api_key_token", legacy)));
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.json().get("user").get("user_id").asText()).isEqualTo(user);
    assertInvalid(validate(legacy));
    assertThat(http.get(KEYS + "/" + id).json().get("imported").asBoolean()).isTrue();
    assertThat(
            http.post(KEYS + "/import", RawHttp.json(Map.of("imported_api_key", legacy))).status())
        .isEqualTo(400);
    assertThat(
            http.post(KEYS + "/import", RawHttp.json(Map.of("imported_api_key", "short")))
                .json()
                .has("imported_api_key"))
        .isTrue();
  }

  @Test
  void currentKeys_filterByOrgUserEmailAndType_andPage() {
    String email = email();
    String user = createUser(http, email);
    String org = createOrg(http, unique("List "));
    addToOrg(http, user, org, "Member");
    create(Map.of("user_id", user));
    create(Map.of("user_id", user));
    create(Map.of("org_id", org));
    assertThat(http.get(KEYS + "?user_id=" + user).json().get("total_api_keys").asLong())
        .isEqualTo(2);
    assertThat(
            http.get(KEYS + "?user_email=" + email.replace("@", "%40"))
                .json()
                .get("total_api_keys")
                .asLong())
        .isEqualTo(2);
    assertThat(http.get(KEYS + "?org_id=" + org).json().get("total_api_keys").asLong())
        .isEqualTo(1);
    assertThat(
            http.get(KEYS + "?user_id=" + user + "&api_key_type=User")
                .json()
                .get("total_api_keys")
                .asLong())
        .isEqualTo(2);
    assertThat(
            http.get(KEYS + "?org_id=" + org + "&api_key_type=Org")
                .json()
                .get("total_api_keys")
                .asLong())
        .isEqualTo(1);
    var page = http.get(KEYS + "?user_id=" + user + "&page_size=1&page_number=1").json();
    assertThat(page.get("api_keys").size()).isEqualTo(1);
    assertThat(page.get("current_page").asInt()).isEqualTo(1);
    assertThat(page.get("has_more_results").asBoolean()).isFalse();
    assertThat(http.get(KEYS + "?api_key_type=Robot").status()).isEqualTo(400);
    assertThat(
            http.get(KEYS + "?user_email=nobody-" + UUID.randomUUID() + "%40example.com")
                .json()
                .get("total_api_keys")
                .asLong())
        .isZero();
  }

  @Test
  void usageOfAKeyDeletedWithItsUser_doesNotBlockWritingOtherKeysUsage() {
    String gone = createUser(http, email());
    String goneToken = create(Map.of("user_id", gone)).get("api_key_token").asText();
    validate(goneToken);
    http.delete("/api/backend/v1/user/" + gone);
    JsonNode other = create(Map.of());
    validate(other.get("api_key_token").asText());
    String today = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC).toString();
    assertThat(
            http.get(
                    KEYS
                        + "/usage?api_key_id="
                        + other.get("api_key_id").asText()
                        + "&date="
                        + today)
                .json()
                .get("count")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void tokens_areNeverStored_onlyTheirDigest() throws Exception {
    String token = create(Map.of()).get("api_key_token").asText();
    assertThat(dev.latchkey.server.testing.DatabaseDump.contains(server, token)).isFalse();
    assertThat(dev.latchkey.server.testing.DatabaseDump.contains(server, token.substring(3, 20)))
        .isFalse();
  }

  @Test
  void validationAnswer_neverContainsTheToken_andErrorsNeverEchoIt() {
    String token = create(Map.of()).get("api_key_token").asText();
    assertThat(validate(token).body()).doesNotContain(token);
    String wrong = token.substring(0, token.length() - 1) + (token.endsWith("a") ? "b" : "a");
    assertThat(validate(wrong).body()).doesNotContain(wrong);
  }
}
