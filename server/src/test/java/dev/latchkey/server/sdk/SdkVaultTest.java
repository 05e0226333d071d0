package dev.latchkey.server.sdk;

import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.client.AiSystem;
import dev.latchkey.client.AiSystemSource;
import dev.latchkey.client.AiSystemsPage;
import dev.latchkey.client.AuthData;
import dev.latchkey.client.AuthDataAssociations;
import dev.latchkey.client.AuthDataMapping;
import dev.latchkey.client.AuthDataWithMappings;
import dev.latchkey.client.AuthMappingsUpdate;
import dev.latchkey.client.AuthType;
import dev.latchkey.client.ByokKey;
import dev.latchkey.client.ByokKeyQuery;
import dev.latchkey.client.ByokKeysPage;
import dev.latchkey.client.CreateAiSystemRequest;
import dev.latchkey.client.CreateApiKeyRequest;
import dev.latchkey.client.CreateByokKeyRequest;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.DeletedAuthData;
import dev.latchkey.client.DeletedByokKey;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.ResolveRequest;
import dev.latchkey.client.ResolvedProviderKey;
import dev.latchkey.client.ResolvedProviderKeys;
import dev.latchkey.client.UpdateAiSystemRequest;
import dev.latchkey.client.UpdateByokKeyRequest;
import dev.latchkey.client.UpdatedAiSystem;
import dev.latchkey.client.Workspace;
import dev.latchkey.client.WorkspaceOwnerType;
import dev.latchkey.client.WorkspacesPage;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.TestServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's provider-key vault methods against the real server over real HTTP, on every configured
 * database: both views of the store, AI systems, workspaces and resolve, with every credential kind
 * the vault admits and both error envelopes. Each test works in workspaces of its own.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkVaultTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;
  String ws;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkVaultTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client = as(TestServer.MANAGEMENT_KEY);
    ws = client.createWorkspace(unique("sdk-ws ")).id();
  }

  LatchkeyClient as(String credential) {
    return LatchkeyClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey(credential)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  static String random(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  /** A fresh key that passes the OpenAI format rule. */
  static String openAiKey() {
    return "sk-proj-" + random(40);
  }

  static String anthropicKey() {
    return "sk-ant-api03-" + random(40);
  }

  static String masked(String key) {
    return "sk-..." + key.substring(key.length() - 4);
  }

  String newUser() {
    return client.createUser(
        CreateUserRequest.builder(unique("vault") + "@example.com").emailConfirmed(true).build());
  }

  String newOrg() {
    return client.createOrg(CreateOrgRequest.builder(unique("Vault Org ")).build()).orgId();
  }

  String accessToken(String userId) {
    return client.createAccessToken(userId, 60).orElseThrow();
  }

  ByokKey openAi(String key) {
    return client.createByokKey(
        CreateByokKeyRequest.builder("openai", key).workspaceId(ws).build());
  }

  AiSystem system(long... authIds) {
    return client.createAiSystem(
        CreateAiSystemRequest.builder(unique("model "))
            .provider("openai")
            .model("gpt-4o")
            .workspaceId(ws)
            .authDataIds(authIds)
            .primaryAuthDataId(authIds[0])
            .build());
  }

  static LatchkeyException refused(Runnable call) {
    LatchkeyException e = catchThrowableOfType(LatchkeyException.class, call::run);
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  static void assertInvalid(LatchkeyException e, String field) {
    assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
    assertThat(e.errorCode()).as(e.getMessage()).contains("invalid_request");
    assertThat(e.fieldErrors()).as(e.getMessage()).containsKey(field);
    assertThat(e.fieldErrors().get(field)).isNotEmpty();
    assertThat(e.userFacingError())
        .as(e.getMessage())
        .hasValueSatisfying(m -> assertThat(m).contains(field));
  }

  // ---- DynamoAI view

  @Test
  void createCloudAuthData_asAUser_isMaskedInBothViews_andNeverShowsTheKey() {
    String user = newUser();
    LatchkeyClient asUser = as(accessToken(user));
    String key = openAiKey();

    AuthData created = asUser.createCloudAuthData("Primary OpenAI", "openai", key);

    assertThat(created.authId()).isPositive();
    assertThat(created.id()).matches("[0-9a-f-]{36}");
    assertThat(created.name()).isEqualTo("Primary OpenAI");
    assertThat(created.authType()).isEqualTo(AuthType.REMOTE_CLOUD);
    assertThat(created.providerType()).isEqualTo("openai");
    assertThat(created.authConfig()).containsExactly(Map.entry("apiKey", masked(key)));
    assertThat(created.mUserId()).isEqualTo(user);
    assertThat(created.createdAt()).isNotNull();
    assertThat(created.updatedAt()).isNotNull();
    assertThat(created.toString()).doesNotContain(key);

    Workspace personal = asUser.getWorkspace(created.workspaceId()).orElseThrow();
    assertThat(personal.ownerType()).isEqualTo(WorkspaceOwnerType.USER);
    assertThat(personal.ownerId()).isEqualTo(user);
    assertThat(personal.isDefault()).isTrue();

    ByokKey same = asUser.getByokKey(created.id()).orElseThrow();
    assertThat(same.authId()).isEqualTo(created.authId());
    assertThat(same.label()).isEqualTo(masked(key));
    assertThat(same.toString()).doesNotContain(key);

    AuthDataWithMappings got = asUser.getAuthData(created.authId()).orElseThrow();
    assertThat(got.authData()).isEqualTo(created);
    assertThat(got.mappings()).isEmpty();
  }

  @Test
  void createCloudAuthData_inAWorkspace_andCustomConfigs_andDynamoProviderNames() {
    String bedrockKey = "AKIA" + "ABCDEFGHIJKLMNOP" + ":" + random(40);
    AuthData bedrock = client.createCloudAuthData("Bedrock", "bedrock", bedrockKey, ws);
    assertThat(bedrock.workspaceId()).isEqualTo(ws);
    assertThat(bedrock.providerType()).isEqualTo("bedrock");
    assertThat(client.getByokKey(bedrock.id()).orElseThrow().provider())
        .isEqualTo("amazon-bedrock");

    AuthData custom =
        client.createCustomAuthData(
            "My endpoint",
            "custom_model",
            Map.of("headerName", "X-Api-Key", "headerValue", "custom-secret-1234567"),
            ws);
    assertThat(custom.authType()).isEqualTo(AuthType.REMOTE_CUSTOM);
    assertThat(custom.providerType()).isEqualTo("custom_model");
    assertThat(custom.authConfig()).containsOnlyKeys("masked");
    assertThat(custom.toString()).doesNotContain("custom-secret-1234567");
    assertThat(client.getByokKey(custom.id()).orElseThrow().authType())
        .isEqualTo(AuthType.REMOTE_CUSTOM);
  }

  @Test
  void getUserAuthDataAndAssociations_groupsByTypeAndProvider_withMappingsAndFilters() {
    String user = newUser();
    String email = client.fetchUserMetadataByUserId(user, false).orElseThrow().email();
    LatchkeyClient asUser = as(accessToken(user));
    AuthData a = asUser.createCloudAuthData("A", "openai", openAiKey());
    AuthData b = asUser.createCloudAuthData("B", "openai", openAiKey());
    AuthData c = asUser.createCloudAuthData("C", "anthropic", anthropicKey());
    asUser.createCustomAuthData(
        "Custom", "custom_model", Map.of("token", "custom-secret-7654321"), null);
    AiSystem s =
        asUser.createAiSystem(
            CreateAiSystemRequest.builder("chat")
                .provider("openai")
                .authDataIds(a.authId(), b.authId())
                .primaryAuthDataId(a.authId())
                .build());

    AuthDataAssociations all = asUser.getUserAuthDataAndAssociations(null, null);
    assertThat(all.userMetadata().id()).isEqualTo(user);
    assertThat(all.userMetadata().email()).isEqualTo(email);
    assertThat(all.workspaceId()).isEqualTo(a.workspaceId());
    assertThat(all.remoteCloud())
        .extracting(AuthDataAssociations.ProviderGroup::provider)
        .containsExactlyInAnyOrder("openai", "anthropic");
    AuthDataAssociations.ProviderGroup openai =
        all.remoteCloud().stream().filter(g -> g.provider().equals("openai")).findFirst().get();
    assertThat(openai.authData())
        .extracting(AuthDataAssociations.Entry::authId)
        .containsExactly(a.authId(), b.authId());
    AuthDataMapping mapping = openai.authData().get(0).aiSystems().get(0);
    assertThat(mapping.mAiSystemId()).isEqualTo(s.id());
    assertThat(mapping.isPrimary()).isTrue();
    assertThat(mapping.mappingId()).isPositive();
    assertThat(mapping.aiSystemMetadata().key()).isEqualTo(s.id());
    assertThat(mapping.aiSystemMetadata().source()).isEqualTo(AiSystemSource.REMOTE);
    assertThat(openai.authData().get(1).aiSystems().get(0).isPrimary()).isFalse();
    assertThat(all.remoteCustom()).hasSize(1);
    assertThat(all.toString()).doesNotContain("custom-secret-7654321");

    AuthDataAssociations onlyAnthropic = asUser.getUserAuthDataAndAssociations(null, "anthropic");
    assertThat(onlyAnthropic.remoteCloud()).hasSize(1);
    assertThat(onlyAnthropic.remoteCloud().get(0).authData().get(0).authId()).isEqualTo(c.authId());
    assertThat(onlyAnthropic.remoteCustom()).isEmpty();
    AuthDataAssociations onlyCustom =
        asUser.getUserAuthDataAndAssociations(AuthType.REMOTE_CUSTOM, null);
    assertThat(onlyCustom.remoteCloud()).isEmpty();
    assertThat(onlyCustom.remoteCustom()).hasSize(1);

    // the management key, in another workspace, names no user
    AuthDataAssociations managed =
        client.getUserAuthDataAndAssociations(null, null, "user:" + user);
    assertThat(managed.userMetadata().id()).isNull();
    assertThat(managed.workspaceId()).isEqualTo(a.workspaceId());
    assertThat(managed.remoteCloud()).hasSize(2);

    // NestJS's envelope, parsed
    assertInvalid(
        refused(() -> asUser.getUserAuthDataAndAssociations(null, "skynet")), "providerType");
    assertInvalid(
        refused(() -> client.getUserAuthDataAndAssociations(null, null, UUID.randomUUID() + "")),
        "workspaceId");
  }

  @Test
  void editAuthData_renamesAndRotates_andABadKeyIsA400NamingTheFieldInNestsEnvelope() {
    AuthData rec = client.createCloudAuthData("Old", "openai", openAiKey(), ws);
    String rotated = openAiKey();

    AuthData edited = client.editAuthData(rec.authId(), "Prod OpenAI Key", rotated).orElseThrow();
    assertThat(edited.name()).isEqualTo("Prod OpenAI Key");
    assertThat(edited.authConfig()).containsEntry("apiKey", masked(rotated));
    assertThat(edited.id()).isEqualTo(rec.id());

    AuthData renamed = client.editAuthData(rec.authId(), "Just a name", null).orElseThrow();
    assertThat(renamed.authConfig()).containsEntry("apiKey", masked(rotated));
    AuthData unchanged = client.editAuthData(rec.authId(), null, null).orElseThrow();
    assertThat(unchanged.name()).isEqualTo("Just a name");

    String bad = "sk-short";
    LatchkeyException e = refused(() -> client.editAuthData(rec.authId(), "New", bad));
    assertInvalid(e, "authConfig.apiKey");
    assertThat(e.body()).contains("\"statusCode\":400").doesNotContain(bad);
    assertThat(e.getMessage()).startsWith("POST /user-auth/auth-data/" + rec.authId() + " failed");
    assertThat(client.getAuthData(rec.authId()).orElseThrow().authData().name())
        .isEqualTo("Just a name");

    AuthData custom =
        client.createCustomAuthData("Custom", "custom_model", Map.of("token", "one-secret"), ws);
    AuthData customEdited =
        client
            .editCustomAuthData(custom.authId(), null, Map.of("token2", "two-secret"))
            .orElseThrow();
    assertThat(customEdited.authConfig().get("masked").toString()).contains("token2");

    assertThat(client.editAuthData(999_999_999L, "x", null)).isEmpty();
    assertThat(client.editCustomAuthData(999_999_999L, "x", null)).isEmpty();
  }

  @Test
  void createAuthData_badInput_isA400NamingTheField_andStoresNothing() {
    assertInvalid(
        refused(() -> client.createCloudAuthData("x", "openai", "nope", ws)), "authConfig.apiKey");
    assertInvalid(
        refused(() -> client.createCloudAuthData("x", "skynet", openAiKey(), ws)), "providerType");
    assertInvalid(refused(() -> client.createCloudAuthData("", "openai", openAiKey(), ws)), "name");
    assertInvalid(
        refused(
            () ->
                client.createCustomAuthData(
                    "x", "custom_model", Map.of("blob", "x".repeat(20_000)), ws)),
        "authConfig");
    assertThat(client.getUserAuthDataAndAssociations(null, null, ws).remoteCloud()).isEmpty();
  }

  @Test
  void updateAuthMappingsOnAuthData_addsRemovesAndPromotes_andDeleteAuthDataPromotesToo() {
    long a = client.createCloudAuthData("A", "openai", openAiKey(), ws).authId();
    long b = client.createCloudAuthData("B", "openai", openAiKey(), ws).authId();
    long c = client.createCloudAuthData("C", "openai", openAiKey(), ws).authId();
    String s1 = system(a).id();
    String s2 = system(b).id();

    AuthMappingsUpdate added =
        client.updateAuthMappingsOnAuthData(b, List.of(s1), List.of()).orElseThrow();
    assertThat(added.added()).containsExactly(s1);
    assertThat(added.removed()).isEmpty();
    assertThat(added.promotions()).isEmpty();
    AuthMappingsUpdate again =
        client.updateAuthMappingsOnAuthData(b, List.of(s1), List.of()).orElseThrow();
    assertThat(again.added()).isEmpty();
    client.updateAuthMappingsOnAuthData(c, List.of(s1), List.of()).orElseThrow();

    AuthMappingsUpdate removed =
        client.updateAuthMappingsOnAuthData(a, List.of(), List.of(s1)).orElseThrow();
    assertThat(removed.removed()).containsExactly(s1);
    assertThat(removed.promotions()).containsExactly(Map.entry(s1, b));
    AiSystem after = client.getAiSystem(s1).orElseThrow();
    assertThat(after.primaryAuthDataId()).isEqualTo(b);
    assertThat(after.authDataIds()).containsExactly(b, c);

    DeletedAuthData deleted = client.deleteAuthData(b).orElseThrow();
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.message()).isNotBlank();
    assertThat(deleted.promotions()).containsEntry(s1, c).containsEntry(s2, null).hasSize(2);
    assertThat(client.getAuthData(b)).isEmpty();
    assertThat(client.deleteAuthData(b)).isEmpty();
    assertThat(client.getAiSystem(s2).orElseThrow().primaryAuthDataId()).isNull();

    // all or nothing: one unknown AI system and nothing is mapped
    LatchkeyException e =
        refused(() -> client.updateAuthMappingsOnAuthData(c, List.of(s2, "nope"), List.of()));
    assertInvalid(e, "aiSystemsToAdd[1]");
    assertThat(client.getAuthData(c).orElseThrow().mappings())
        .extracting(AuthDataMapping::mAiSystemId)
        .containsExactly(s1);
    long claude = client.createCloudAuthData("Claude", "anthropic", anthropicKey(), ws).authId();
    assertThat(
            refused(() -> client.updateAuthMappingsOnAuthData(claude, List.of(s1), List.of()))
                .status())
        .isEqualTo(400);
    assertThat(client.updateAuthMappingsOnAuthData(999_999_999L, List.of(s1), List.of())).isEmpty();
  }

  // ---- OpenRouter view

  @Test
  void createByokKey_withEveryField_andGet() {
    String user = newUser();
    String apiKeyId =
        client.createApiKey(CreateApiKeyRequest.builder().userId(user).build()).apiKeyId();
    String wsOfUser = client.createWorkspace(unique("user-ws "), null, user).id();
    String key = openAiKey();

    ByokKey k =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", key)
                .name("Prod")
                .workspaceId(wsOfUser)
                .disabled(true)
                .isRequired(true)
                .isByokOnly(true)
                .declaredZdr(true)
                .allowedModels(List.of("openai/gpt-4o", "openai/gpt-4o-mini"))
                .allowedApiKeyHashes(List.of(apiKeyId))
                .allowedUserIds(List.of(user))
                .sortOrder(7)
                .build());

    assertThat(k.id()).matches("[0-9a-f-]{36}");
    assertThat(k.provider()).isEqualTo("openai");
    assertThat(k.label()).isEqualTo(masked(key));
    assertThat(k.name()).isEqualTo("Prod");
    assertThat(k.workspaceId()).isEqualTo(wsOfUser);
    assertThat(k.disabled()).isTrue();
    assertThat(k.isFallback()).isFalse();
    assertThat(k.isRequired()).isTrue();
    assertThat(k.isByokOnly()).isTrue();
    assertThat(k.declaredZdr()).isTrue();
    assertThat(k.allowedModels()).containsExactly("openai/gpt-4o", "openai/gpt-4o-mini");
    assertThat(k.allowedApiKeyHashes()).containsExactly(apiKeyId);
    assertThat(k.allowedUserIds()).containsExactly(user);
    assertThat(k.sortOrder()).isEqualTo(7);
    assertThat(k.authId()).isPositive();
    assertThat(k.authType()).isEqualTo(AuthType.REMOTE_CLOUD);
    assertThat(k.createdAt()).isNotNull();
    assertThat(k.toString()).doesNotContain(key);
    assertThat(client.getByokKey(k.id())).contains(k);

    ByokKey plain = openAi(openAiKey());
    assertThat(plain.declaredZdr()).isNull();
    assertThat(plain.allowedModels()).isNull();
    assertThat(plain.allowedApiKeyHashes()).isNull();
    assertThat(plain.allowedUserIds()).isNull();

    assertThat(client.getByokKey(UUID.randomUUID().toString())).isEmpty();
    assertThat(client.getByokKey("not-a-uuid")).isEmpty();
  }

  @Test
  void createByokKey_badInput_isA400NamingTheField_inOpenRoutersEnvelope_withoutTheKey() {
    String tooShort = "sk-short";
    LatchkeyException e =
        refused(
            () ->
                client.createByokKey(
                    CreateByokKeyRequest.builder("openai", tooShort).workspaceId(ws).build()));
    assertInvalid(e, "key");
    assertThat(e.body()).contains("\"error\":{\"code\":400").doesNotContain(tooShort);
    assertThat(e.getMessage())
        .startsWith("POST /api/v1/byok failed: HTTP 400 invalid_request: key:");

    String openAi = openAiKey();
    LatchkeyException wrongProvider =
        refused(
            () ->
                client.createByokKey(
                    CreateByokKeyRequest.builder("anthropic", openAi).workspaceId(ws).build()));
    assertInvalid(wrongProvider, "key");
    assertThat(wrongProvider.getMessage()).doesNotContain(openAi);
    assertThat(wrongProvider.toString()).doesNotContain(openAi);

    assertInvalid(
        refused(
            () ->
                client.createByokKey(
                    CreateByokKeyRequest.builder("openai", openAiKey())
                        .workspaceId(ws)
                        .isFallback(true)
                        .isByokOnly(true)
                        .build())),
        "is_byok_only");
    assertInvalid(
        refused(
            () ->
                client.createByokKey(
                    CreateByokKeyRequest.builder("openai", openAiKey())
                        .workspaceId(ws)
                        .allowedUserIds(List.of(UUID.randomUUID().toString()))
                        .build())),
        "allowed_user_ids[0]");
    assertInvalid(
        refused(
            () ->
                client.createByokKey(
                    CreateByokKeyRequest.builder("Not A Slug!", openAiKey())
                        .workspaceId(ws)
                        .build())),
        "provider");
    assertInvalid(
        refused(
            () ->
                client.createByokKey(
                    CreateByokKeyRequest.builder("openai", openAiKey())
                        .workspaceId(UUID.randomUUID().toString())
                        .build())),
        "workspace_id");
    assertThat(client.listByokKeys(ByokKeyQuery.builder().workspaceId(ws).build()).totalCount())
        .isZero();
  }

  @Test
  void updateByokKey_explicitNullClears_absentKeeps_andKeyRotatesInPlace() {
    String user = newUser();
    String apiKeyId =
        client.createApiKey(CreateApiKeyRequest.builder().userId(user).build()).apiKeyId();
    String userWs = client.createWorkspace(unique("u "), null, user).id();
    ByokKey k =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", openAiKey())
                .workspaceId(userWs)
                .name("Original")
                .declaredZdr(true)
                .allowedModels(List.of("gpt-4o"))
                .allowedApiKeyHashes(List.of(apiKeyId))
                .allowedUserIds(List.of(user))
                .build());

    // clearing one allowlist leaves the others as they were
    ByokKey cleared =
        client
            .updateByokKey(k.id(), UpdateByokKeyRequest.builder().clearAllowedModels().build())
            .orElseThrow();
    assertThat(cleared.allowedModels()).isNull();
    assertThat(cleared.allowedApiKeyHashes()).containsExactly(apiKeyId);
    assertThat(cleared.allowedUserIds()).containsExactly(user);
    assertThat(cleared.declaredZdr()).isTrue();
    assertThat(cleared.name()).isEqualTo("Original");

    String rotated = openAiKey();
    ByokKey updated =
        client
            .updateByokKey(
                k.id(),
                UpdateByokKeyRequest.builder()
                    .name("Renamed")
                    .key(rotated)
                    .clearDeclaredZdr()
                    .clearAllowedApiKeyHashes()
                    .clearAllowedUserIds()
                    .sortOrder(3)
                    .disabled(true)
                    .isFallback(true)
                    .build())
            .orElseThrow();
    assertThat(updated.id()).isEqualTo(k.id());
    assertThat(updated.authId()).isEqualTo(k.authId());
    assertThat(updated.name()).isEqualTo("Renamed");
    assertThat(updated.label()).isEqualTo(masked(rotated));
    assertThat(updated.declaredZdr()).isNull();
    assertThat(updated.allowedApiKeyHashes()).isNull();
    assertThat(updated.allowedUserIds()).isNull();
    assertThat(updated.sortOrder()).isEqualTo(3);
    assertThat(updated.disabled()).isTrue();
    assertThat(updated.isFallback()).isTrue();
    assertThat(updated.toString()).doesNotContain(rotated);

    // setting them again, and an empty update changes nothing
    ByokKey again =
        client
            .updateByokKey(
                k.id(),
                UpdateByokKeyRequest.builder()
                    .allowedModels(List.of("a", "b"))
                    .declaredZdr(false)
                    .build())
            .orElseThrow();
    assertThat(again.allowedModels()).containsExactly("a", "b");
    assertThat(again.declaredZdr()).isFalse();
    ByokKey same =
        client.updateByokKey(k.id(), UpdateByokKeyRequest.builder().build()).orElseThrow();
    assertThat(same.allowedModels()).containsExactly("a", "b");
    assertThat(same.name()).isEqualTo("Renamed");

    String bad = "sk-nope";
    LatchkeyException e =
        refused(
            () -> client.updateByokKey(k.id(), UpdateByokKeyRequest.builder().key(bad).build()));
    assertInvalid(e, "key");
    assertThat(e.body()).doesNotContain(bad);
    assertInvalid(
        refused(
            () ->
                client.updateByokKey(
                    k.id(),
                    UpdateByokKeyRequest.builder().isFallback(true).isByokOnly(true).build())),
        "is_byok_only");
    assertThat(client.getByokKey(k.id()).orElseThrow().isByokOnly()).isFalse();
    assertThat(
            client.updateByokKey(
                UUID.randomUUID().toString(), UpdateByokKeyRequest.builder().name("x").build()))
        .isEmpty();
  }

  @Test
  void listByokKeys_pagesByOffset_filtersByProvider_andListAllByokKeysReadsEveryPage() {
    Set<String> openai = new HashSet<>();
    for (int i = 0; i < 103; i++) {
      openai.add(openAi(openAiKey()).id());
    }
    String claude =
        client
            .createByokKey(
                CreateByokKeyRequest.builder("anthropic", anthropicKey()).workspaceId(ws).build())
            .id();

    ByokKeysPage first = client.listByokKeys(ByokKeyQuery.builder().workspaceId(ws).build());
    assertThat(first.data()).hasSize(50);
    assertThat(first.totalCount()).isEqualTo(104);

    List<String> seen = new ArrayList<>();
    for (long offset = 0; ; offset += 40) {
      ByokKeysPage page =
          client.listByokKeys(
              ByokKeyQuery.builder()
                  .workspaceId(ws)
                  .provider("openai")
                  .limit(40)
                  .offset(offset)
                  .build());
      assertThat(page.totalCount()).isEqualTo(103);
      page.data().forEach(k -> seen.add(k.id()));
      if (page.data().size() < 40) {
        break;
      }
    }
    assertThat(seen).hasSize(103).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(openai);

    List<ByokKey> all = client.listAllByokKeys(ws, null);
    assertThat(all).hasSize(104).extracting(ByokKey::id).doesNotHaveDuplicates().contains(claude);
    assertThat(client.listAllByokKeys(ws, "openai"))
        .extracting(ByokKey::id)
        .containsExactlyElementsOf(seen);
    assertThat(client.listAllByokKeys(ws, "anthropic"))
        .extracting(ByokKey::id)
        .containsExactly(claude);
    assertThat(client.listAllByokKeys(ws, "mistral")).isEmpty();

    assertInvalid(
        refused(
            () -> client.listByokKeys(ByokKeyQuery.builder().workspaceId(ws).limit(500).build())),
        "limit");
    assertInvalid(
        refused(
            () -> client.listByokKeys(ByokKeyQuery.builder().workspaceId(ws).offset(-1).build())),
        "offset");
    assertInvalid(
        refused(
            () ->
                client.listByokKeys(
                    ByokKeyQuery.builder().workspaceId(UUID.randomUUID().toString()).build())),
        "workspace_id");
  }

  @Test
  void deleteByokKey_wipesIt_reportsPromotions_andThenItIsGone() {
    ByokKey a = openAi(openAiKey());
    ByokKey b = openAi(openAiKey());
    AiSystem shared = system(a.authId(), b.authId());
    AiSystem alone = system(a.authId());

    DeletedByokKey deleted = client.deleteByokKey(a.id()).orElseThrow();
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.id()).isEqualTo(a.id());
    assertThat(deleted.promotions())
        .containsEntry(shared.id(), b.authId())
        .containsEntry(alone.id(), null)
        .hasSize(2);
    assertThat(client.getByokKey(a.id())).isEmpty();
    assertThat(client.getAuthData(a.authId())).isEmpty();
    assertThat(client.deleteByokKey(a.id())).isEmpty();
    assertThat(client.updateByokKey(a.id(), UpdateByokKeyRequest.builder().build())).isEmpty();

    DeletedByokKey quiet = client.deleteByokKey(openAi(openAiKey()).id()).orElseThrow();
    assertThat(quiet.promotions()).isEmpty();
  }

  // ---- AI systems

  @Test
  void aiSystems_createListGetUpdateDelete() {
    ByokKey a = openAi(openAiKey());
    ByokKey b = openAi(openAiKey());
    ByokKey c = openAi(openAiKey());

    AiSystem s =
        client.createAiSystem(
            CreateAiSystemRequest.builder("chat")
                .provider("openai")
                .model("gpt-4o")
                .modelType("chat")
                .endpoint("https://api.openai.com/v1")
                .apiVersion("2024-06-01")
                .workspaceId(ws)
                .authDataIds(List.of(String.valueOf(a.authId()), b.id()))
                .primaryAuthDataId(a.id())
                .build());
    assertThat(s.id()).matches("[0-9a-f-]{36}");
    assertThat(s.workspaceId()).isEqualTo(ws);
    assertThat(s.name()).isEqualTo("chat");
    assertThat(s.source()).isEqualTo(AiSystemSource.REMOTE);
    assertThat(s.provider()).isEqualTo("openai");
    assertThat(s.model()).isEqualTo("gpt-4o");
    assertThat(s.modelType()).isEqualTo("chat");
    assertThat(s.endpoint()).isEqualTo("https://api.openai.com/v1");
    assertThat(s.apiVersion()).isEqualTo("2024-06-01");
    assertThat(s.primaryAuthDataId()).isEqualTo(a.authId());
    assertThat(s.authDataIds()).containsExactly(a.authId(), b.authId());
    assertThat(s.keys()).extracting(AiSystem.MappedKey::id).containsExactly(a.id(), b.id());
    assertThat(s.keys().get(0).isPrimary()).isTrue();
    assertThat(s.keys().get(0).label()).isEqualTo(a.label());
    assertThat(s.createdAt()).isNotNull();
    assertThat(client.getAiSystem(s.id())).contains(s);

    AiSystem local =
        client.createAiSystem(
            CreateAiSystemRequest.builder("local")
                .source(AiSystemSource.LOCAL)
                .provider("openai")
                .workspaceId(ws)
                .build());
    assertThat(local.source()).isEqualTo(AiSystemSource.LOCAL);
    assertThat(local.authDataIds()).isEmpty();
    assertThat(local.primaryAuthDataId()).isNull();

    AiSystemsPage page = client.listAiSystems(ws, 1, 0);
    assertThat(page.totalCount()).isEqualTo(2);
    assertThat(page.data()).hasSize(1);
    assertThat(client.listAiSystems(ws, 100, 0).data())
        .extracting(AiSystem::id)
        .containsExactlyInAnyOrder(s.id(), local.id());
    assertThat(client.listAiSystems(ws, 100, 2).data()).isEmpty();

    // replacing the mappings without the primary promotes the first
    UpdatedAiSystem replaced =
        client
            .updateAiSystem(
                s.id(), UpdateAiSystemRequest.builder().authDataIds(c.authId(), b.authId()).build())
            .orElseThrow();
    assertThat(replaced.data().primaryAuthDataId()).isEqualTo(c.authId());
    assertThat(replaced.data().authDataIds()).containsExactly(c.authId(), b.authId());
    assertThat(replaced.promotions()).containsExactly(Map.entry(s.id(), c.authId()));

    // moving the primary on purpose, renaming, and clearing with null
    UpdatedAiSystem moved =
        client
            .updateAiSystem(
                s.id(),
                UpdateAiSystemRequest.builder()
                    .primaryAuthDataId(b.authId())
                    .name("renamed")
                    .clearModel()
                    .clearEndpoint()
                    .clearApiVersion()
                    .build())
            .orElseThrow();
    assertThat(moved.data().primaryAuthDataId()).isEqualTo(b.authId());
    assertThat(moved.data().name()).isEqualTo("renamed");
    assertThat(moved.data().model()).isNull();
    assertThat(moved.data().endpoint()).isNull();
    assertThat(moved.data().apiVersion()).isNull();
    assertThat(moved.data().modelType()).isEqualTo("chat");
    assertThat(moved.promotions()).isEmpty();

    assertInvalid(
        refused(
            () ->
                client.updateAiSystem(
                    s.id(), UpdateAiSystemRequest.builder().primaryAuthDataId(a.authId()).build())),
        "primary_auth_data_id");
    assertInvalid(
        refused(
            () ->
                client.updateAiSystem(
                    s.id(), UpdateAiSystemRequest.builder().authDataIds(List.of()).build())),
        "auth_data_ids");
    assertInvalid(
        refused(
            () ->
                client.updateAiSystem(
                    s.id(), UpdateAiSystemRequest.builder().endpoint("ftp://x").build())),
        "endpoint");
    assertThat(client.getAiSystem(s.id()).orElseThrow().authDataIds()).hasSize(2);
    assertThat(
            client.updateAiSystem(
                UUID.randomUUID().toString(), UpdateAiSystemRequest.builder().name("x").build()))
        .isEmpty();

    assertThat(client.deleteAiSystem(s.id())).isTrue();
    assertThat(client.deleteAiSystem(s.id())).isFalse();
    assertThat(client.getAiSystem(s.id())).isEmpty();
    assertThat(client.getByokKey(a.id())).isPresent();
  }

  @Test
  void createAiSystem_badInput_isA400NamingTheField() {
    ByokKey a = openAi(openAiKey());
    CreateAiSystemRequest.Builder base =
        CreateAiSystemRequest.builder("m").provider("openai").workspaceId(ws);
    assertInvalid(refused(() -> client.createAiSystem(base.build())), "auth_data_ids");
    assertInvalid(
        refused(() -> client.createAiSystem(base.authDataIds(a.authId()).build())),
        "primary_auth_data_id");
    assertInvalid(
        refused(
            () ->
                client.createAiSystem(
                    base.authDataIds(999_999_999L).primaryAuthDataId(999_999_999L).build())),
        "auth_data_ids[0]");
    assertInvalid(
        refused(
            () ->
                client.createAiSystem(
                    CreateAiSystemRequest.builder("m")
                        .provider("anthropic")
                        .workspaceId(ws)
                        .authDataIds(a.authId())
                        .primaryAuthDataId(a.authId())
                        .build())),
        "auth_data_ids[0]");
    assertThat(client.listAiSystems(ws, 10, 0).totalCount()).isZero();
  }

  // ---- workspaces

  @Test
  void workspaces_listCreateGetRenameDelete() {
    String org = newOrg();
    Workspace created = client.createWorkspace(unique("org ws "), org, null);
    assertThat(created.ownerType()).isEqualTo(WorkspaceOwnerType.ORG);
    assertThat(created.ownerId()).isEqualTo(org);
    assertThat(created.isDefault()).isFalse();
    assertThat(created.createdAt()).isNotNull();

    WorkspacesPage ofOrg = client.listWorkspaces(WorkspaceOwnerType.ORG, org, 100, 0);
    assertThat(ofOrg.totalCount()).isEqualTo(2);
    assertThat(ofOrg.data()).extracting(Workspace::id).contains(created.id());
    assertThat(ofOrg.data()).filteredOn(Workspace::isDefault).hasSize(1);
    assertThat(client.listWorkspaces(WorkspaceOwnerType.ORG, org, 1, 1).data()).hasSize(1);
    assertThat(client.listWorkspaces(WorkspaceOwnerType.PROJECT, null, 100, 0).data())
        .extracting(Workspace::id)
        .contains(ws);

    Workspace renamed = client.renameWorkspace(created.id(), "Renamed").orElseThrow();
    assertThat(renamed.name()).isEqualTo("Renamed");
    assertThat(client.getWorkspace(created.id()).orElseThrow().name()).isEqualTo("Renamed");

    // a workspace that holds keys, or a default one, cannot be deleted: 409 in the envelope
    ByokKey k = openAi(openAiKey());
    LatchkeyException holding = refused(() -> client.deleteWorkspace(ws));
    assertThat(holding.status()).isEqualTo(409);
    assertThat(holding.errorCode()).contains("conflict");
    assertThat(holding.userFacingError())
        .hasValueSatisfying(m -> assertThat(m).contains("1 provider key(s)"));
    client.deleteByokKey(k.id());
    String orgDefault =
        ofOrg.data().stream().filter(Workspace::isDefault).findFirst().orElseThrow().id();
    assertThat(refused(() -> client.deleteWorkspace(orgDefault)).status()).isEqualTo(409);

    assertThat(client.deleteWorkspace(created.id())).isTrue();
    assertThat(client.deleteWorkspace(created.id())).isFalse();
    assertThat(client.getWorkspace(created.id())).isEmpty();
    assertThat(client.renameWorkspace(created.id(), "x")).isEmpty();
    assertThat(client.getWorkspace("org:" + org)).isEmpty();

    assertInvalid(
        refused(() -> client.createWorkspace("x", UUID.randomUUID().toString(), null)), "org_id");
    assertInvalid(refused(() -> client.createWorkspace("")), "name");
  }

  // ---- resolve

  @Test
  void resolveProviderKeys_forAnAiSystem_inUseOrder_withLimit_andToStringShowsNoKey() {
    String gatewayKey = client.createManagementKey("gateway", true).key();
    LatchkeyClient gateway = as(gatewayKey);
    String[] keys = new String[5];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = openAiKey();
    }
    ByokKey late =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", keys[0]).workspaceId(ws).sortOrder(5).build());
    ByokKey first =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", keys[1]).workspaceId(ws).sortOrder(1).build());
    ByokKey fallback =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", keys[2])
                .workspaceId(ws)
                .isFallback(true)
                .build());
    ByokKey disabled =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", keys[3]).workspaceId(ws).disabled(true).build());
    ByokKey otherModel =
        client.createByokKey(
            CreateByokKeyRequest.builder("openai", keys[4])
                .workspaceId(ws)
                .allowedModels(List.of("gpt-3.5"))
                .build());
    AiSystem s =
        system(
            late.authId(),
            fallback.authId(),
            first.authId(),
            disabled.authId(),
            otherModel.authId());

    ResolvedProviderKeys r = gateway.resolveProviderKeys(s.id());
    assertThat(r.aiSystemId()).isEqualTo(s.id());
    assertThat(r.workspaceId()).isEqualTo(ws);
    assertThat(r.provider()).isEqualTo("openai");
    assertThat(r.model()).isEqualTo("gpt-4o");
    assertThat(r.undecryptable()).isEmpty();
    assertThat(r.allowSharedCapacity()).isTrue();
    assertThat(r.keys()).noneMatch(k -> k.isRequired() || k.isByokOnly());
    assertThat(r.keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[0], keys[1], keys[2]);
    ResolvedProviderKey primary = r.keys().get(0);
    assertThat(primary.id()).isEqualTo(late.id());
    assertThat(primary.authId()).isEqualTo(late.authId());
    assertThat(primary.isPrimary()).isTrue();
    assertThat(primary.label()).isEqualTo(masked(keys[0]));
    assertThat(primary.authType()).isEqualTo(AuthType.REMOTE_CLOUD);
    assertThat(primary.authConfig()).isNull();
    assertThat(r.keys().get(2).isFallback()).isTrue();
    String printed = r.toString();
    for (String key : keys) {
      assertThat(printed).doesNotContain(key);
    }
    assertThat(printed).contains("[redacted]").contains(masked(keys[0]));

    assertThat(gateway.resolveProviderKeys(ResolveRequest.aiSystem(s.id()).limit(1).build()).keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[0]);
    assertThat(
            gateway
                .resolveProviderKeys(ResolveRequest.aiSystem(s.id()).model("gpt-3.5").build())
                .keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[0], keys[4], keys[1], keys[2]);

    // a change through the SDK shows at once
    client.updateByokKey(late.id(), UpdateByokKeyRequest.builder().disabled(true).build());
    assertThat(gateway.resolveProviderKeys(s.id()).keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[1], keys[2]);
  }

  @Test
  void resolveProviderKeys_byProviderModelAndWorkspace_honoursApiKeyAndUserAllowlists() {
    LatchkeyClient gateway = as(client.createManagementKey("gateway", true).key());
    String user = newUser();
    String apiKeyId =
        client.createApiKey(CreateApiKeyRequest.builder().userId(user).build()).apiKeyId();
    String userWs = client.createWorkspace(unique("gw "), null, user).id();
    String[] keys = {openAiKey(), openAiKey(), openAiKey(), openAiKey()};
    client.createByokKey(
        CreateByokKeyRequest.builder("openai", keys[0]).workspaceId(userWs).sortOrder(1).build());
    client.createByokKey(
        CreateByokKeyRequest.builder("openai", keys[1])
            .workspaceId(userWs)
            .sortOrder(2)
            .allowedApiKeyHashes(List.of(apiKeyId))
            .build());
    client.createByokKey(
        CreateByokKeyRequest.builder("openai", keys[2])
            .workspaceId(userWs)
            .sortOrder(3)
            .allowedUserIds(List.of(user))
            .build());
    client.createByokKey(
        CreateByokKeyRequest.builder("openai", keys[3])
            .workspaceId(userWs)
            .isFallback(true)
            .sortOrder(-9)
            .build());

    ResolvedProviderKeys anonymous =
        gateway.resolveProviderKeys(
            ResolveRequest.provider("openai").model("gpt-4o").workspaceId(userWs).build());
    assertThat(anonymous.aiSystemId()).isNull();
    assertThat(anonymous.workspaceId()).isEqualTo(userWs);
    assertThat(anonymous.model()).isEqualTo("gpt-4o");
    assertThat(anonymous.keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[0], keys[3]);
    assertThat(
            gateway
                .resolveProviderKeys(
                    ResolveRequest.provider("openai")
                        .workspaceId(userWs)
                        .apiKeyId(apiKeyId)
                        .userId(user)
                        .build())
                .keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[0], keys[1], keys[2], keys[3]);
    assertThat(
            gateway
                .resolveProviderKeys(
                    ResolveRequest.provider("openai").workspaceId(userWs).userId(user).build())
                .keys())
        .extracting(ResolvedProviderKey::key)
        .containsExactly(keys[0], keys[2], keys[3]);
    assertThat(
            gateway
                .resolveProviderKeys(
                    ResolveRequest.provider("anthropic").workspaceId(userWs).build())
                .keys())
        .isEmpty();
  }

  @Test
  void resolveProviderKeys_customConfig_comesBackWhole_butNotInToString() {
    LatchkeyClient gateway = as(client.createManagementKey("gateway", true).key());
    AuthData custom =
        client.createCustomAuthData(
            "Custom",
            "custom_model",
            Map.of("headerName", "X-Api-Key", "headerValue", "custom-secret-1234567"),
            ws);

    ResolvedProviderKeys r =
        gateway.resolveProviderKeys(
            ResolveRequest.provider("custom_model").workspaceId(ws).build());

    assertThat(r.keys()).hasSize(1);
    ResolvedProviderKey k = r.keys().get(0);
    assertThat(k.authId()).isEqualTo(custom.authId());
    assertThat(k.authType()).isEqualTo(AuthType.REMOTE_CUSTOM);
    assertThat(k.key()).isNull();
    assertThat(k.authConfig())
        .containsEntry("headerName", "X-Api-Key")
        .containsEntry("headerValue", "custom-secret-1234567");
    assertThat(r.toString()).doesNotContain("custom-secret-1234567");
  }

  @Test
  void resolveProviderKeys_needsTheDecryptPermission_andAnUnknownSystemIsA404() {
    String key = openAiKey();
    String id = system(openAi(key).authId()).id();

    // the bootstrap key may decrypt; a key made without can_decrypt may not
    LatchkeyClient ops = as(client.createManagementKey("ops").key());
    assertThat(ops.getAiSystem(id)).isPresent();
    LatchkeyException plain = refused(() -> ops.resolveProviderKeys(id));
    assertThat(plain.status()).isEqualTo(403);
    assertThat(plain.errorCode()).contains("decrypt_not_allowed");
    assertThat(plain.userFacingError()).hasValueSatisfying(m -> assertThat(m).contains("decrypt"));
    assertThat(plain.fieldErrors()).isEmpty();
    assertThat(plain.body()).doesNotContain(key);
    assertThat(plain.getMessage()).startsWith("POST /api/v1/resolve failed: HTTP 403");

    LatchkeyException user = refused(() -> as(accessToken(newUser())).resolveProviderKeys(id));
    assertThat(user.status()).isEqualTo(401);
    assertThat(user.body()).doesNotContain(key);

    LatchkeyClient gateway = as(client.createManagementKey("gateway", true).key());
    LatchkeyException unknown =
        refused(() -> gateway.resolveProviderKeys(UUID.randomUUID().toString()));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).contains("not_found");
    assertInvalid(
        refused(
            () -> gateway.resolveProviderKeys(ResolveRequest.aiSystem(id).workspaceId(ws).build())),
        "ai_system_id");
    assertInvalid(
        refused(
            () ->
                gateway.resolveProviderKeys(
                    ResolveRequest.provider("openai").workspaceId(ws).limit(0).build())),
        "limit");
  }

  // ---- credentials other than the management key

  @Test
  void everyCredentialKind_seesOnlyItsOwnWorkspaces_andAnotherTenantsKeyIsEmpty() {
    String alice = newUser();
    String bob = newUser();
    String carol = newUser();
    String org = newOrg();
    client.addUserToOrg(alice, org, "Admin");
    client.addUserToOrg(carol, org, "Member");
    LatchkeyClient asAlice = as(accessToken(alice));
    LatchkeyClient asBob =
        as(client.createApiKey(CreateApiKeyRequest.builder().userId(bob).build()).apiKeyToken());
    LatchkeyClient asCarol = as(accessToken(carol));
    LatchkeyClient asOrgKey =
        as(client.createApiKey(CreateApiKeyRequest.builder().orgId(org).build()).apiKeyToken());

    ByokKey alicePersonal =
        asAlice.createByokKey(CreateByokKeyRequest.builder("openai", openAiKey()).build());
    ByokKey bobPersonal =
        asBob.createByokKey(CreateByokKeyRequest.builder("openai", openAiKey()).build());
    ByokKey aliceForOrg =
        asAlice.createByokKey(
            CreateByokKeyRequest.builder("openai", openAiKey()).workspaceId("org:" + org).build());
    AuthData orgKeyMade = asOrgKey.createCloudAuthData("Claude", "anthropic", anthropicKey());

    assertThat(asAlice.listAllByokKeys(null, null))
        .extracting(ByokKey::id)
        .containsExactly(alicePersonal.id());
    assertThat(asBob.listAllByokKeys(null, null))
        .extracting(ByokKey::id)
        .containsExactly(bobPersonal.id());
    assertThat(asOrgKey.listAllByokKeys(null, null))
        .extracting(ByokKey::id)
        .containsExactlyInAnyOrder(aliceForOrg.id(), orgKeyMade.id());
    assertThat(asAlice.listAllByokKeys("org:" + org, null)).hasSize(2);
    assertThat(asAlice.listWorkspaces(null, null, 100, 0).data())
        .extracting(Workspace::ownerType)
        .containsExactlyInAnyOrder(WorkspaceOwnerType.USER, WorkspaceOwnerType.ORG);

    assertThat(asBob.getByokKey(alicePersonal.id())).isEmpty();
    assertThat(
            asBob.updateByokKey(
                alicePersonal.id(), UpdateByokKeyRequest.builder().name("x").build()))
        .isEmpty();
    assertThat(asBob.deleteByokKey(alicePersonal.id())).isEmpty();
    assertThat(asBob.getAuthData(alicePersonal.authId())).isEmpty();
    assertThat(asBob.deleteAuthData(alicePersonal.authId())).isEmpty();
    assertThat(asOrgKey.getByokKey(alicePersonal.id())).isEmpty();
    assertThat(asAlice.getAuthData(orgKeyMade.authId())).isPresent();
    // a Member lacks latchkey::can_manage_provider_keys
    assertThat(asCarol.getByokKey(aliceForOrg.id())).isEmpty();
    assertInvalid(refused(() -> asCarol.listAllByokKeys("org:" + org, null)), "workspace_id");
    // the management key reaches everything
    assertThat(client.getByokKey(bobPersonal.id())).isPresent();
    assertThat(client.listAllByokKeys("user:" + alice, null))
        .extracting(ByokKey::id)
        .containsExactly(alicePersonal.id());

    // a vault-only client: the rest of the backend API refuses a non-management credential
    assertThat(refused(() -> asAlice.fetchUserMetadataByUserId(alice, false)).status())
        .isEqualTo(401);
    LatchkeyException bad =
        refused(() -> as("lk_mgmt_nonsense_0123456789abcdef").listAllByokKeys(null, null));
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.userFacingError()).isPresent();
  }
}
