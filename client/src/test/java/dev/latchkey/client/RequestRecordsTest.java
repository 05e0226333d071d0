package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.client.internal.WireJson;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestRecordsTest {
  final ObjectMapper json = WireJson.mapper();

  @Test
  void createUserRequest_toString_hidesThePassword_butTheWireCarriesIt() throws Exception {
    CreateUserRequest r =
        CreateUserRequest.builder("a@example.com").password("hunter2hunter2").build();

    assertThat(r.toString()).doesNotContain("hunter2").contains("password=[redacted]");
    assertThat(json.writeValueAsString(r))
        .isEqualTo("{\"email\":\"a@example.com\",\"password\":\"hunter2hunter2\"}");
  }

  @Test
  void migrateUserRequest_toString_hidesHashAndTotpSecret() {
    MigrateUserRequest r =
        MigrateUserRequest.builder("a@example.com")
            .existingPasswordHash("$2b$10$abcdefghijklmnopqrstuv")
            .existingMfaBase32EncodedSecret("JBSWY3DPEHPK3PXP")
            .build();

    assertThat(r.toString()).doesNotContain("$2b$").doesNotContain("JBSWY3DP");
  }

  @Test
  void createOrgRequest_alwaysSendsTheDomainSwitches_andLeavesOutNulls() throws Exception {
    assertThat(json.writeValueAsString(CreateOrgRequest.builder("Acme").build()))
        .isEqualTo(
            "{\"name\":\"Acme\",\"enable_auto_joining_by_domain\":false,"
                + "\"members_must_have_matching_domain\":false}");
  }

  @Test
  void updateOrgRequest_usesPropelAuthWireNames() throws Exception {
    String wire =
        json.writeValueAsString(
            UpdateOrgRequest.builder()
                .require2faBy(OffsetDateTime.parse("2026-12-31T00:00:00Z"))
                .autojoinByDomain(true)
                .extraDomains(List.of("b.example.com"))
                .build());

    assertThat(wire)
        .isEqualTo(
            "{\"autojoin_by_domain\":true,\"require_2fa_by\":\"2026-12-31T00:00Z\","
                + "\"extra_domains\":[\"b.example.com\"]}");
  }

  @Test
  void requests_copyTheirMaps_deeply() {
    Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
    Map<String, Object> props = new HashMap<>(Map.of("inner", inner));
    CreateUserRequest r = CreateUserRequest.builder("a@example.com").properties(props).build();
    inner.put("k", "changed");
    props.put("new", 1);

    assertThat(r.properties()).isEqualTo(Map.of("inner", Map.of("k", "v")));
    assertThatThrownBy(() -> r.properties().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void createdManagementKey_toString_hidesTheKey() {
    CreatedManagementKey k =
        new CreatedManagementKey("id", "ci", "lk_mgmt_supersecret", "lk_mgmt_supe", 1L);

    assertThat(k.toString()).doesNotContain("supersecret").contains("[redacted]");
  }

  @Test
  void responses_ignoreUnknownFields_fromANewerServer() throws Exception {
    UserMetadata u =
        json.readValue(
            "{\"user_id\":\"u\",\"email\":\"a@example.com\",\"brand_new_field\":{\"x\":1}}",
            UserMetadata.class);

    assertThat(u.userId()).isEqualTo("u");
    assertThat(u.properties()).isEmpty();
    assertThat(u.orgIdToOrgInfo()).isEmpty();
  }
}
