package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Every kind of bad input gets a 400 naming the field, and nothing is written. */
@ParameterizedClass
@MethodSource("kinds")
class BadInputApiTest {
  static final String API = "/api/backend/v1";
  @Parameter String kind;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("BadInputApiTest");
  }

  @BeforeEach
  void setUp() {
    http = TestServer.shared(kind).http();
  }

  private void assertField(RawHttp.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().has(field)).as("body names %s: %s", field, r.body()).isTrue();
    assertThat(r.json().get(field).isArray()).isTrue();
    assertThat(r.json().get(field).get(0).asText()).isNotBlank();
  }

  @Test
  void malformedJson_names_body() {
    assertField(http.post(API + "/user/", "{\"email\": "), "body");
    assertField(http.post(API + "/user/", "not json"), "body");
    assertField(http.post(API + "/user/", "{\"email\":\"a@b.com\"} trailing"), "body");
  }

  @Test
  void nonObjectBody_names_body() {
    assertField(http.post(API + "/user/", "[1,2]"), "body");
    assertField(http.post(API + "/user/", "\"text\""), "body");
    assertField(http.post(API + "/user/", "null"), "body");
  }

  @Test
  void emptyBody_onCreate_namesTheRequiredField() {
    assertField(http.post(API + "/user/", ""), "email");
    assertField(http.post(API + "/user/", "{}"), "email");
    assertField(http.post(API + "/org/", ""), "name");
  }

  @Test
  void unknownField_isNamed() {
    assertField(http.post(API + "/user/", "{\"email\":\"a@b.com\",\"emial\":\"x\"}"), "emial");
  }

  @Test
  void wrongTypes_areNamed() {
    assertField(http.post(API + "/user/", "{\"email\":42}"), "email");
    assertField(
        http.post(API + "/user/", "{\"email\":\"a@b.com\",\"email_confirmed\":\"yes\"}"),
        "email_confirmed");
    assertField(
        http.post(API + "/user/", "{\"email\":\"a@b.com\",\"email_confirmed\":1}"),
        "email_confirmed");
    assertField(
        http.post(API + "/user/", "{\"email\":\"a@b.com\",\"properties\":[1]}"), "properties");
    assertField(
        http.post(API + "/user/", "{\"email\":\"a@b.com\",\"password\":12345678}"), "password");
    assertField(http.post(API + "/org/", "{\"name\":\"x\",\"max_users\":\"5\"}"), "max_users");
    assertField(http.post(API + "/org/", "{\"name\":\"x\",\"max_users\":5.5}"), "max_users");
    assertField(
        http.post(API + "/org/", "{\"name\":\"x\",\"max_users\":99999999999999999999999}"),
        "max_users");
    assertField(http.post(API + "/user/user_ids", "{\"user_ids\":\"abc\"}"), "user_ids");
    assertField(http.post(API + "/user/user_ids", "{\"user_ids\":[1]}"), "user_ids[0]");
  }

  @Test
  void duplicateKeys_areRefused() {
    assertField(http.post(API + "/user/", "{\"email\":\"a@b.com\",\"email\":\"c@d.com\"}"), "body");
  }

  @Test
  void invalidEmails_areNamed() {
    for (String bad :
        List.of(
            "plainaddress",
            "@no-local.com",
            "a@",
            "a@b",
            "a b@c.com",
            "a@b..com",
            "x".repeat(250) + "@b.com")) {
      assertField(http.post(API + "/user/", RawHttp.json(Map.of("email", bad))), "email");
    }
  }

  @Test
  void pageSizes_outsideOneToHundred_areNamed() {
    for (String size : List.of("0", "-1", "101", "100000000000", "abc", "1.5")) {
      assertField(http.get(API + "/user/query?page_size=" + size), "page_size");
    }
    assertField(http.get(API + "/user/query?page_number=-1"), "page_number");
    assertField(http.post(API + "/org/query", "{\"page_size\":500}"), "page_size");
    assertField(http.get(API + "/pending_org_invites?page_size=0"), "page_size");
    assertThat(http.get(API + "/user/query?page_size=100").status()).isEqualTo(200);
  }

  @Test
  void badQueryValues_areNamed() {
    assertField(http.get(API + "/user/query?order_by=NEWEST"), "order_by");
    assertField(http.get(API + "/user/query?include_orgs=maybe"), "include_orgs");
    assertField(http.get(API + "/user/email?email=not-an-email"), "email");
  }

  @Test
  void malformedPathIds_areNamed() {
    assertField(http.get(API + "/user/not-a-uuid"), "user_id");
    assertField(http.put(API + "/user/123/email", "{\"new_email\":\"a@b.com\"}"), "user_id");
    assertField(http.get(API + "/org/zzz"), "org_id");
    assertField(
        http.post(
            API + "/org/add_user", "{\"user_id\":\"x\",\"org_id\":\"y\",\"role\":\"Member\"}"),
        "user_id");
  }

  @Test
  void oversizedBody_isRefused() {
    String big = "{\"email\":\"a@b.com\",\"properties\":{\"k\":\"" + "x".repeat(300_000) + "\"}}";
    var r = http.post(API + "/user/", big);
    assertThat(r.status()).isIn(400, 413);
    assertThat(r.json().has("body")).isTrue();
  }

  @Test
  void oversizedFields_areNamed() {
    assertField(
        http.post(
            API + "/user/",
            RawHttp.json(Map.of("email", Fixtures.email(), "first_name", "x".repeat(101)))),
        "first_name");
    assertField(
        http.post(
            API + "/user/",
            RawHttp.json(
                Map.of("email", Fixtures.email(), "properties", Map.of("k", "x".repeat(17_000))))),
        "properties");
    assertField(http.post(API + "/org/", RawHttp.json(Map.of("name", "x".repeat(101)))), "name");
  }

  @Test
  void rejectedCreate_leavesNothingBehind() {
    String email = Fixtures.email();
    assertField(
        http.post(API + "/user/", RawHttp.json(Map.of("email", email, "username", "has space"))),
        "username");
    assertThat(http.get(API + "/user/email?email=" + email.replace("@", "%40")).status())
        .isEqualTo(404);
    assertThat(http.get("/api/admin/v1/audit_events?action=user.created&page_size=100").body())
        .doesNotContain(email);
  }

  @Test
  void controlCharacters_inNames_areRefused() {
    assertField(
        http.post(
            API + "/user/",
            RawHttp.json(Map.of("email", Fixtures.email(), "first_name", "a\u0000b"))),
        "first_name");
  }

  @Test
  void errorBodies_neverEchoPasswords() {
    var r = http.post(API + "/user/", RawHttp.json(Map.of("email", "bad", "password", "hunter2")));
    assertThat(r.body()).doesNotContain("hunter2");
  }
}
