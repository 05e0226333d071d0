package dev.latchkey.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Apps, callers and token requests for the OAuth suites. */
final class OAuthFixtures {
  static final String APPS = "/api/v1/apps";
  static final String FORM = "application/x-www-form-urlencoded";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OAuthFixtures() {}

  static JsonNode createApp(RawHttp http, Map<String, Object> body) {
    var r = http.post(APPS, RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static String accessToken(RawHttp management, String userId) {
    var r =
        management.post(
            "/api/backend/v1/access_token",
            RawHttp.json(Map.of("user_id", userId, "duration_in_minutes", 600)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  static String apiKey(RawHttp management, Map<String, Object> owner) {
    var r = management.post("/api/backend/v1/end_user_api_keys", RawHttp.json(owner));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("api_key_token").asText();
  }

  static RawHttp as(TestServer server, String credential) {
    return server.anonymous().withBearer(credential);
  }

  static String form(Map<String, String> params) {
    StringJoiner j = new StringJoiner("&");
    params.forEach(
        (k, v) ->
            j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }

  static String basic(String id, String secret) {
    String pair =
        URLEncoder.encode(id, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** POST to an OAuth endpoint with HTTP Basic client authentication. */
  static RawHttp.Response postBasic(
      TestServer server, String path, String id, String secret, Map<String, String> params) {
    return server
        .anonymous()
        .send("POST", path, form(params), FORM, Map.of("Authorization", basic(id, secret)));
  }

  /** POST to an OAuth endpoint with client_id and client_secret in the form. */
  static RawHttp.Response postForm(
      TestServer server, String path, String id, String secret, Map<String, String> params) {
    Map<String, String> all = new LinkedHashMap<>(params);
    all.put("client_id", id);
    all.put("client_secret", secret);
    return server.anonymous().send("POST", path, form(all), FORM, Map.of());
  }

  static String grant(TestServer server, JsonNode app) {
    var r =
        postBasic(
            server,
            "/oauth2/token",
            app.get("client_id").asText(),
            app.get("client_secret").asText(),
            Map.of("grant_type", "client_credentials"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  static JsonNode part(String jwt, int index) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
