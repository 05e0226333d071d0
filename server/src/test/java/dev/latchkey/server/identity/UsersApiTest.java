package dev.latchkey.server.identity;

import static dev.latchkey.server.testing.Fixtures.createOrg;
import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseDump;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
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
class UsersApiTest {
  static final String API = "/api/backend/v1";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("UsersApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  @Test
  void createUser_returnsLowercaseUuid_andFetchByIdShowsEveryField() {
    String email = email();
    String id =
        createUser(
            http,
            Map.of(
                "email",
                email.toUpperCase(),
                "email_confirmed",
                true,
                "password",
                "correct horse battery",
                "username",
                unique("u"),
                "first_name",
                "Ada",
                "last_name",
                "Lovelace",
                "properties",
                Map.of("fav_color", "blue")));
    assertThat(id).matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    var r = http.get(API + "/user/" + id + "?include_orgs=false");
    assertThat(r.status()).isEqualTo(200);
    JsonNode u = r.json();
    assertThat(u.get("user_id").asText()).isEqualTo(id);
    assertThat(u.get("email").asText()).isEqualTo(email);
    assertThat(u.get("email_confirmed").asBoolean()).isTrue();
    assertThat(u.get("has_password").asBoolean()).isTrue();
    assertThat(u.get("first_name").asText()).isEqualTo("Ada");
    assertThat(u.get("locked").asBoolean()).isFalse();
    assertThat(u.get("enabled").asBoolean()).isTrue();
    assertThat(u.get("mfa_enabled").asBoolean()).isFalse();
    assertThat(u.get("created_at").asLong()).isEqualTo(server.clock().instant().getEpochSecond());
    assertThat(u.get("last_active_at").asLong()).isPositive();
    assertThat(u.get("properties").get("fav_color").asText()).isEqualTo("blue");
    assertThat(u.has("org_id_to_org_info")).isFalse();
    assertThat(u.toString()).doesNotContain("correct horse").doesNotContain("argon2");
  }

  @Test
  void fetchUser_withUnknownId_returns404() {
    assertThat(http.get(API + "/user/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void fetchUser_withUppercaseId_findsTheUser() {
    String id = createUser(http, email());
    assertThat(http.get(API + "/user/" + id.toUpperCase()).status()).isEqualTo(200);
  }

  @Test
  void fetchUserByEmail_decodesPlusAndSpaceWithFormRules() {
    String email = unique("x+y") + "@example.com";
    String id = createUser(http, email);
    var r =
        http.get(
            API
                + "/user/email?email="
                + email.replace("+", "%2B").replace("@", "%40")
                + "&include_orgs=false");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("user_id").asText()).isEqualTo(id);
    var space = http.get(API + "/user/email?email=" + email.replace("+", "+").replace("@", "%40"));
    assertThat(space.status())
        .as("'+' in a query is a space, so this address does not exist")
        .isIn(400, 404);
  }

  @Test
  void fetchUserByEmail_isCaseInsensitive_andUnknownIs404() {
    String email = email();
    String id = createUser(http, email);
    assertThat(
            http.get(API + "/user/email?email=" + email.toUpperCase().replace("@", "%40"))
                .json()
                .get("user_id")
                .asText())
        .isEqualTo(id);
    assertThat(
            http.get(API + "/user/email?email=nobody-" + UUID.randomUUID() + "%40example.com")
                .status())
        .isEqualTo(404);
  }

  @Test
  void fetchUserByUsername_isCaseInsensitive() {
    String username = unique("Name");
    String id = createUser(http, Map.of("email", email(), "username", username));
    var r =
        http.get(API + "/user/username?username=" + username.toLowerCase() + "&include_orgs=true");
    assertThat(r.json().get("user_id").asText()).isEqualTo(id);
    assertThat(r.json().get("org_id_to_org_info").isObject()).isTrue();
  }

  @Test
  void includeOrgs_givesMemberEntriesWithInheritedRolesAndPermissions() {
    String id = createUser(http, email());
    String org = createOrg(http, unique("Acme "));
    Fixtures.addToOrg(http, id, org, "Admin");
    JsonNode info = Fixtures.user(http, id).get("org_id_to_org_info").get(org);
    assertThat(info.get("org_id").asText()).isEqualTo(org);
    assertThat(info.get("user_role").asText()).isEqualTo("Admin");
    assertThat(info.get("url_safe_org_name").asText())
        .isEqualTo(info.get("org_name").asText().toLowerCase().replace(' ', '-'));
    assertThat(texts(info.get("inherited_user_roles_plus_current_role")))
        .containsExactly("Admin", "Member");
    assertThat(texts(info.get("user_permissions")))
        .contains("latchkey::can_invite")
        .doesNotContain("latchkey::can_delete_org");
    assertThat(info.get("org_role_structure").asText()).isEqualTo("single_role_in_hierarchy");
    assertThat(info.get("additional_roles").isArray()).isTrue();
    assertThat(info.get("org_metadata").isObject()).isTrue();
  }

  @Test
  void createUser_withTakenEmailOrUsername_returns400NamingTheField() {
    String email = email();
    String username = unique("taken");
    createUser(http, Map.of("email", email, "username", username));
    var r =
        http.post(
            API + "/user/",
            RawHttp.json(Map.of("email", email, "username", username.toUpperCase())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("email")).isTrue();
    assertThat(r.json().has("username")).isTrue();
  }

  @Test
  void createUser_withShortPassword_returns400_andCreatesNothing() {
    String email = email();
    var r = http.post(API + "/user/", RawHttp.json(Map.of("email", email, "password", "short")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("password").get(0).asText()).contains("between 8 and 256");
    assertThat(http.get(API + "/user/email?email=" + email.replace("@", "%40")).status())
        .isEqualTo(404);
  }

  @Test
  void batchFetches_ignoreUnknown_returnDuplicatesOnce_keepOrder() {
    String a = createUser(http, email());
    String b = createUser(http, email());
    var r =
        http.post(
            API + "/user/user_ids?include_orgs=true",
            RawHttp.json(
                Map.of(
                    "user_ids",
                    List.of(b, UUID.randomUUID().toString(), a, b.toUpperCase(), "not-a-uuid"))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().isArray()).isTrue();
    assertThat(r.json().size()).isEqualTo(2);
    assertThat(r.json().get(0).get("user_id").asText()).isEqualTo(b);
    assertThat(r.json().get(1).get("user_id").asText()).isEqualTo(a);
    assertThat(r.json().get(0).has("org_id_to_org_info")).isTrue();
  }

  @Test
  void batchByEmailsAndUsernames_matchCaseInsensitively() {
    String email = email();
    String username = unique("bu");
    String id = createUser(http, Map.of("email", email, "username", username));
    var byEmail =
        http.post(
            API + "/user/emails",
            RawHttp.json(Map.of("emails", List.of(email.toUpperCase(), "none@example.com"))));
    assertThat(byEmail.json().size()).isEqualTo(1);
    assertThat(byEmail.json().get(0).get("user_id").asText()).isEqualTo(id);
    var byName =
        http.post(
            API + "/user/usernames",
            RawHttp.json(Map.of("usernames", List.of(username.toUpperCase(), username))));
    assertThat(byName.json().size()).isEqualTo(1);
  }

  @Test
  void batchFetch_withTooManyEntries_returns400() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    var r = http.post(API + "/user/user_ids", RawHttp.json(Map.of("user_ids", ids)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("user_ids")).isTrue();
  }

  @Test
  void query_pagesWithPartialMatch_andEveryOrder() {
    String tag = unique("q");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          createUser(
              http,
              Map.of(
                  "email", tag + "-" + i + "@example.com", "username", tag + "_name" + (4 - i))));
      server.clock().advance(Duration.ofSeconds(1));
    }
    var first =
        http.get(
            API
                + "/user/query?page_size=2&page_number=0&order_by=CREATED_AT_ASC&email_or_username="
                + tag.toUpperCase());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("total_users").asLong()).isEqualTo(5);
    assertThat(first.json().get("page_size").asInt()).isEqualTo(2);
    assertThat(first.json().get("current_page").asInt()).isEqualTo(0);
    assertThat(first.json().get("has_more_results").asBoolean()).isTrue();
    assertThat(userIds(first.json())).containsExactly(ids.get(0), ids.get(1));
    var last = http.get(API + "/user/query?page_size=2&page_number=2&email_or_username=" + tag);
    assertThat(userIds(last.json())).containsExactly(ids.get(4));
    assertThat(last.json().get("has_more_results").asBoolean()).isFalse();
    var desc =
        http.get(API + "/user/query?page_size=5&order_by=CREATED_AT_DESC&email_or_username=" + tag);
    assertThat(userIds(desc.json()))
        .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    var byName =
        http.get(API + "/user/query?page_size=5&order_by=USERNAME&email_or_username=" + tag);
    assertThat(userIds(byName.json()))
        .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    var byEmail = http.get(API + "/user/query?page_size=5&order_by=EMAIL&email_or_username=" + tag);
    assertThat(userIds(byEmail.json())).containsExactlyElementsOf(ids);
    for (String order : List.of("LAST_ACTIVE_AT_ASC", "LAST_ACTIVE_AT_DESC")) {
      assertThat(
              http.get(API + "/user/query?order_by=" + order + "&email_or_username=" + tag)
                  .json()
                  .get("total_users")
                  .asLong())
          .isEqualTo(5);
    }
    var byUsernamePart = http.get(API + "/user/query?email_or_username=" + tag + "_NAME3");
    assertThat(userIds(byUsernamePart.json())).containsExactly(ids.get(1));
  }

  @Test
  void query_defaultsToTenPerPage_andTreatsLikeWildcardsLiterally() {
    var r = http.get(API + "/user/query");
    assertThat(r.json().get("page_size").asInt()).isEqualTo(10);
    assertThat(
            http.get(API + "/user/query?email_or_username=%25%25%25_" + UUID.randomUUID())
                .json()
                .get("total_users")
                .asLong())
        .isZero();
  }

  @Test
  void query_byLegacyUserId_findsMigratedUser() {
    String legacy = unique("legacy-");
    String id =
        migrate(Map.of("email", email(), "email_confirmed", true, "existing_user_id", legacy));
    var r = http.get(API + "/user/query?legacy_user_id=" + legacy);
    assertThat(userIds(r.json())).containsExactly(id);
    assertThat(r.json().get("users").get(0).get("legacy_user_id").asText()).isEqualTo(legacy);
  }

  @Test
  void usersInOrg_listsMembersWithRole_andFiltersByRole() {
    String org = createOrg(http, unique("Members "));
    String owner = createUser(http, email());
    String member = createUser(http, email());
    Fixtures.addToOrg(http, owner, org, "Owner");
    server.clock().advance(Duration.ofSeconds(1));
    Fixtures.addToOrg(http, member, org, "Member");
    var all = http.get(API + "/user/org/" + org + "?page_size=10&page_number=0&include_orgs=true");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().get("total_users").asLong()).isEqualTo(2);
    assertThat(all.json().get("users").get(0).get("role_in_org").asText()).isEqualTo("Owner");
    assertThat(all.json().get("users").get(0).get("additional_roles_in_org").isArray()).isTrue();
    var members = http.get(API + "/user/org/" + org + "?role=Member");
    assertThat(userIds(members.json())).containsExactly(member);
    assertThat(http.get(API + "/user/org/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void updateMetadata_changesOnlyGivenFields() {
    String id =
        createUser(http, Map.of("email", email(), "first_name", "Old", "last_name", "Name"));
    var r =
        http.put(
            API + "/user/" + id,
            RawHttp.json(
                Map.of(
                    "first_name",
                    "New",
                    "metadata",
                    Map.of("plan", "pro"),
                    "picture_url",
                    "https://example.com/p.png",
                    "update_password_required",
                    true,
                    "legacy_user_id",
                    "L1")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    JsonNode u = Fixtures.user(http, id);
    assertThat(u.get("first_name").asText()).isEqualTo("New");
    assertThat(u.get("last_name").asText()).isEqualTo("Name");
    assertThat(u.get("metadata").get("plan").asText()).isEqualTo("pro");
    assertThat(u.get("picture_url").asText()).isEqualTo("https://example.com/p.png");
    assertThat(u.get("update_password_required").asBoolean()).isTrue();
    assertThat(u.get("legacy_user_id").asText()).isEqualTo("L1");
  }

  @Test
  void updateMetadata_withUnknownUser_returns404_andWithBadPicture_returns400() {
    assertThat(http.put(API + "/user/" + UUID.randomUUID(), "{\"first_name\":\"x\"}").status())
        .isEqualTo(404);
    String id = createUser(http, email());
    var r = http.put(API + "/user/" + id, "{\"picture_url\":\"javascript:alert(1)\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("picture_url")).isTrue();
  }

  @Test
  void updateEmail_withoutConfirmation_changesAndConfirmsAtOnce() {
    String id =
        createUser(
            http,
            Map.of(
                "email",
                email(),
                "email_confirmed",
                false,
                "send_email_to_confirm_email_address",
                false));
    String next = email();
    var r =
        http.put(
            API + "/user/" + id + "/email",
            RawHttp.json(Map.of("new_email", next, "require_email_confirmation", false)));
    assertThat(r.status()).isEqualTo(200);
    JsonNode u = Fixtures.user(http, id);
    assertThat(u.get("email").asText()).isEqualTo(next);
    assertThat(u.get("email_confirmed").asBoolean()).isTrue();
  }

  @Test
  void updateEmail_withConfirmation_mailsTheNewAddress_andChangesOnlyWhenConfirmed() {
    String old = email();
    String id = createUser(http, old);
    String next = email();
    assertThat(
            http.put(
                    API + "/user/" + id + "/email",
                    RawHttp.json(Map.of("new_email", next, "require_email_confirmation", true)))
                .status())
        .isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("email").asText()).isEqualTo(old);
    String token = Fixtures.token(Fixtures.lastMail(http, next));
    var page = server.anonymous().get("/api/v1/email_confirmation?token=" + token);
    assertThat(page.status()).isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("email").asText())
        .as("opening the link alone changes nothing")
        .isEqualTo(old);
    var confirm =
        server
            .anonymous()
            .send(
                "POST",
                "/api/v1/email_confirmation",
                "token=" + token,
                "application/x-www-form-urlencoded");
    assertThat(confirm.status()).isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("email").asText()).isEqualTo(next);
    var again =
        server
            .anonymous()
            .send(
                "POST",
                "/api/v1/email_confirmation",
                "token=" + token,
                "application/x-www-form-urlencoded");
    assertThat(again.status()).as("links are single-use").isEqualTo(400);
  }

  @Test
  void updateEmail_toTakenAddress_returns400() {
    String taken = email();
    createUser(http, taken);
    String id = createUser(http, email());
    var r =
        http.put(
            API + "/user/" + id + "/email",
            RawHttp.json(Map.of("new_email", taken, "require_email_confirmation", false)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("new_email")).isTrue();
  }

  @Test
  void createUser_unconfirmed_sendsConfirmationMail_andLinkConfirms() {
    String email = email();
    String id = createUser(http, Map.of("email", email));
    assertThat(Fixtures.user(http, id).get("email_confirmed").asBoolean()).isFalse();
    JsonNode mail = Fixtures.lastMail(http, email);
    assertThat(mail.get("subject").asText()).contains("Confirm");
    String token = Fixtures.token(mail);
    var confirmed =
        server
            .anonymous()
            .send(
                "POST",
                "/api/v1/email_confirmation",
                "token=" + token,
                "application/x-www-form-urlencoded");
    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.header("Set-Cookie"))
        .as("following the link also signs the user in")
        .contains("latchkey_refresh_token=lk_rt_");
    assertThat(Fixtures.user(http, id).get("email_confirmed").asBoolean()).isTrue();
  }

  @Test
  void confirmationLink_afterExpiry_isRefused() {
    String email = email();
    String id = createUser(http, Map.of("email", email));
    String token = Fixtures.token(Fixtures.lastMail(http, email));
    server.clock().advance(Duration.ofHours(49));
    assertThat(
            server
                .anonymous()
                .send(
                    "POST",
                    "/api/v1/email_confirmation",
                    "token=" + token,
                    "application/x-www-form-urlencoded")
                .status())
        .isEqualTo(400);
    assertThat(Fixtures.user(http, id).get("email_confirmed").asBoolean()).isFalse();
  }

  @Test
  void resendConfirmation_isThrottled_with429AndWaitSeconds() {
    String id = createUser(http, Map.of("email", email()));
    var tooSoon =
        http.post(API + "/resend_email_confirmation", RawHttp.json(Map.of("user_id", id)));
    assertThat(tooSoon.status()).isEqualTo(429);
    assertThat(tooSoon.json().get("wait_seconds").asLong()).isBetween(1L, 60L);
    assertThat(tooSoon.json().get("user_facing_error").asText()).isNotBlank();
    assertThat(tooSoon.header("Retry-After")).isNotNull();
    server.clock().advance(Duration.ofSeconds(61));
    assertThat(
            http.post(API + "/resend_email_confirmation", RawHttp.json(Map.of("user_id", id)))
                .status())
        .isEqualTo(200);
  }

  @Test
  void resendConfirmation_forConfirmedUser_returns400_andUnknownUser404() {
    String id = createUser(http, email());
    assertThat(
            http.post(API + "/resend_email_confirmation", RawHttp.json(Map.of("user_id", id)))
                .status())
        .isEqualTo(400);
    assertThat(
            http.post(
                    API + "/resend_email_confirmation",
                    RawHttp.json(Map.of("user_id", UUID.randomUUID().toString())))
                .status())
        .isEqualTo(404);
  }

  @Test
  void passwordLifecycle_setClearAndFlags() {
    String id = createUser(http, email());
    assertThat(Fixtures.user(http, id).get("has_password").asBoolean()).isFalse();
    var set =
        http.put(
            API + "/user/" + id + "/password",
            RawHttp.json(
                Map.of(
                    "password",
                    "a long passphrase",
                    "ask_user_to_update_password_on_login",
                    true)));
    assertThat(set.status()).isEqualTo(200);
    JsonNode u = Fixtures.user(http, id);
    assertThat(u.get("has_password").asBoolean()).isTrue();
    assertThat(u.get("update_password_required").asBoolean()).isTrue();
    assertThat(http.put(API + "/user/" + id + "/clear_password", "").status()).isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("has_password").asBoolean()).isFalse();
    assertThat(
            http.put(
                    API + "/user/" + UUID.randomUUID() + "/password",
                    "{\"password\":\"a long passphrase\"}")
                .status())
        .isEqualTo(404);
    assertThat(http.put(API + "/user/" + id + "/password", "{}").json().has("password")).isTrue();
  }

  @Test
  void enableDisable_andCanCreateOrgs_toggleFlags_withEmptyJsonBodies() {
    String id = createUser(http, email());
    assertThat(http.post(API + "/user/" + id + "/disable", "").status()).isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("enabled").asBoolean()).isFalse();
    assertThat(http.post(API + "/user/" + id + "/enable", "").status()).isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("enabled").asBoolean()).isTrue();
    assertThat(http.put(API + "/user/" + id + "/can_create_orgs/enable", "").status())
        .isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("can_create_orgs").asBoolean()).isTrue();
    assertThat(http.put(API + "/user/" + id + "/can_create_orgs/disable", "").status())
        .isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("can_create_orgs").asBoolean()).isFalse();
    for (String path : List.of("/disable", "/enable", "/disable_2fa", "/logout_all_sessions")) {
      assertThat(http.post(API + "/user/" + UUID.randomUUID() + path, "").status())
          .as(path)
          .isEqualTo(404);
    }
    assertThat(http.post(API + "/user/" + id + "/logout_all_sessions", "").status()).isEqualTo(200);
  }

  @Test
  void migrateUser_keepsBcryptHashLegacyIdAndMfa_storingTheSecretEncrypted() throws Exception {
    String bcrypt = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    String mfa = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    String email = email();
    String id =
        migrate(
            Map.of(
                "email",
                email,
                "email_confirmed",
                true,
                "existing_user_id",
                "mongo-42",
                "existing_password_hash",
                bcrypt,
                "existing_mfa_base32_encoded_secret",
                mfa,
                "ask_user_to_update_password_on_login",
                true,
                "enabled",
                false,
                "first_name",
                "M",
                "properties",
                Map.of("k", "v")));
    JsonNode u = Fixtures.user(http, id);
    assertThat(u.get("has_password").asBoolean()).isTrue();
    assertThat(u.get("mfa_enabled").asBoolean()).isTrue();
    assertThat(u.get("legacy_user_id").asText()).isEqualTo("mongo-42");
    assertThat(u.get("enabled").asBoolean()).isFalse();
    assertThat(u.get("update_password_required").asBoolean()).isTrue();
    assertThat(DatabaseDump.contains(server, mfa))
        .as("MFA secret must not be stored in plaintext")
        .isFalse();
    assertThat(http.post(API + "/user/" + id + "/disable_2fa", "").status()).isEqualTo(200);
    assertThat(Fixtures.user(http, id).get("mfa_enabled").asBoolean()).isFalse();
  }

  @Test
  void migrateUser_withUnsupportedHashOrBadMfaSecret_returns400_andCreatesNothing() {
    String email = email();
    var r =
        http.post(
            API + "/migrate_user/",
            RawHttp.json(
                Map.of(
                    "email",
                    email,
                    "email_confirmed",
                    true,
                    "existing_password_hash",
                    "md5:5f4dcc3b5aa765d61d8327deb882cf99",
                    "existing_mfa_base32_encoded_secret",
                    "not base32!")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("existing_password_hash")).isTrue();
    assertThat(r.json().has("existing_mfa_base32_encoded_secret")).isTrue();
    assertThat(r.body()).doesNotContain("5f4dcc3b");
    assertThat(http.get(API + "/user/email?email=" + email.replace("@", "%40")).status())
        .isEqualTo(404);
  }

  @Test
  void migrateUser_acceptsArgon2Hashes() {
    String argon =
        "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
    String id =
        migrate(Map.of("email", email(), "email_confirmed", true, "existing_password_hash", argon));
    assertThat(Fixtures.user(http, id).get("has_password").asBoolean()).isTrue();
  }

  @Test
  void migratePassword_setsTheHash_andUnknownUserIs404() {
    String id = createUser(http, email());
    var r =
        http.post(
            API + "/migrate_user/password",
            RawHttp.json(
                Map.of(
                    "user_id",
                    id,
                    "password_hash",
                    "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().isObject()).isTrue();
    assertThat(Fixtures.user(http, id).get("has_password").asBoolean()).isTrue();
    assertThat(
            http.post(
                    API + "/migrate_user/password",
                    RawHttp.json(
                        Map.of(
                            "user_id",
                            UUID.randomUUID().toString(),
                            "password_hash",
                            "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")))
                .status())
        .isEqualTo(404);
  }

  @Test
  void deleteUser_removesUserAndMemberships_secondDeleteIs404() {
    String id = createUser(http, email());
    String org = createOrg(http, unique("Del "));
    Fixtures.addToOrg(http, id, org, "Member");
    assertThat(http.delete(API + "/user/" + id).status()).isEqualTo(200);
    assertThat(http.get(API + "/user/" + id).status()).isEqualTo(404);
    assertThat(http.get(API + "/user/org/" + org).json().get("total_users").asLong()).isZero();
    assertThat(http.delete(API + "/user/" + id).status()).isEqualTo(404);
  }

  @Test
  void everyChange_writesAnAuditEvent() {
    String id = createUser(http, email());
    http.put(API + "/user/" + id, "{\"first_name\":\"Audited\"}");
    var r = http.get("/api/admin/v1/audit_events?target_id=" + id);
    assertThat(r.status()).isEqualTo(200);
    List<String> actions = texts(r.json().get("events"), "action");
    assertThat(actions).containsExactly("user.updated", "user.created");
    JsonNode event = r.json().get("events").get(0);
    assertThat(event.get("actor_type").asText()).isEqualTo("management_key");
    assertThat(event.get("details").get("fields").get(0).asText()).isEqualTo("first_name");
  }

  private String migrate(Map<String, Object> body) {
    var r = http.post(API + "/migrate_user/", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("user_id").asText();
  }

  static List<String> userIds(JsonNode page) {
    return texts(page.get("users"), "user_id");
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }
}
