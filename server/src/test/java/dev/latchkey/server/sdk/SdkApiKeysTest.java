package dev.latchkey.server.sdk;

import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.client.ApiKeyCredits;
import dev.latchkey.client.ApiKeyFull;
import dev.latchkey.client.ApiKeyQuery;
import dev.latchkey.client.ApiKeyRateLimit;
import dev.latchkey.client.ApiKeyRefill;
import dev.latchkey.client.ApiKeyType;
import dev.latchkey.client.ApiKeyValidation;
import dev.latchkey.client.ApiKeysPage;
import dev.latchkey.client.CreateApiKeyRequest;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.CreatedApiKey;
import dev.latchkey.client.ImportApiKeyRequest;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.UpdateApiKeyRequest;
import dev.latchkey.server.testing.DatabaseKinds;
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

/**
 * The SDK's issued-API-key methods against the real server over real HTTP, on every configured
 * database. Each test makes its own users, orgs and keys on the shared server, and keeps its
 * invalid validations few: the server throttles them per client address.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkApiKeysTest {
  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkApiKeysTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client =
        LatchkeyClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey(TestServer.MANAGEMENT_KEY)
            .timeout(Duration.ofSeconds(10))
            .build();
  }

  long now() {
    return server.clock().instant().getEpochSecond();
  }

  String newUser() {
    return client.createUser(
        CreateUserRequest.builder(unique("keys") + "@example.com").emailConfirmed(true).build());
  }

  String newOrg() {
    return client.createOrg(CreateOrgRequest.builder(unique("Keys Org ")).build()).orgId();
  }

  CreatedApiKey personalKey(String user) {
    return client.createApiKey(CreateApiKeyRequest.builder().userId(user).build());
  }

  static void assertRefused(LatchkeyException e, int status, String field, String message) {
    assertThat(e).as("refused").isNotNull();
    assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
    assertThat(e.fieldErrors()).containsEntry(field, List.of(message));
  }

  @Test
  void createPersonalKey_fetchAndValidate_returnEverythingGiven() {
    String user = newUser();
    long expires = now() + 3600;
    CreatedApiKey created =
        client.createApiKey(
            CreateApiKeyRequest.builder()
                .userId(user)
                .expiresAtSeconds(expires)
                .metadata(Map.of("plan", "pro", "seats", 3))
                .displayName("CI")
                .build());

    assertThat(created.apiKeyId()).matches("^[0-9a-f]{32}$");
    assertThat(created.apiKeyToken()).startsWith("lk_");
    assertThat(created.toString()).doesNotContain(created.apiKeyToken()).contains("[redacted]");

    ApiKeyFull full = client.fetchApiKey(created.apiKeyId()).orElseThrow();
    assertThat(full.apiKeyId()).isEqualTo(created.apiKeyId());
    assertThat(full.userId()).isEqualTo(user);
    assertThat(full.orgId()).isNull();
    assertThat(full.expiresAtSeconds()).isEqualTo(expires);
    assertThat(full.metadata()).containsEntry("plan", "pro").containsEntry("seats", 3);
    assertThat(full.displayName()).isEqualTo("CI");
    assertThat(full.enabled()).isTrue();
    assertThat(full.archived()).isFalse();
    assertThat(full.imported()).isFalse();
    assertThat(full.start()).isEqualTo(created.apiKeyToken().substring(0, 7));
    assertThat(full.credits()).isNull();
    assertThat(full.ratelimits()).isEmpty();
    assertThat(full.createdAt()).isEqualTo(now());

    ApiKeyValidation v = client.validateApiKey("Bearer " + created.apiKeyToken());
    assertThat(v.apiKeyId()).isEqualTo(created.apiKeyId());
    assertThat(v.user().orElseThrow().userId()).isEqualTo(user);
    assertThat(v.org()).isEmpty();
    assertThat(v.userInOrg()).isEmpty();
    assertThat(v.metadata()).containsEntry("plan", "pro");
    assertThat(v.isPersonal()).isTrue();
    assertThat(client.validatePersonalApiKey(created.apiKeyToken()).user()).isPresent();
    assertRefused(
        catchThrowableOfType(
            LatchkeyException.class, () -> client.validateOrgApiKey(created.apiKeyToken())),
        400,
        "api_key_token",
        "Not an org API Key");
  }

  @Test
  void orgKey_validatesWithOrgAndMembership_andIsNotPersonal() {
    String user = newUser();
    String org = newOrg();
    client.addUserToOrg(user, org, "Admin");
    String token =
        client
            .createApiKey(CreateApiKeyRequest.builder().orgId(org).userId(user).build())
            .apiKeyToken();

    ApiKeyValidation v = client.validateOrgApiKey(token);
    assertThat(v.org().orElseThrow().orgId()).isEqualTo(org);
    assertThat(v.org().orElseThrow().orgName()).startsWith("Keys Org ");
    assertThat(v.user().orElseThrow().userId()).isEqualTo(user);
    assertThat(v.userInOrg().orElseThrow().userRole()).isEqualTo("Admin");
    assertThat(v.isPersonal()).isFalse();
    LatchkeyException notPersonal =
        catchThrowableOfType(LatchkeyException.class, () -> client.validatePersonalApiKey(token));
    assertRefused(notPersonal, 400, "api_key_token", "Not a personal API Key");
    assertThat(notPersonal.getMessage()).doesNotContain(token);
  }

  @Test
  void genericKey_isNeitherPersonalNorOrg() {
    String token = client.createApiKey(CreateApiKeyRequest.builder().build()).apiKeyToken();

    ApiKeyValidation v = client.validateApiKey(token);
    assertThat(v.user()).isEmpty();
    assertThat(v.org()).isEmpty();
    assertThat(v.metadata()).isEmpty();
    assertRefused(
        catchThrowableOfType(LatchkeyException.class, () -> client.validatePersonalApiKey(token)),
        400,
        "api_key_token",
        "Not a personal API Key");
    assertRefused(
        catchThrowableOfType(LatchkeyException.class, () -> client.validateOrgApiKey(token)),
        400,
        "api_key_token",
        "Not an org API Key");
  }

  @Test
  void createApiKey_withUnknownOwnerOrBadLimits_is400NamingTheField() {
    LatchkeyException unknownUser =
        catchThrowableOfType(
            LatchkeyException.class,
            () ->
                client.createApiKey(
                    CreateApiKeyRequest.builder().userId(UUID.randomUUID().toString()).build()));
    assertThat(unknownUser.status()).isEqualTo(400);
    assertThat(unknownUser.fieldErrors()).containsKey("user_id");

    LatchkeyException badLimits =
        catchThrowableOfType(
            LatchkeyException.class,
            () ->
                client.createApiKey(
                    CreateApiKeyRequest.builder()
                        .expiresAtSeconds(now() - 1)
                        .ratelimits(List.of(new ApiKeyRateLimit("burst", 0, 1000)))
                        .credits(ApiKeyCredits.of(5, new ApiKeyRefill("weekly", 5, null)))
                        .build()));
    assertThat(badLimits.status()).isEqualTo(400);
    assertThat(badLimits.fieldErrors())
        .containsKeys("expires_at_seconds", "ratelimits[0].limit", "credits.refill.interval");
  }

  @Test
  void fetchApiKey_unknownOrMalformedId_isEmpty() {
    assertThat(client.fetchApiKey(UUID.randomUUID().toString().replace("-", ""))).isEmpty();
    assertThat(client.fetchApiKey("not-a-key-id")).isEmpty();
  }

  @Test
  void fetchCurrentAndArchivedApiKeys_filterByOwnerAndType_andPage() {
    String user = newUser();
    String email = client.fetchUserMetadataByUserId(user, false).orElseThrow().email();
    String org = newOrg();
    client.addUserToOrg(user, org, "Member");
    CreatedApiKey first = personalKey(user);
    server.clock().advance(Duration.ofSeconds(1));
    CreatedApiKey second = personalKey(user);
    CreatedApiKey orgKey =
        client.createApiKey(CreateApiKeyRequest.builder().orgId(org).userId(user).build());

    ApiKeysPage personal =
        client.fetchCurrentApiKeys(
            ApiKeyQuery.builder().userId(user).apiKeyType(ApiKeyType.USER).build());
    assertThat(personal.apiKeys())
        .extracting(ApiKeyFull::apiKeyId)
        .containsExactly(second.apiKeyId(), first.apiKeyId());
    assertThat(personal.totalApiKeys()).isEqualTo(2);
    assertThat(
            client
                .fetchCurrentApiKeys(ApiKeyQuery.builder().userEmail(email).build())
                .totalApiKeys())
        .isEqualTo(3);
    assertThat(
            client
                .fetchCurrentApiKeys(
                    ApiKeyQuery.builder().orgId(org).apiKeyType(ApiKeyType.ORG).build())
                .apiKeys())
        .extracting(ApiKeyFull::apiKeyId)
        .containsExactly(orgKey.apiKeyId());
    ApiKeysPage page =
        client.fetchCurrentApiKeys(
            ApiKeyQuery.builder().userId(user).pageSize(1).pageNumber(1).build());
    assertThat(page.apiKeys()).hasSize(1);
    assertThat(page.currentPage()).isEqualTo(1);
    assertThat(page.pageSize()).isEqualTo(1);
    assertThat(page.hasMoreResults()).isTrue();

    assertThat(client.deleteApiKey(first.apiKeyId())).isTrue();
    assertThat(client.fetchArchivedApiKeys(ApiKeyQuery.builder().userId(user).build()).apiKeys())
        .extracting(ApiKeyFull::apiKeyId, ApiKeyFull::archived)
        .containsExactly(tuple(first.apiKeyId(), true));
    assertThat(
            client.fetchCurrentApiKeys(ApiKeyQuery.builder().userId(user).build()).totalApiKeys())
        .isEqualTo(2);
  }

  @Test
  void fetchCurrentApiKeys_withMalformedOrgId_is400NamingIt() {
    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.fetchCurrentApiKeys(ApiKeyQuery.builder().orgId("nope").build()));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.fieldErrors()).containsKey("org_id");
  }

  @Test
  void updateApiKey_changesTheGivenFields_andDisablingRefusesTheKeyAtOnce() {
    String user = newUser();
    CreatedApiKey key =
        client.createApiKey(
            CreateApiKeyRequest.builder().userId(user).expiresAtSeconds(now() + 60).build());

    assertThat(
            client.updateApiKey(
                key.apiKeyId(),
                UpdateApiKeyRequest.builder()
                    .setToNeverExpire(true)
                    .metadata(Map.of("tier", "gold"))
                    .displayName("renamed")
                    .ratelimits(List.of(ApiKeyRateLimit.of("minute", 100, Duration.ofMinutes(1))))
                    .credits(ApiKeyCredits.of(50, ApiKeyRefill.monthly(50, 15)))
                    .build()))
        .isTrue();
    ApiKeyFull full = client.fetchApiKey(key.apiKeyId()).orElseThrow();
    assertThat(full.expiresAtSeconds()).isNull();
    assertThat(full.metadata()).isEqualTo(Map.of("tier", "gold"));
    assertThat(full.displayName()).isEqualTo("renamed");
    assertThat(full.ratelimits()).containsExactly(new ApiKeyRateLimit("minute", 100, 60_000));
    assertThat(full.credits()).isEqualTo(ApiKeyCredits.of(50, ApiKeyRefill.monthly(50, 15)));
    assertThat(client.validateApiKey(key.apiKeyToken()).metadata()).containsEntry("tier", "gold");

    assertThat(
            client.updateApiKey(
                key.apiKeyId(),
                UpdateApiKeyRequest.builder()
                    .enabled(false)
                    .credits(ApiKeyCredits.unlimited())
                    .build()))
        .isTrue();
    ApiKeyFull disabled = client.fetchApiKey(key.apiKeyId()).orElseThrow();
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.credits()).isNull();
    assertRefused(
        catchThrowableOfType(
            LatchkeyException.class, () -> client.validateApiKey(key.apiKeyToken())),
        400,
        "api_key_token",
        "Invalid API key");
  }

  @Test
  void updateApiKey_unknownIsFalse_andConflictingExpiryIs400() {
    UpdateApiKeyRequest rename = UpdateApiKeyRequest.builder().displayName("x").build();
    assertThat(client.updateApiKey(UUID.randomUUID().toString().replace("-", ""), rename))
        .isFalse();
    assertThat(client.updateApiKey("nope", rename)).isFalse();
    String id = client.createApiKey(CreateApiKeyRequest.builder().build()).apiKeyId();
    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class,
            () ->
                client.updateApiKey(
                    id,
                    UpdateApiKeyRequest.builder()
                        .setToNeverExpire(true)
                        .expiresAtSeconds(now() + 60)
                        .build()));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.fieldErrors()).containsKey("set_to_never_expire");
  }

  @Test
  void deleteApiKey_refusesTheKeyFromTheNextValidation_andTheSecondTimeIsFalse() {
    CreatedApiKey key = personalKey(newUser());
    assertThat(client.validateApiKey(key.apiKeyToken()).apiKeyId()).isEqualTo(key.apiKeyId());

    assertThat(client.deleteApiKey(key.apiKeyId())).isTrue();
    assertRefused(
        catchThrowableOfType(
            LatchkeyException.class, () -> client.validateApiKey(key.apiKeyToken())),
        400,
        "api_key_token",
        "Invalid API key");
    assertThat(client.deleteApiKey(key.apiKeyId())).isFalse();
    assertThat(client.deleteApiKey("nope")).isFalse();
    assertThat(client.fetchApiKey(key.apiKeyId()).orElseThrow().archived()).isTrue();
  }

  @Test
  void rerollApiKey_givesANewToken_andTheOldOneWorksOnlyForTheGracePeriod() {
    CreatedApiKey original = personalKey(newUser());

    CreatedApiKey graced = client.rerollApiKey(original.apiKeyId(), 60).orElseThrow();
    assertThat(graced.apiKeyId()).isEqualTo(original.apiKeyId());
    assertThat(graced.apiKeyToken()).isNotEqualTo(original.apiKeyToken());
    assertThat(client.validateApiKey(graced.apiKeyToken()).apiKeyId())
        .isEqualTo(original.apiKeyId());
    assertThat(client.validateApiKey(original.apiKeyToken()).apiKeyId())
        .isEqualTo(original.apiKeyId());
    assertThat(client.fetchApiKey(original.apiKeyId()).orElseThrow().previousTokenValidUntil())
        .isEqualTo(now() + 60);

    CreatedApiKey immediate = client.rerollApiKey(original.apiKeyId(), 0).orElseThrow();
    assertThat(client.validateApiKey(immediate.apiKeyToken()).apiKeyId())
        .isEqualTo(original.apiKeyId());
    assertRefused(
        catchThrowableOfType(
            LatchkeyException.class, () -> client.validateApiKey(graced.apiKeyToken())),
        400,
        "api_key_token",
        "Invalid API key");
  }

  @Test
  void rerollApiKey_unknownIsEmpty_andABadGracePeriodIs400() {
    assertThat(client.rerollApiKey(UUID.randomUUID().toString().replace("-", ""), 0)).isEmpty();
    assertThat(client.rerollApiKey("nope", 0)).isEmpty();
    String id = client.createApiKey(CreateApiKeyRequest.builder().build()).apiKeyId();
    LatchkeyException e =
        catchThrowableOfType(LatchkeyException.class, () -> client.rerollApiKey(id, -1));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.fieldErrors()).containsKey("grace_period_seconds");
  }

  @Test
  void importApiKey_isValidatedOnlyAsAnImportedKey_andOnlyOnce() {
    String user = newUser();
    String legacy = "legacy-" + UUID.randomUUID();
    ImportApiKeyRequest request =
        ImportApiKeyRequest.builder(legacy)
            .userId(user)
            .metadata(Map.of("from", "old-system"))
            .displayName("migrated")
            .build();
    assertThat(request.toString()).doesNotContain(legacy);

    String id = client.importApiKey(request);
    assertThat(id).matches("^[0-9a-f]{32}$");
    ApiKeyValidation v = client.validateImportedApiKey(legacy);
    assertThat(v.apiKeyId()).isEqualTo(id);
    assertThat(v.user().orElseThrow().userId()).isEqualTo(user);
    assertThat(v.metadata()).containsEntry("from", "old-system");
    assertThat(client.fetchApiKey(id).orElseThrow().imported()).isTrue();
    assertRefused(
        catchThrowableOfType(LatchkeyException.class, () -> client.validateApiKey(legacy)),
        400,
        "api_key_token",
        "Invalid API key");

    LatchkeyException again =
        catchThrowableOfType(LatchkeyException.class, () -> client.importApiKey(request));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.fieldErrors()).containsKey("imported_api_key");
  }

  @Test
  void fetchApiKeyUsage_countsTodaysSuccessfulValidations() {
    String user = newUser();
    CreatedApiKey key = personalKey(user);
    client.validateApiKey(key.apiKeyToken());
    client.validateApiKey(key.apiKeyToken());

    LocalDate today = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC);
    assertThat(client.fetchApiKeyUsage(null, null, key.apiKeyId(), today)).isEqualTo(2);
    assertThat(client.fetchApiKeyUsage(null, user, null, null)).isEqualTo(2);
    assertThat(client.fetchApiKeyUsage(null, null, key.apiKeyId(), today.minusDays(1))).isZero();
    assertThat(client.fetchApiKey(key.apiKeyId()).orElseThrow().usageCount()).isEqualTo(2);

    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.fetchApiKeyUsage(null, null, "nope", null));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.fieldErrors()).containsKey("api_key_id");
  }

  @Test
  void rateLimitedKey_is429WithWaitSeconds() {
    String token =
        client
            .createApiKey(
                CreateApiKeyRequest.builder()
                    .ratelimits(List.of(ApiKeyRateLimit.of("burst", 1, Duration.ofMinutes(1))))
                    .build())
            .apiKeyToken();
    client.validateApiKey(token);

    LatchkeyException e =
        catchThrowableOfType(LatchkeyException.class, () -> client.validateApiKey(token));
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.errorCode()).contains("rate_limited");
    assertThat(e.waitSeconds()).isPresent();
    assertThat(e.waitSeconds().getAsLong()).isBetween(1L, 60L);
    assertThat(e.getMessage()).doesNotContain(token);
  }

  @Test
  void creditsRunOut_withoutRefillIs400_withRefillIs429UntilTheRefill() {
    String once =
        client
            .createApiKey(CreateApiKeyRequest.builder().credits(ApiKeyCredits.of(1)).build())
            .apiKeyToken();
    client.validateApiKey(once);
    LatchkeyException spent =
        catchThrowableOfType(LatchkeyException.class, () -> client.validateApiKey(once));
    assertThat(spent.status()).isEqualTo(400);
    assertThat(spent.fieldErrors()).containsKey("api_key_token");

    String daily =
        client
            .createApiKey(
                CreateApiKeyRequest.builder()
                    .credits(ApiKeyCredits.of(1, ApiKeyRefill.daily(1)))
                    .build())
            .apiKeyToken();
    client.validateApiKey(daily);
    LatchkeyException waiting =
        catchThrowableOfType(LatchkeyException.class, () -> client.validateApiKey(daily));
    assertThat(waiting.status()).isEqualTo(429);
    assertThat(waiting.waitSeconds()).isPresent();
    assertThat(waiting.waitSeconds().getAsLong()).isBetween(1L, 24L * 3600);
  }
}
