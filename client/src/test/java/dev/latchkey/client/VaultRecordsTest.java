package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.client.internal.WireJson;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form, copies and redaction of the provider-key vault's records. */
class VaultRecordsTest {
  static final String KEY = "sk-proj-SuperSecretProviderKey0123456789abcd";
  final ObjectMapper json = WireJson.mapper();

  @Test
  void updateByokKeyRequest_sendsClearedFieldsAsNull_andLeavesOutWhatIsNotSet() throws Exception {
    UpdateByokKeyRequest r =
        UpdateByokKeyRequest.builder()
            .name("Renamed")
            .clearAllowedModels()
            .clearDeclaredZdr()
            .allowedUserIds(List.of("u1"))
            .sortOrder(3)
            .isFallback(true)
            .build();

    assertThat(json.writeValueAsString(r))
        .isEqualTo(
            "{\"name\":\"Renamed\",\"allowed_models\":null,\"declared_zdr\":null,"
                + "\"allowed_user_ids\":[\"u1\"],\"sort_order\":3,\"is_fallback\":true}");
    assertThat(r.clears("allowed_models")).isTrue();
    assertThat(r.clears("allowed_user_ids")).isFalse();
    assertThat(r.clears("allowed_api_key_hashes")).isFalse();
    assertThat(r.fields()).doesNotContain("allowed_api_key_hashes", "key");
    assertThat(json.writeValueAsString(UpdateByokKeyRequest.builder().build())).isEqualTo("{}");
  }

  @Test
  void updateByokKeyRequest_lastCallWins_setAfterClearAndClearAfterSet() throws Exception {
    UpdateByokKeyRequest r =
        UpdateByokKeyRequest.builder()
            .clearAllowedModels()
            .allowedModels(List.of("m"))
            .allowedApiKeyHashes(List.of("k"))
            .clearAllowedApiKeyHashes()
            .build();

    assertThat(json.writeValueAsString(r))
        .isEqualTo("{\"allowed_models\":[\"m\"],\"allowed_api_key_hashes\":null}");
    assertThatThrownBy(() -> UpdateByokKeyRequest.builder().allowedModels(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("allowedModels");
  }

  @Test
  void updateByokKeyRequest_copiesItsLists_andHidesANewKeyInToString() throws Exception {
    List<String> models = new ArrayList<>(List.of("a"));
    UpdateByokKeyRequest r = UpdateByokKeyRequest.builder().key(KEY).allowedModels(models).build();
    models.add("b");

    assertThat(json.writeValueAsString(r))
        .isEqualTo("{\"key\":\"" + KEY + "\",\"allowed_models\":[\"a\"]}");
    assertThat(r.toString()).doesNotContain(KEY).contains("key=[redacted]").contains("[a]");
    assertThat(r)
        .isEqualTo(UpdateByokKeyRequest.builder().key(KEY).allowedModels(List.of("a")).build());
  }

  @Test
  void createByokKeyRequest_usesOpenRoutersWireNames_andHidesTheKey() throws Exception {
    CreateByokKeyRequest r =
        CreateByokKeyRequest.builder("openai", KEY)
            .name("Prod")
            .workspaceId("org:o1")
            .isFallback(true)
            .declaredZdr(false)
            .allowedApiKeyHashes(List.of("0123"))
            .sortOrder(-2)
            .build();

    assertThat(json.writeValueAsString(r))
        .isEqualTo(
            "{\"provider\":\"openai\",\"key\":\""
                + KEY
                + "\",\"name\":\"Prod\",\"workspace_id\":\"org:o1\",\"is_fallback\":true,"
                + "\"declared_zdr\":false,\"allowed_api_key_hashes\":[\"0123\"],\"sort_order\":-2}");
    assertThat(r.toString()).doesNotContain(KEY).contains("key=[redacted]");
  }

  @Test
  void updateAiSystemRequest_clearsWithNull_andSendsRefsAsText() throws Exception {
    UpdateAiSystemRequest r =
        UpdateAiSystemRequest.builder()
            .clearEndpoint()
            .model("gpt-4o")
            .authDataIds(3, 1)
            .primaryAuthDataId(1)
            .build();

    assertThat(json.writeValueAsString(r))
        .isEqualTo(
            "{\"endpoint\":null,\"model\":\"gpt-4o\",\"auth_data_ids\":[\"3\",\"1\"],"
                + "\"primary_auth_data_id\":\"1\"}");
  }

  @Test
  void createAiSystemRequest_andResolveRequest_useSnakeCase_andLeaveOutNulls() throws Exception {
    assertThat(
            json.writeValueAsString(
                CreateAiSystemRequest.builder("chat")
                    .source(AiSystemSource.REMOTE)
                    .provider("openai")
                    .modelType("chat")
                    .authDataIds(7)
                    .primaryAuthDataId(7)
                    .build()))
        .isEqualTo(
            "{\"name\":\"chat\",\"source\":\"REMOTE\",\"provider\":\"openai\","
                + "\"model_type\":\"chat\",\"auth_data_ids\":[\"7\"],\"primary_auth_data_id\":\"7\"}");
    assertThat(
            json.writeValueAsString(
                ResolveRequest.provider("openai")
                    .workspaceId("project")
                    .apiKeyId("k")
                    .limit(2)
                    .build()))
        .isEqualTo(
            "{\"provider\":\"openai\",\"workspace_id\":\"project\",\"api_key_id\":\"k\",\"limit\":2}");
  }

  @Test
  void createAuthData_isCamelCase_andHidesTheConfig() throws Exception {
    Wire.CreateAuthData body =
        new Wire.CreateAuthData(
            AuthType.REMOTE_CLOUD, "openai", "Prod", Map.of("apiKey", KEY), "user:u1");

    assertThat(json.writeValueAsString(body))
        .isEqualTo(
            "{\"authType\":\"REMOTE_CLOUD\",\"providerType\":\"openai\",\"name\":\"Prod\","
                + "\"authConfig\":{\"apiKey\":\""
                + KEY
                + "\"},\"workspaceId\":\"user:u1\"}");
    assertThat(body.toString()).doesNotContain(KEY);
    assertThat(json.writeValueAsString(new Wire.AuthMappings(List.of("s1"), List.of())))
        .isEqualTo("{\"aiSystemsToAdd\":[\"s1\"],\"aiSystemsToRemove\":[]}");
    assertThat(new Wire.EditAuthData("n", Map.of("apiKey", KEY)).toString()).doesNotContain(KEY);
  }

  @Test
  void byokKey_readsEveryField_keepingNullAllowlistsApartFromEmptyOnes() throws Exception {
    ByokKey k =
        json.readValue(
            "{\"id\":\"i\",\"provider\":\"openai\",\"label\":\"sk-...abcd\",\"name\":null,"
                + "\"disabled\":false,\"is_fallback\":true,\"is_required\":true,"
                + "\"is_byok_only\":false,\"declared_zdr\":null,\"allowed_models\":[],"
                + "\"allowed_api_key_hashes\":null,\"allowed_user_ids\":[\"u\"],\"sort_order\":4,"
                + "\"workspace_id\":\"w\",\"created_at\":\"2026-01-02T03:04:05Z\","
                + "\"updated_at\":\"2026-01-02T03:04:06Z\",\"auth_id\":12,"
                + "\"auth_type\":\"REMOTE_CLOUD\",\"future_field\":1}",
            ByokKey.class);

    assertThat(k.isFallback()).isTrue();
    assertThat(k.isRequired()).isTrue();
    assertThat(k.isByokOnly()).isFalse();
    assertThat(k.declaredZdr()).isNull();
    assertThat(k.allowedModels()).isEmpty();
    assertThat(k.allowedApiKeyHashes()).isNull();
    assertThat(k.allowedUserIds()).containsExactly("u");
    assertThat(k.sortOrder()).isEqualTo(4);
    assertThat(k.authId()).isEqualTo(12);
    assertThat(k.authType()).isEqualTo(AuthType.REMOTE_CLOUD);
    assertThat(k.createdAt()).isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05Z"));
    assertThatThrownBy(() -> k.allowedUserIds().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void authDataViews_readDynamoAisCamelCase() throws Exception {
    AuthDataWithMappings got =
        json.readValue(
            "{\"authData\":{\"authId\":5,\"id\":\"i\",\"name\":\"n\",\"authType\":\"REMOTE_CUSTOM\","
                + "\"providerType\":\"custom_model\",\"authConfig\":{\"masked\":\"custom config {a}\"},"
                + "\"createdAt\":\"2026-01-02T03:04:05Z\",\"updatedAt\":\"2026-01-02T03:04:05Z\","
                + "\"mUserId\":\"u\",\"workspaceId\":\"w\"},"
                + "\"mappings\":[{\"mappingId\":9,\"mAiSystemId\":\"s\",\"name\":\"sys\","
                + "\"isPrimary\":true,\"createdAt\":\"2026-01-02T03:04:05Z\","
                + "\"updatedAt\":\"2026-01-02T03:04:05Z\",\"aiSystemMetadata\":{\"name\":\"sys\","
                + "\"key\":\"s\",\"type\":\"openai\",\"source\":\"REMOTE\",\"modelType\":\"chat\"}}]}",
            AuthDataWithMappings.class);

    assertThat(got.authData().authId()).isEqualTo(5);
    assertThat(got.authData().authType()).isEqualTo(AuthType.REMOTE_CUSTOM);
    assertThat(got.authData().mUserId()).isEqualTo("u");
    assertThat(got.authData().workspaceId()).isEqualTo("w");
    assertThat(got.authData().authConfig()).containsEntry("masked", "custom config {a}");
    AuthDataMapping m = got.mappings().get(0);
    assertThat(m.mappingId()).isEqualTo(9);
    assertThat(m.mAiSystemId()).isEqualTo("s");
    assertThat(m.isPrimary()).isTrue();
    assertThat(m.aiSystemMetadata().source()).isEqualTo(AiSystemSource.REMOTE);
    assertThat(m.aiSystemMetadata().modelType()).isEqualTo("chat");

    AuthDataAssociations grouped =
        json.readValue(
            "{\"userMetadata\":{\"_id\":\"u\",\"email\":\"a@example.com\"},\"workspaceId\":\"w\","
                + "\"remoteCloud\":[{\"provider\":\"openai\",\"authData\":[{\"authId\":5,"
                + "\"id\":\"i\",\"name\":\"n\",\"createdAt\":\"2026-01-02T03:04:05Z\","
                + "\"updatedAt\":\"2026-01-02T03:04:05Z\",\"aiSystems\":[],"
                + "\"authConfig\":{\"apiKey\":\"sk-...abcd\"}}]}],\"remoteCustom\":[]}",
            AuthDataAssociations.class);
    assertThat(grouped.userMetadata().id()).isEqualTo("u");
    assertThat(grouped.userMetadata().email()).isEqualTo("a@example.com");
    assertThat(grouped.remoteCloud().get(0).authData().get(0).authConfig())
        .containsEntry("apiKey", "sk-...abcd");
    assertThat(AuthType.fromWire("LOCAL")).isEqualTo(AuthType.UNKNOWN);
  }

  @Test
  void promotions_keepANullNewPrimary() throws Exception {
    DeletedByokKey d =
        json.readValue(
            "{\"deleted\":true,\"id\":\"i\",\"promotions\":{\"s1\":4,\"s2\":null}}",
            DeletedByokKey.class);

    assertThat(d.promotions()).containsEntry("s1", 4L).containsEntry("s2", null).hasSize(2);
  }

  @Test
  void resolvedKeys_neverShowAKeyOrAConfigInToString() throws Exception {
    Map<String, Object> config = new HashMap<>(Map.of("headerValue", "custom-secret-value"));
    ResolvedProviderKeys r =
        new ResolvedProviderKeys(
            "s",
            "w",
            "openai",
            "gpt-4o",
            List.of(
                new ResolvedProviderKey(
                    "i",
                    1,
                    "openai",
                    "n",
                    "sk-...abcd",
                    AuthType.REMOTE_CLOUD,
                    true,
                    false,
                    0,
                    false,
                    false,
                    KEY,
                    null),
                new ResolvedProviderKey(
                    "j",
                    2,
                    "custom_model",
                    "c",
                    "custom config {headerValue}",
                    AuthType.REMOTE_CUSTOM,
                    false,
                    false,
                    0,
                    false,
                    false,
                    null,
                    config)),
            List.of(),
            true);
    config.put("headerValue", "changed");

    assertThat(r.toString())
        .doesNotContain(KEY)
        .doesNotContain("custom-secret-value")
        .contains("key=[redacted]")
        .contains("sk-...abcd");
    assertThat(r.keys().get(0).key()).isEqualTo(KEY);
    assertThat(r.keys().get(1).authConfig()).containsEntry("headerValue", "custom-secret-value");
  }
}
