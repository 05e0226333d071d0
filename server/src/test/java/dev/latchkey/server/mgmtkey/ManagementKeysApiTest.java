package dev.latchkey.server.mgmtkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
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
class ManagementKeysApiTest {
  static final String KEYS = "/api/admin/v1/management_keys";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("ManagementKeysApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  @Test
  void create_returnsTheKeyOnce_andTheKeyWorks() {
    var created = http.post(KEYS, RawHttp.json(Map.of("name", "ci")));
    assertThat(created.status()).isEqualTo(201);
    String key = created.json().get("key").asText();
    assertThat(key).startsWith("lk_mgmt_").hasSizeGreaterThanOrEqualTo(8 + 32);
    assertThat(created.json().get("display_start").asText()).isEqualTo(key.substring(0, 12));
    assertThat(server.anonymous().withBearer(key).get("/api/backend/v1/user/query").status())
        .isEqualTo(200);
    String id = created.json().get("id").asText();
    JsonNode listed = findListed(id);
    assertThat(listed.get("name").asText()).isEqualTo("ci");
    assertThat(listed.toString()).doesNotContain(key);
    assertThat(http.get(KEYS + "?page_size=100").body()).doesNotContain(key);
  }

  @Test
  void revoke_makesTheKeyFailAtOnce_andIsAudited() {
    var created = http.post(KEYS, "{}");
    String key = created.json().get("key").asText();
    String id = created.json().get("id").asText();
    RawHttp other = server.anonymous().withBearer(key);
    assertThat(other.get("/api/backend/v1/user/query").status()).isEqualTo(200);
    assertThat(http.delete(KEYS + "/" + id).status()).isEqualTo(200);
    assertThat(other.get("/api/backend/v1/user/query").status()).isEqualTo(401);
    assertThat(http.delete(KEYS + "/" + id).status()).isEqualTo(404);
    assertThat(http.delete(KEYS + "/" + UUID.randomUUID()).status()).isEqualTo(404);
    var audit = http.get("/api/admin/v1/audit_events?target_id=" + id).json().get("events");
    assertThat(audit.get(0).get("action").asText()).isEqualTo("management_key.revoked");
    assertThat(audit.get(1).get("action").asText()).isEqualTo("management_key.created");
    assertThat(audit.toString()).doesNotContain(key);
  }

  @Test
  void revokedKeys_areListedOnlyOnRequest() {
    var created = http.post(KEYS, "{\"name\":\"old\"}");
    String id = created.json().get("id").asText();
    http.delete(KEYS + "/" + id);
    assertThat(http.get(KEYS + "?page_size=100").body()).doesNotContain(id);
    assertThat(http.get(KEYS + "?page_size=100&include_revoked=true").body()).contains(id);
  }

  @Test
  void keyInOtherLetterCase_onTheSameConnection_isRefused() throws Exception {
    // one HTTP/1.1 client, so both requests share a kept-alive connection
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    java.util.function.Function<String, Integer> get =
        bearer -> {
          try {
            return client
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/api/admin/v1/roles"))
                        .header("Authorization", "Bearer " + bearer)
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertThat(get.apply(TestServer.MANAGEMENT_KEY)).isEqualTo(200);
    assertThat(get.apply(TestServer.MANAGEMENT_KEY.toUpperCase())).isEqualTo(401);
    assertThat(get.apply(TestServer.MANAGEMENT_KEY)).isEqualTo(200);
  }

  @Test
  void adminRoutes_requireAKey() {
    for (String path :
        List.of(
            KEYS,
            "/api/admin/v1/audit_events",
            "/api/admin/v1/roles",
            "/api/admin/v1/dev/outbox")) {
      assertThat(server.anonymous().get(path).status()).as(path).isEqualTo(401);
    }
  }

  @Test
  void roles_listTheHierarchyWithInheritedRolesAndPermissions() {
    JsonNode roles = http.get("/api/admin/v1/roles").json();
    assertThat(roles.get("org_role_structure").asText()).isEqualTo("single_role_in_hierarchy");
    assertThat(roles.get("roles").get(0).get("name").asText()).isEqualTo("Owner");
    assertThat(roles.get("roles").get(1).get("inherited_roles").size()).isEqualTo(2);
  }

  private JsonNode findListed(String id) {
    for (int page = 0; page < 100; page++) {
      JsonNode body = http.get(KEYS + "?page_size=100&page_number=" + page).json();
      for (JsonNode k : body.get("management_keys")) {
        if (k.get("id").asText().equals(id)) {
          return k;
        }
      }
      if (!body.get("has_more_results").asBoolean()) {
        break;
      }
    }
    throw new AssertionError("key " + id + " is not listed");
  }
}
