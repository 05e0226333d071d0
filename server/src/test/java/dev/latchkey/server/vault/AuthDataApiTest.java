package dev.latchkey.server.vault;

import static dev.latchkey.server.vault.VaultFixtures.as;
import static dev.latchkey.server.vault.VaultFixtures.openAiKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The DynamoAI view, {@code /user-auth/...}, over the same store as the OpenRouter view. */
@ParameterizedClass
@MethodSource("kinds")
class AuthDataApiTest {
  static final String AUTH = "/user-auth/auth-data";
  @Parameter String kind;
  TestServer server;
  RawHttp http;
  RawHttp user;
  String userId;
  String email;

  static List<String> kinds() {
    return DatabaseKinds.available("AuthDataApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
    email = Fixtures.email();
    userId = Fixtures.createUser(http, email);
    user = as(server, VaultFixtures.accessToken(http, userId));
  }

  private JsonNode createCloud(RawHttp as, String name, String provider, String key) {
    var r =
        as.post(
            AUTH,
            RawHttp.json(
                Map.of(
                    "authType",
                    "REMOTE_CLOUD",
                    "providerType",
                    provider,
                    "name",
                    name,
                    "authConfig",
                    Map.of("apiKey", key))));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private String createSystem(RawHttp as, String provider, List<Object> authIds, Object primary) {
    var r =
        as.post(
            "/api/v1/ai_systems",
            RawHttp.json(
                Map.of(
                    "name",
                    Fixtures.unique("model"),
                    "provider",
                    provider,
                    "model",
                    "gpt-4o",
                    "auth_data_ids",
                    authIds,
                    "primary_auth_data_id",
                    primary)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("data").get("id").asText();
  }

  @Test
  void createCloudAuthData_returnsTheRecord_masked_andBothViewsSeeIt() throws Exception {
    String key = openAiKey();
    JsonNode rec = createCloud(user, "Primary OpenAI", "openai", key);
    assertThat(rec.get("authId").isIntegralNumber()).isTrue();
    assertThat(rec.get("name").asText()).isEqualTo("Primary OpenAI");
    assertThat(rec.get("authType").asText()).isEqualTo("REMOTE_CLOUD");
    assertThat(rec.get("providerType").asText()).isEqualTo("openai");
    assertThat(rec.get("authConfig").get("apiKey").asText())
        .isEqualTo("sk-..." + key.substring(key.length() - 4));
    assertThat(rec.get("mUserId").asText()).isEqualTo(userId);
    assertThat(rec.toString()).doesNotContain(key);
    assertThat(DatabaseDump.contains(server, key)).isFalse();

    long authId = rec.get("authId").asLong();
    String id = rec.get("id").asText();
    JsonNode byok = user.get("/api/v1/byok/" + id).json().get("data");
    assertThat(byok.get("auth_id").asLong()).isEqualTo(authId);
    assertThat(byok.get("name").asText()).isEqualTo("Primary OpenAI");

    JsonNode got = user.get(AUTH + "/" + authId).json();
    assertThat(got.get("authData").get("authId").asLong()).isEqualTo(authId);
    assertThat(got.get("mappings")).isEmpty();
  }

  @Test
  void dynamoProviderNames_mapToOpenRouterSlugs_andBack() {
    String bedrock = "AKIA" + "ABCDEFGHIJKLMNOP" + ":" + VaultFixtures.random(40);
    JsonNode rec = createCloud(user, "Bedrock", "bedrock", bedrock);
    assertThat(rec.get("providerType").asText()).isEqualTo("bedrock");
    JsonNode byok = user.get("/api/v1/byok/" + rec.get("id").asText()).json().get("data");
    assertThat(byok.get("provider").asText()).isEqualTo("amazon-bedrock");
    JsonNode grouped =
        user.get("/user-auth/auth-data-and-model-association?providerType=bedrock").json();
    assertThat(grouped.get("remoteCloud").get(0).get("provider").asText()).isEqualTo("bedrock");
  }

  @Test
  void groupedListing_byAuthTypeThenProvider_withFiltersAndMappings() {
    JsonNode a = createCloud(user, "A", "openai", openAiKey());
    JsonNode b = createCloud(user, "B", "openai", openAiKey());
    JsonNode c = createCloud(user, "C", "anthropic", VaultFixtures.anthropicKey());
    var custom =
        user.post(
            AUTH,
            RawHttp.json(
                Map.of(
                    "authType",
                    "REMOTE_CUSTOM",
                    "providerType",
                    "custom_model",
                    "name",
                    "My endpoint",
                    "authConfig",
                    Map.of("headerName", "X-Api-Key", "headerValue", "custom-secret-1234567"))));
    assertThat(custom.status()).as(custom.body()).isEqualTo(201);
    assertThat(custom.body()).doesNotContain("custom-secret-1234567");
    String system =
        createSystem(
            user,
            "openai",
            List.of(a.get("authId").asLong(), b.get("authId").asLong()),
            a.get("authId").asLong());

    JsonNode all = user.get("/user-auth/auth-data-and-model-association").json();
    assertThat(all.get("userMetadata").get("_id").asText()).isEqualTo(userId);
    assertThat(all.get("userMetadata").get("email").asText()).isEqualTo(email);
    JsonNode cloud = all.get("remoteCloud");
    assertThat(cloud).hasSize(2);
    JsonNode openai =
        cloud.get(0).get("provider").asText().equals("openai") ? cloud.get(0) : cloud.get(1);
    assertThat(openai.get("authData")).hasSize(2);
    JsonNode first = openai.get("authData").get(0);
    assertThat(first.get("authId").asLong()).isEqualTo(a.get("authId").asLong());
    assertThat(first.get("aiSystems")).hasSize(1);
    JsonNode mapping = first.get("aiSystems").get(0);
    assertThat(mapping.get("mAiSystemId").asText()).isEqualTo(system);
    assertThat(mapping.get("isPrimary").asBoolean()).isTrue();
    assertThat(mapping.get("mappingId").isIntegralNumber()).isTrue();
    assertThat(mapping.get("aiSystemMetadata").get("key").asText()).isEqualTo(system);
    assertThat(openai.get("authData").get(1).get("aiSystems").get(0).get("isPrimary").asBoolean())
        .isFalse();
    assertThat(all.get("remoteCustom")).hasSize(1);
    assertThat(all.get("remoteCustom").get(0).get("provider").asText()).isEqualTo("custom_model");
    assertThat(all.toString()).doesNotContain("custom-secret-1234567");

    JsonNode onlyAnthropic =
        user.get("/user-auth/auth-data-and-model-association?providerType=anthropic").json();
    assertThat(onlyAnthropic.get("remoteCloud")).hasSize(1);
    assertThat(
            onlyAnthropic.get("remoteCloud").get(0).get("authData").get(0).get("authId").asLong())
        .isEqualTo(c.get("authId").asLong());
    assertThat(onlyAnthropic.get("remoteCustom")).isEmpty();
    JsonNode onlyCustom =
        user.get("/user-auth/auth-data-and-model-association?authType=REMOTE_CUSTOM").json();
    assertThat(onlyCustom.get("remoteCloud")).isEmpty();
    assertThat(onlyCustom.get("remoteCustom")).hasSize(1);

    var badType = user.get("/user-auth/auth-data-and-model-association?providerType=skynet");
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().get("statusCode").asInt()).isEqualTo(400);
    assertThat(badType.json().get("message").asText()).contains("providerType");
    assertThat(user.get("/user-auth/auth-data-and-model-association?authType=LOCAL").status())
        .isEqualTo(400);
  }

  @Test
  void edit_renamesAndRotates_andRefusesABadKeyWithoutChangingAnything() {
    JsonNode rec = createCloud(user, "Old", "openai", openAiKey());
    long authId = rec.get("authId").asLong();
    String rotated = openAiKey();
    var r =
        user.post(
            AUTH + "/" + authId,
            RawHttp.json(
                Map.of("name", "Prod OpenAI Key", "authConfig", Map.of("apiKey", rotated))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("name").asText()).isEqualTo("Prod OpenAI Key");
    assertThat(r.json().get("authConfig").get("apiKey").asText())
        .endsWith(rotated.substring(rotated.length() - 4));
    assertThat(r.body()).doesNotContain(rotated);

    var renameOnly = user.post(AUTH + "/" + authId, RawHttp.json(Map.of("name", "Just a name")));
    assertThat(renameOnly.json().get("authConfig").get("apiKey").asText())
        .endsWith(rotated.substring(rotated.length() - 4));

    var bad =
        user.post(
            AUTH + "/" + authId,
            RawHttp.json(Map.of("name", "New", "authConfig", Map.of("apiKey", "nope"))));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).contains("authConfig.apiKey");
    assertThat(user.get(AUTH + "/" + authId).json().get("authData").get("name").asText())
        .isEqualTo("Just a name");

    assertThat(user.post(AUTH + "/abc", "{}").status()).isEqualTo(400);
    assertThat(user.post(AUTH + "/999999999", "{}").status()).isEqualTo(404);
  }

  @Test
  void createRefusesBadInput_namingTheField() {
    record Case(Map<String, Object> body, String field) {}
    List<Case> cases =
        List.of(
            new Case(
                Map.of(
                    "providerType", "openai", "name", "x", "authConfig", Map.of("apiKey", "nope")),
                "authConfig.apiKey"),
            new Case(
                Map.of(
                    "providerType",
                    "skynet",
                    "name",
                    "x",
                    "authConfig",
                    Map.of("apiKey", openAiKey())),
                "providerType"),
            new Case(
                Map.of("providerType", "openai", "authConfig", Map.of("apiKey", openAiKey())),
                "name"),
            new Case(Map.of("providerType", "openai", "name", "x"), "authConfig"),
            new Case(
                Map.of(
                    "authType",
                    "LOCAL",
                    "providerType",
                    "openai",
                    "name",
                    "x",
                    "authConfig",
                    Map.of("apiKey", openAiKey())),
                "authType"),
            new Case(
                Map.of(
                    "authType",
                    "REMOTE_CUSTOM",
                    "providerType",
                    "custom_model",
                    "name",
                    "x",
                    "authConfig",
                    Map.of("blob", "x".repeat(20_000))),
                "authConfig"));
    for (Case c : cases) {
      var r = user.post(AUTH, RawHttp.json(c.body()));
      assertThat(r.status()).as(c + " " + r.body()).isEqualTo(400);
      assertThat(r.json().get("field_errors").has(c.field())).as(r.body()).isTrue();
    }
    assertThat(user.get("/user-auth/auth-data-and-model-association").json().get("remoteCloud"))
        .isEmpty();
  }

  @Test
  void mappings_addRemove_andRemovingThePrimaryPromotesTheNext() {
    long a = createCloud(user, "A", "openai", openAiKey()).get("authId").asLong();
    long b = createCloud(user, "B", "openai", openAiKey()).get("authId").asLong();
    long c = createCloud(user, "C", "openai", openAiKey()).get("authId").asLong();
    String s1 = createSystem(user, "openai", List.of(a), a);
    String s2 = createSystem(user, "openai", List.of(b), b);

    var added =
        user.post(
            AUTH + "/" + b + "/mappings", RawHttp.json(Map.of("aiSystemsToAdd", List.of(s1))));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get("added")).hasSize(1);
    assertThat(added.json().get("added").get(0).asText()).isEqualTo(s1);
    user.post(AUTH + "/" + c + "/mappings", RawHttp.json(Map.of("aiSystemsToAdd", List.of(s1))));

    var removed =
        user.post(
            AUTH + "/" + a + "/mappings", RawHttp.json(Map.of("aiSystemsToRemove", List.of(s1))));
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.json().get("removed").get(0).asText()).isEqualTo(s1);
    assertThat(removed.json().get("promotions").get(s1).asLong()).isEqualTo(b);
    JsonNode system = user.get("/api/v1/ai_systems/" + s1).json().get("data");
    assertThat(system.get("primary_auth_data_id").asLong()).isEqualTo(b);
    assertThat(system.get("auth_data_ids")).hasSize(2);

    // deleting a key that is some system's only key leaves that system without a primary
    var deleted = user.delete(AUTH + "/" + b);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
    assertThat(deleted.json().get("message").asText()).isNotBlank();
    assertThat(deleted.json().get("promotions").get(s1).asLong()).isEqualTo(c);
    assertThat(deleted.json().get("promotions").get(s2).isNull()).isTrue();
    assertThat(user.get(AUTH + "/" + b).status()).isEqualTo(404);

    var unknown =
        user.post(
            AUTH + "/" + c + "/mappings",
            RawHttp.json(Map.of("aiSystemsToAdd", List.of(s2, "nope"))));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("field_errors").has("aiSystemsToAdd[1]")).isTrue();
    assertThat(user.get(AUTH + "/" + c).json().get("mappings")).hasSize(1);

    long anthropic =
        createCloud(user, "Claude", "anthropic", VaultFixtures.anthropicKey())
            .get("authId")
            .asLong();
    var wrongProvider =
        user.post(
            AUTH + "/" + anthropic + "/mappings",
            RawHttp.json(Map.of("aiSystemsToAdd", List.of(s1))));
    assertThat(wrongProvider.status()).isEqualTo(400);
  }

  @Test
  void anotherUsersAuthData_isA404() {
    long mine = createCloud(user, "Mine", "openai", openAiKey()).get("authId").asLong();
    RawHttp other =
        as(server, VaultFixtures.accessToken(http, Fixtures.createUser(http, Fixtures.email())));
    assertThat(other.get(AUTH + "/" + mine).status()).isEqualTo(404);
    assertThat(other.post(AUTH + "/" + mine, RawHttp.json(Map.of("name", "stolen"))).status())
        .isEqualTo(404);
    assertThat(other.delete(AUTH + "/" + mine).status()).isEqualTo(404);
    assertThat(other.post(AUTH + "/" + mine + "/mappings", "{}").status()).isEqualTo(404);
    assertThat(other.get("/user-auth/auth-data-and-model-association").json().get("remoteCloud"))
        .isEmpty();
    assertThat(user.get(AUTH + "/" + mine).json().get("authData").get("name").asText())
        .isEqualTo("Mine");
  }
}
