package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.client.internal.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire form, copies and redaction of the API-key, magic-link and session records. */
class ApiKeyRecordsTest {
  final ObjectMapper json = WireJson.mapper();

  @Test
  void createApiKeyRequest_usesTheServersWireNames_andLeavesOutNulls() throws Exception {
    CreateApiKeyRequest r =
        CreateApiKeyRequest.builder()
            .userId("u")
            .ratelimits(List.of(ApiKeyRateLimit.of("minute", 10, Duration.ofMinutes(1))))
            .credits(ApiKeyCredits.of(100, ApiKeyRefill.monthly(100, 15)))
            .build();

    assertThat(json.writeValueAsString(r))
        .isEqualTo(
            "{\"user_id\":\"u\",\"ratelimits\":[{\"name\":\"minute\",\"limit\":10,"
                + "\"duration_ms\":60000}],\"credits\":{\"remaining\":100,"
                + "\"refill\":{\"interval\":\"monthly\",\"amount\":100,\"refill_day\":15}}}");
  }

  @Test
  void updateApiKeyRequest_unlimitedCredits_isAnEmptyObject() throws Exception {
    UpdateApiKeyRequest r =
        UpdateApiKeyRequest.builder()
            .setToNeverExpire(true)
            .credits(ApiKeyCredits.unlimited())
            .ratelimits(List.of())
            .build();

    assertThat(json.writeValueAsString(r))
        .isEqualTo("{\"set_to_never_expire\":true,\"ratelimits\":[],\"credits\":{}}");
  }

  @Test
  void createdApiKey_andImportRequest_hideTheKeyInToString_butTheWireCarriesIt() throws Exception {
    CreatedApiKey created = new CreatedApiKey("0123", "lk_supersecrettoken");
    ImportApiKeyRequest imported = ImportApiKeyRequest.builder("old-secret-key-123").build();

    assertThat(created.toString()).doesNotContain("supersecret").contains("[redacted]");
    assertThat(imported.toString()).doesNotContain("old-secret").contains("[redacted]");
    assertThat(json.writeValueAsString(imported))
        .isEqualTo("{\"imported_api_key\":\"old-secret-key-123\"}");
  }

  @Test
  void createMagicLinkRequest_usesPropelAuthWireNames_andCopiesItsParameters() throws Exception {
    Map<String, String> params = new java.util.HashMap<>(Map.of("utm", "x"));
    CreateMagicLinkRequest r =
        CreateMagicLinkRequest.builder("a@example.com")
            .createNewUserIfOneDoesntExist(false)
            .expireAfterFirstUse(false)
            .userSignupQueryParameters(params)
            .build();
    params.put("later", "y");

    assertThat(json.writeValueAsString(r))
        .isEqualTo(
            "{\"email\":\"a@example.com\",\"create_new_user_if_one_doesnt_exist\":false,"
                + "\"expire_after_first_use\":false,\"user_signup_query_parameters\":{\"utm\":\"x\"}}");
    assertThatThrownBy(() -> r.userSignupQueryParameters().put("z", "z"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requests_copyTheirLists() {
    List<ApiKeyRateLimit> limits = new ArrayList<>(List.of(new ApiKeyRateLimit("a", 1, 1000)));
    CreateApiKeyRequest r = CreateApiKeyRequest.builder().ratelimits(limits).build();
    limits.clear();

    assertThat(r.ratelimits()).hasSize(1);
    assertThatThrownBy(() -> r.ratelimits().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void apiKeyFull_readsLatchkeysFields_andNullCollectionsBecomeEmpty() throws Exception {
    ApiKeyFull k =
        json.readValue(
            "{\"api_key_id\":\"ab\",\"created_at\":5,\"expires_at_seconds\":null,\"metadata\":null,"
                + "\"credits\":{\"remaining\":3,\"refill\":{\"interval\":\"daily\",\"amount\":9}},"
                + "\"usage_count\":7,\"future_field\":1}",
            ApiKeyFull.class);

    assertThat(k.apiKeyId()).isEqualTo("ab");
    assertThat(k.expiresAtSeconds()).isNull();
    assertThat(k.metadata()).isEmpty();
    assertThat(k.ratelimits()).isEmpty();
    assertThat(k.credits()).isEqualTo(ApiKeyCredits.of(3, ApiKeyRefill.daily(9)));
    assertThat(k.usageCount()).isEqualTo(7);
  }

  @Test
  void userSession_readsTheLoginMethod_andAnUnknownOneIsUnknown() throws Exception {
    UserSession known =
        json.readValue("{\"id\":\"s\",\"login_method\":\"magic_link\"}", UserSession.class);
    UserSession unknown =
        json.readValue("{\"id\":\"s\",\"login_method\":\"carrier_pigeon\"}", UserSession.class);
    UserSession missing = json.readValue("{\"id\":\"s\"}", UserSession.class);

    assertThat(known.loginMethod()).isEqualTo(LoginMethod.Kind.MAGIC_LINK);
    assertThat(unknown.loginMethod()).isEqualTo(LoginMethod.Kind.UNKNOWN);
    assertThat(missing.loginMethod()).isEqualTo(LoginMethod.Kind.UNKNOWN);
  }

  @Test
  void apiKeyValidation_kinds_followWhatIsPresent() {
    UserMetadata user =
        new UserMetadata(
            "u",
            "a@example.com",
            true,
            false,
            null,
            null,
            null,
            null,
            false,
            true,
            false,
            true,
            0,
            0,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ApiKeyOrg org = new ApiKeyOrg("o", "Acme", false, null, false, null, null, null);

    ApiKeyValidation personal =
        new ApiKeyValidation("k", null, Optional.of(user), Optional.empty(), Optional.empty());
    ApiKeyValidation orgKey =
        new ApiKeyValidation("k", Map.of(), Optional.of(user), Optional.of(org), null);
    ApiKeyValidation generic = new ApiKeyValidation("k", null, null, null, null);

    assertThat(personal.isPersonal()).isTrue();
    assertThat(personal.isOrg()).isFalse();
    assertThat(orgKey.isPersonal()).isFalse();
    assertThat(orgKey.isOrg()).isTrue();
    assertThat(orgKey.userInOrg()).isEmpty();
    assertThat(generic.isPersonal()).isFalse();
    assertThat(generic.isOrg()).isFalse();
    assertThat(generic.user()).isEmpty();
    assertThat(generic.metadata()).isEmpty();
  }
}
