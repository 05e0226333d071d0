package dev.latchkey.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.ApiKeys;
import dev.latchkey.client.CreateOAuthAppRequest;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.CreatedOAuthApp;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.OAuthApp;
import dev.latchkey.client.OAuthAppsPage;
import dev.latchkey.client.UpdateOAuthAppRequest;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's {@link ApiKeys} (Union's API keys: OAuth client-credentials apps) against the real
 * server over real HTTP, on every configured database, with a management key, a user's access token
 * and an org API key.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkOAuthAppsTest {
  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkOAuthAppsTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client = as(TestServer.MANAGEMENT_KEY);
  }

  LatchkeyClient as(String credential) {
    return LatchkeyClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey(credential)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private int grant(String clientId, String secret) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  @Test
  void create_get_update_listAll_rotateSecret_delete() throws Exception {
    ApiKeys keys = client.apiKeys();
    String name = Fixtures.unique("SDK Key ");
    CreatedOAuthApp created = keys.create(name);
    String id = created.clientId();
    assertThat(id).isEqualTo(name.toLowerCase().replace(' ', '-'));
    assertThat(created.clientName()).isEqualTo(name);
    assertThat(created.clientSecret()).startsWith("lkcs_");
    assertThat(created.toString()).doesNotContain(created.clientSecret());
    String decoded =
        new String(
            Base64.getDecoder().decode(created.encodedCredentials()), StandardCharsets.UTF_8);
    assertThat(decoded).endsWith(":" + id + ":" + created.clientSecret() + ":None");
    assertThat(created.app().redirectUris())
        .containsExactly("http://localhost:8080/authorization-code/callback");
    assertThat(grant(id, created.clientSecret())).isEqualTo(200);

    OAuthApp got = keys.get(id).orElseThrow();
    assertThat(got.clientName()).isEqualTo(name);
    assertThat(got.toString()).doesNotContain(created.clientSecret());

    OAuthApp updated =
        keys.update(id, "Renamed", List.of("https://app.example.com/callback")).orElseThrow();
    assertThat(updated.clientId()).isEqualTo(id);
    assertThat(updated.clientName()).isEqualTo("Renamed");
    assertThat(updated.redirectUris()).containsExactly("https://app.example.com/callback");
    assertThat(updated.grantTypes()).contains("client_credentials");
    OAuthApp scoped =
        keys.update(id, new UpdateOAuthAppRequest(null, null, List.of("read"), null)).orElseThrow();
    assertThat(scoped.scopes()).containsExactly("read");
    assertThat(scoped.clientName()).isEqualTo("Renamed");

    assertThat(keys.listAll(1000)).extracting(OAuthApp::clientId).contains(id);
    assertThat(keys.listAll(1)).hasSize(1);

    CreatedOAuthApp rotated = keys.rotateSecret(id, 300).orElseThrow();
    assertThat(rotated.clientSecret()).isNotEqualTo(created.clientSecret());
    assertThat(rotated.app().previousSecretValidUntil()).isNotNull();
    assertThat(grant(id, created.clientSecret())).isEqualTo(200);
    assertThat(grant(id, rotated.clientSecret())).isEqualTo(200);

    assertThat(keys.delete(id)).isTrue();
    assertThat(keys.get(id)).isEmpty();
    assertThat(keys.delete(id)).isFalse();
    assertThat(keys.update(id, "x", null)).isEmpty();
    assertThat(keys.rotateSecret(id, 0)).isEmpty();
    assertThat(keys.get("Not An Id")).isEmpty();
    assertThat(grant(id, rotated.clientSecret())).isEqualTo(401);
  }

  @Test
  void list_pagesInLatchkeysShape() {
    String user =
        client.createUser(
            CreateUserRequest.builder(Fixtures.unique("sdk") + "@example.com")
                .emailConfirmed(true)
                .build());
    ApiKeys mine = as(client.createAccessToken(user, 60).orElseThrow()).apiKeys();
    for (int i = 0; i < 3; i++) {
      mine.create(Fixtures.unique("page "));
    }
    OAuthAppsPage page = mine.list(2, 0);
    assertThat(page.totalApps()).isEqualTo(3);
    assertThat(page.apps()).hasSize(2);
    assertThat(page.hasMoreResults()).isTrue();
    assertThat(mine.list(2, 1).apps()).hasSize(1);
    assertThat(mine.listAll()).hasSize(3);
    assertThat(mine.listAll().get(0).ownerId()).isEqualTo(user);
  }

  @Test
  void tenants_seeOnlyTheirApps_anotherTenantsAppIsEmpty() {
    String org =
        client.createOrg(CreateOrgRequest.builder(Fixtures.unique("SDK Org ")).build()).orgId();
    String user =
        client.createUser(
            CreateUserRequest.builder(Fixtures.unique("sdk") + "@example.com")
                .emailConfirmed(true)
                .build());
    ApiKeys asUser = as(client.createAccessToken(user, 60).orElseThrow()).apiKeys();
    CreatedOAuthApp orgApp =
        client
            .apiKeys()
            .create(
                new CreateOAuthAppRequest(
                    Fixtures.unique("org app "), null, null, null, null, org));
    assertThat(orgApp.app().organization()).isEqualTo(org);
    assertThat(asUser.get(orgApp.clientId())).isEmpty();
    assertThat(asUser.delete(orgApp.clientId())).isFalse();
    assertThat(asUser.listAll()).extracting(OAuthApp::clientId).doesNotContain(orgApp.clientId());
    assertThat(client.apiKeys().get(orgApp.clientId())).isPresent();
  }

  @Test
  void badInput_throws400NamingTheField() {
    assertThatThrownBy(() -> client.apiKeys().create("!!!"))
        .isInstanceOfSatisfying(
            LatchkeyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.fieldErrors()).containsKey("name");
            });
    assertThatThrownBy(
            () ->
                client
                    .apiKeys()
                    .create(
                        new CreateOAuthAppRequest(
                            "ok", List.of("no uri"), null, List.of("password"), null, null)))
        .isInstanceOfSatisfying(
            LatchkeyException.class,
            e -> assertThat(e.fieldErrors()).containsKeys("redirect_uris", "grant_types"));
    assertThatThrownBy(() -> client.apiKeys().list(500, 0))
        .isInstanceOfSatisfying(
            LatchkeyException.class, e -> assertThat(e.fieldErrors()).containsKey("page_size"));
    assertThatThrownBy(() -> client.apiKeys().listAll(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> as("lk_wrong_key_0123456789abcdef").apiKeys().create("x"))
        .isInstanceOfSatisfying(
            LatchkeyException.class, e -> assertThat(e.status()).isEqualTo(401));
  }
}
