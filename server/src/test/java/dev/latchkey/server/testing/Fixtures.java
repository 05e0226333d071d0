package dev.latchkey.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small builders of test data through the real API; every name is unique per call. */
public final class Fixtures {
  private Fixtures() {}

  public static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  public static String email() {
    return unique("user") + "@example.com";
  }

  public static String createUser(RawHttp http, String email) {
    return createUser(http, Map.of("email", email, "email_confirmed", true));
  }

  public static String createUser(RawHttp http, Map<String, Object> body) {
    var r = http.post("/api/backend/v1/user/", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("user_id").asText();
  }

  public static String createOrg(RawHttp http, String name) {
    return createOrg(http, Map.of("name", name));
  }

  public static String createOrg(RawHttp http, Map<String, Object> body) {
    Map<String, Object> full = new LinkedHashMap<>();
    full.put("enable_auto_joining_by_domain", false);
    full.put("members_must_have_matching_domain", false);
    full.putAll(body);
    var r = http.post("/api/backend/v1/org/", RawHttp.json(full));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("org_id").asText();
  }

  public static void addToOrg(RawHttp http, String userId, String orgId, String role) {
    var r =
        http.post(
            "/api/backend/v1/org/add_user",
            RawHttp.json(
                Map.of(
                    "user_id",
                    userId,
                    "org_id",
                    orgId,
                    "role",
                    role,
                    "additional_roles",
                    java.util.List.of())));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  public static JsonNode user(RawHttp http, String userId) {
    var r = http.get("/api/backend/v1/user/" + userId + "?include_orgs=true");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** The newest dev-outbox message to {@code to}. */
  public static JsonNode lastMail(RawHttp http, String to) {
    var r =
        http.get(
            "/api/admin/v1/dev/outbox?page_size=1&to="
                + java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode messages = r.json().get("messages");
    assertThat(messages.size()).as("mail to " + to).isEqualTo(1);
    return messages.get(0);
  }

  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9]+)");

  /** The link token in a mail body. */
  public static String token(JsonNode mail) {
    Matcher m = TOKEN.matcher(mail.get("body").asText());
    assertThat(m.find()).as("mail has a link token").isTrue();
    return m.group(1);
  }
}
