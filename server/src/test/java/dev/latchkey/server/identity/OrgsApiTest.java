package dev.latchkey.server.identity;

import static dev.latchkey.server.testing.Fixtures.addToOrg;
import static dev.latchkey.server.testing.Fixtures.createOrg;
import static dev.latchkey.server.testing.Fixtures.createUser;
import static dev.latchkey.server.testing.Fixtures.email;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
class OrgsApiTest {
  static final String API = "/api/backend/v1";
  @Parameter String kind;
  TestServer server;
  RawHttp http;

  static List<String> kinds() {
    return DatabaseKinds.available("OrgsApiTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    http = server.http();
  }

  @Test
  void createOrg_returnsUuidAndName_andFetchShowsEveryField() {
    String name = unique("Acme Corp ");
    var created =
        http.post(
            API + "/org/",
            RawHttp.json(
                Map.of(
                    "name",
                    name,
                    "enable_auto_joining_by_domain",
                    false,
                    "members_must_have_matching_domain",
                    false,
                    "domain",
                    unique("d") + ".example.com",
                    "max_users",
                    5,
                    "legacy_org_id",
                    "old-1")));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = created.json().get("org_id").asText();
    assertThat(id).matches("^[0-9a-f-]{36}$");
    assertThat(created.json().get("name").asText()).isEqualTo(name);
    JsonNode org = http.get(API + "/org/" + id).json();
    assertThat(org.get("org_id").asText()).isEqualTo(id);
    assertThat(org.get("name").asText()).isEqualTo(name);
    assertThat(org.get("url_safe_org_slug").asText())
        .isEqualTo(name.toLowerCase().replace(' ', '-'));
    assertThat(org.get("max_users").asInt()).isEqualTo(5);
    assertThat(org.get("legacy_org_id").asText()).isEqualTo("old-1");
    assertThat(org.get("can_setup_saml").asBoolean()).isFalse();
    assertThat(org.get("is_saml_configured").asBoolean()).isFalse();
    assertThat(org.get("is_saml_in_test_mode").asBoolean()).isFalse();
    assertThat(org.get("metadata").isObject()).isTrue();
    assertThat(org.get("extra_domains").isArray()).isTrue();
    assertThat(org.get("domain_autojoin").asBoolean()).isFalse();
    assertThat(org.get("password_rotation_enabled").asBoolean()).isFalse();
  }

  @Test
  void createOrg_withNameThatDiffersOnlyInCase_returns400() {
    String name = unique("Dup Name ");
    createOrg(http, name);
    var r = http.post(API + "/org/", RawHttp.json(Map.of("name", name.toUpperCase())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("name").get(0).asText()).contains("already exists");
  }

  @Test
  void createOrg_withAutojoinButNoDomain_returns400NamingDomain() {
    var r =
        http.post(
            API + "/org/",
            RawHttp.json(Map.of("name", unique("X"), "enable_auto_joining_by_domain", true)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("domain")).isTrue();
  }

  @Test
  void fetchOrg_unknown_returns404() {
    assertThat(http.get(API + "/org/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void queryOrgs_byBodyAndByParams_pagesFiltersAndOrders() {
    String tag = unique("qo");
    List<String> ids = new ArrayList<>();
    for (String n : List.of("c", "a", "b")) {
      ids.add(createOrg(http, Map.of("name", tag + " " + n, "legacy_org_id", tag + n)));
      server.clock().advance(Duration.ofSeconds(1));
    }
    var page =
        http.post(
            API + "/org/query",
            RawHttp.json(
                Map.of("page_size", 2, "page_number", 0, "order_by", "NAME", "name", tag)));
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().get("total_orgs").asLong()).isEqualTo(3);
    assertThat(page.json().get("has_more_results").asBoolean()).isTrue();
    assertThat(names(page.json())).containsExactly(tag + " a", tag + " b");
    JsonNode first = page.json().get("orgs").get(0);
    assertThat(first.has("org_id")).isTrue();
    assertThat(first.has("max_users")).isTrue();
    assertThat(first.has("is_saml_configured")).isTrue();
    assertThat(first.get("metadata").isObject()).isTrue();
    assertThat(first.get("created_at").asLong()).isPositive();
    var desc = http.get(API + "/org/query?order_by=CREATED_AT_DESC&name=" + tag);
    assertThat(desc.status()).isEqualTo(200);
    assertThat(names(desc.json())).containsExactly(tag + " b", tag + " a", tag + " c");
    var legacy = http.post(API + "/org/query", RawHttp.json(Map.of("legacy_org_id", tag + "a")));
    assertThat(names(legacy.json())).containsExactly(tag + " a");
    var bad = http.post(API + "/org/query", RawHttp.json(Map.of("order_by", "EMAIL")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().has("order_by")).isTrue();
  }

  @Test
  void queryOrgs_byDomain() {
    String domain = unique("dom") + ".example.org";
    String id = createOrg(http, Map.of("name", unique("Dom "), "domain", domain));
    var r = http.post(API + "/org/query", RawHttp.json(Map.of("domain", domain)));
    assertThat(r.json().get("orgs").get(0).get("org_id").asText()).isEqualTo(id);
  }

  @Test
  void updateOrg_changesGivenFields_andUnknownOrgIs404() {
    String id = createOrg(http, unique("Upd "));
    String newName = unique("Renamed ");
    String domain = unique("up") + ".example.com";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", newName);
    body.put("metadata", Map.of("tier", "gold"));
    body.put("max_users", 10);
    body.put("domain", domain);
    body.put("autojoin_by_domain", true);
    body.put("restrict_to_domain", true);
    body.put("extra_domains", List.of("Other.Example.com"));
    body.put("can_setup_saml", true);
    body.put("require_2fa_by", "2027-01-01T00:00:00Z");
    body.put("password_rotation_enabled", true);
    body.put("password_rotation_history_size", 3);
    body.put("password_rotation_period", 90);
    var r = http.put(API + "/org/" + id, RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode org = http.get(API + "/org/" + id).json();
    assertThat(org.get("name").asText()).isEqualTo(newName);
    assertThat(org.get("url_safe_org_slug").asText())
        .isEqualTo(newName.toLowerCase().replace(' ', '-'));
    assertThat(org.get("metadata").get("tier").asText()).isEqualTo("gold");
    assertThat(org.get("domain").asText()).isEqualTo(domain);
    assertThat(org.get("extra_domains").get(0).asText()).isEqualTo("other.example.com");
    assertThat(org.get("domain_autojoin").asBoolean()).isTrue();
    assertThat(org.get("domain_restrict").asBoolean()).isTrue();
    assertThat(org.get("can_setup_saml").asBoolean()).isTrue();
    assertThat(org.get("password_rotation_period").asInt()).isEqualTo(90);
    assertThat(http.put(API + "/org/" + UUID.randomUUID(), "{\"name\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void updateOrg_maxUsersBelowMemberCount_returns400_andChangesNothing() {
    String org = createOrg(http, unique("Full "));
    addToOrg(http, createUser(http, email()), org, "Owner");
    addToOrg(http, createUser(http, email()), org, "Member");
    var r =
        http.put(
            API + "/org/" + org, RawHttp.json(Map.of("max_users", 1, "name", unique("Never "))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().has("max_users")).isTrue();
    assertThat(http.get(API + "/org/" + org).json().get("name").asText()).startsWith("Full ");
  }

  @Test
  void samlAllowDisallow_toggleCanSetupSaml() {
    String org = createOrg(http, unique("Saml "));
    assertThat(http.post(API + "/org/" + org + "/allow_saml", "").status()).isEqualTo(200);
    assertThat(http.get(API + "/org/" + org).json().get("can_setup_saml").asBoolean()).isTrue();
    assertThat(http.post(API + "/org/" + org + "/disallow_saml", "").status()).isEqualTo(200);
    assertThat(http.get(API + "/org/" + org).json().get("can_setup_saml").asBoolean()).isFalse();
    assertThat(http.post(API + "/org/" + UUID.randomUUID() + "/allow_saml", "").status())
        .isEqualTo(404);
  }

  @Test
  void membership_addChangeRemove() {
    String org = createOrg(http, unique("Team "));
    String user = createUser(http, email());
    addToOrg(http, user, org, "Member");
    var dup =
        http.post(
            API + "/org/add_user",
            RawHttp.json(
                Map.of(
                    "user_id",
                    user,
                    "org_id",
                    org,
                    "role",
                    "Admin",
                    "additional_roles",
                    List.of())));
    assertThat(dup.status()).isEqualTo(400);
    var change =
        http.post(
            API + "/org/change_role",
            RawHttp.json(
                Map.of(
                    "user_id",
                    user,
                    "org_id",
                    org,
                    "role",
                    "Owner",
                    "additional_roles",
                    List.of())));
    assertThat(change.status()).isEqualTo(200);
    JsonNode info = Fixtures.user(http, user).get("org_id_to_org_info").get(org);
    assertThat(info.get("user_role").asText()).isEqualTo("Owner");
    assertThat(UsersApiTest.texts(info.get("inherited_user_roles_plus_current_role")))
        .containsExactly("Owner", "Admin", "Member");
    assertThat(UsersApiTest.texts(info.get("user_permissions")))
        .contains("latchkey::can_delete_org");
    assertThat(
            http.post(
                    API + "/org/remove_user", RawHttp.json(Map.of("user_id", user, "org_id", org)))
                .status())
        .isEqualTo(200);
    assertThat(Fixtures.user(http, user).get("org_id_to_org_info").size()).isZero();
    assertThat(
            http.post(
                    API + "/org/remove_user", RawHttp.json(Map.of("user_id", user, "org_id", org)))
                .status())
        .isEqualTo(404);
    assertThat(
            http.post(
                    API + "/org/change_role",
                    RawHttp.json(Map.of("user_id", user, "org_id", org, "role", "Admin")))
                .status())
        .isEqualTo(404);
  }

  @Test
  void addUser_withUnknownUserOrOrg_returns404_andUnknownRole400() {
    String org = createOrg(http, unique("R "));
    String user = createUser(http, email());
    assertThat(
            http.post(
                    API + "/org/add_user",
                    RawHttp.json(
                        Map.of(
                            "user_id",
                            UUID.randomUUID().toString(),
                            "org_id",
                            org,
                            "role",
                            "Member")))
                .status())
        .isEqualTo(404);
    assertThat(
            http.post(
                    API + "/org/add_user",
                    RawHttp.json(
                        Map.of(
                            "user_id",
                            user,
                            "org_id",
                            UUID.randomUUID().toString(),
                            "role",
                            "Member")))
                .status())
        .isEqualTo(404);
    var r =
        http.post(
            API + "/org/add_user",
            RawHttp.json(Map.of("user_id", user, "org_id", org, "role", "Janitor")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("role").get(0).asText()).contains("Owner").contains("Janitor");
  }

  @Test
  void additionalRoles_addTheirPermissions() {
    String org = createOrg(http, unique("Multi "));
    String user = createUser(http, email());
    var r =
        http.post(
            API + "/org/add_user",
            RawHttp.json(
                Map.of(
                    "user_id",
                    user,
                    "org_id",
                    org,
                    "role",
                    "Member",
                    "additional_roles",
                    List.of("Admin"))));
    assertThat(r.status()).isEqualTo(200);
    JsonNode info = Fixtures.user(http, user).get("org_id_to_org_info").get(org);
    assertThat(UsersApiTest.texts(info.get("additional_roles"))).containsExactly("Admin");
    assertThat(UsersApiTest.texts(info.get("user_permissions"))).contains("latchkey::can_invite");
  }

  @Test
  void maxUsers_refusesOneMoreMember_countingPendingInvites() {
    String org = createOrg(http, Map.of("name", unique("Small "), "max_users", 2));
    addToOrg(http, createUser(http, email()), org, "Owner");
    assertThat(
            http.post(
                    API + "/invite_user",
                    RawHttp.json(Map.of("org_id", org, "email", email(), "role", "Member")))
                .status())
        .isEqualTo(200);
    var r =
        http.post(
            API + "/org/add_user",
            RawHttp.json(
                Map.of("user_id", createUser(http, email()), "org_id", org, "role", "Member")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("org_id").get(0).asText()).contains("maximum of 2");
  }

  @Test
  void domainRestriction_refusesOtherDomains_butAcceptsExtraDomains() {
    String domain = unique("r") + ".example.com";
    String org =
        createOrg(
            http,
            Map.of(
                "name",
                unique("Strict "),
                "domain",
                domain,
                "members_must_have_matching_domain",
                true));
    var outsider =
        http.post(
            API + "/org/add_user",
            RawHttp.json(
                Map.of("user_id", createUser(http, email()), "org_id", org, "role", "Member")));
    assertThat(outsider.status()).isEqualTo(400);
    var invite =
        http.post(
            API + "/invite_user",
            RawHttp.json(Map.of("org_id", org, "email", "x@elsewhere.com", "role", "Member")));
    assertThat(invite.status()).isEqualTo(400);
    assertThat(invite.json().has("email")).isTrue();
    addToOrg(http, createUser(http, unique("in") + "@" + domain), org, "Member");
    http.put(
        API + "/org/" + org, RawHttp.json(Map.of("extra_domains", List.of("partner.example.net"))));
    addToOrg(http, createUser(http, unique("p") + "@partner.example.net"), org, "Member");
  }

  @Test
  void domainAutojoin_addsConfirmedUsersAsLowestRole_onCreateAndOnConfirmation() {
    String domain = unique("aj") + ".example.com";
    String org =
        createOrg(
            http,
            Map.of(
                "name", unique("Auto "), "domain", domain, "enable_auto_joining_by_domain", true));
    String confirmed = createUser(http, unique("c") + "@" + domain);
    assertThat(
            Fixtures.user(http, confirmed)
                .get("org_id_to_org_info")
                .get(org)
                .get("user_role")
                .asText())
        .isEqualTo("Member");
    String email = unique("u") + "@" + domain;
    String unconfirmed = createUser(http, Map.of("email", email));
    assertThat(Fixtures.user(http, unconfirmed).get("org_id_to_org_info").has(org)).isFalse();
    String token = Fixtures.token(Fixtures.lastMail(http, email));
    server
        .anonymous()
        .send(
            "POST",
            "/api/v1/email_confirmation",
            "token=" + token,
            "application/x-www-form-urlencoded");
    assertThat(Fixtures.user(http, unconfirmed).get("org_id_to_org_info").has(org)).isTrue();
  }

  @Test
  void invitations_listResendRevoke_andAcceptByLinkCreatesMembership() {
    String org = createOrg(http, unique("Inv "));
    String invitee = email();
    assertThat(
            http.post(
                    API + "/invite_user",
                    RawHttp.json(
                        Map.of(
                            "org_id",
                            org,
                            "email",
                            invitee,
                            "role",
                            "Admin",
                            "additional_roles",
                            List.of())))
                .status())
        .isEqualTo(200);
    JsonNode mail = Fixtures.lastMail(http, invitee);
    assertThat(mail.get("subject").asText()).contains("invited");
    var pending =
        http.get(API + "/pending_org_invites?org_id=" + org + "&page_size=10&page_number=0");
    assertThat(pending.status()).isEqualTo(200);
    assertThat(pending.json().get("total_invites").asLong()).isEqualTo(1);
    JsonNode inv = pending.json().get("invites").get(0);
    assertThat(inv.get("invitee_email").asText()).isEqualTo(invitee);
    assertThat(inv.get("role_in_org").asText()).isEqualTo("Admin");
    assertThat(inv.get("org_name").asText()).startsWith("Inv ");
    assertThat(inv.get("expires_at").asLong()).isGreaterThan(inv.get("created_at").asLong());
    String token = Fixtures.token(mail);
    assertThat(server.anonymous().get("/api/v1/invitations/accept?token=" + token).status())
        .isEqualTo(200);
    var accept =
        server
            .anonymous()
            .send(
                "POST",
                "/api/v1/invitations/accept",
                "token=" + token,
                "application/x-www-form-urlencoded");
    assertThat(accept.status()).isEqualTo(200);
    JsonNode user =
        http.get(API + "/user/email?email=" + invitee.replace("@", "%40") + "&include_orgs=true")
            .json();
    assertThat(user.get("email_confirmed").asBoolean()).isTrue();
    assertThat(user.get("org_id_to_org_info").get(org).get("user_role").asText())
        .isEqualTo("Admin");
    assertThat(
            http.get(API + "/pending_org_invites?org_id=" + org)
                .json()
                .get("total_invites")
                .asLong())
        .isZero();
    assertThat(
            server
                .anonymous()
                .send(
                    "POST",
                    "/api/v1/invitations/accept",
                    "token=" + token,
                    "application/x-www-form-urlencoded")
                .status())
        .isEqualTo(400);
  }

  @Test
  void revokeInvite_removesIt_andUnknownIs404() {
    String org = createOrg(http, unique("Rev "));
    String invitee = email();
    http.post(
        API + "/invite_user",
        RawHttp.json(Map.of("org_id", org, "email", invitee, "role", "Member")));
    String token = Fixtures.token(Fixtures.lastMail(http, invitee));
    assertThat(
            http.delete(
                    API + "/pending_org_invites",
                    RawHttp.json(Map.of("invitee_email", invitee, "org_id", org)))
                .status())
        .isEqualTo(200);
    assertThat(
            http.delete(
                    API + "/pending_org_invites",
                    RawHttp.json(Map.of("invitee_email", invitee, "org_id", org)))
                .status())
        .isEqualTo(404);
    assertThat(
            server
                .anonymous()
                .send(
                    "POST",
                    "/api/v1/invitations/accept",
                    "token=" + token,
                    "application/x-www-form-urlencoded")
                .status())
        .as("a revoked invitation's link no longer works")
        .isEqualTo(400);
  }

  @Test
  void inviteById_andInviteOfExistingMember() {
    String org = createOrg(http, unique("ById "));
    String email = email();
    String user = createUser(http, email);
    assertThat(
            http.post(
                    API + "/invite_user_by_id",
                    RawHttp.json(
                        Map.of(
                            "org_id",
                            org,
                            "user_id",
                            user,
                            "role",
                            "Member",
                            "additional_roles",
                            List.of())))
                .status())
        .isEqualTo(200);
    assertThat(Fixtures.lastMail(http, email).get("subject").asText()).contains("invited");
    assertThat(
            http.post(
                    API + "/invite_user_by_id",
                    RawHttp.json(
                        Map.of(
                            "org_id",
                            org,
                            "user_id",
                            UUID.randomUUID().toString(),
                            "role",
                            "Member")))
                .status())
        .isEqualTo(404);
    addToOrg(http, user, org, "Member");
    var again =
        http.post(
            API + "/invite_user",
            RawHttp.json(Map.of("org_id", org, "email", email, "role", "Member")));
    assertThat(again.status()).isEqualTo(400);
    assertThat(
            http.post(
                    API + "/invite_user",
                    RawHttp.json(
                        Map.of(
                            "org_id",
                            UUID.randomUUID().toString(),
                            "email",
                            email(),
                            "role",
                            "Member")))
                .status())
        .isEqualTo(404);
  }

  @Test
  void expiredInvites_areNotPending_andTheirLinksFail() {
    String org = createOrg(http, unique("Exp "));
    String invitee = email();
    http.post(
        API + "/invite_user",
        RawHttp.json(Map.of("org_id", org, "email", invitee, "role", "Member")));
    String token = Fixtures.token(Fixtures.lastMail(http, invitee));
    server.clock().advance(Duration.ofDays(8));
    assertThat(
            http.get(API + "/pending_org_invites?org_id=" + org)
                .json()
                .get("total_invites")
                .asLong())
        .isZero();
    assertThat(
            server
                .anonymous()
                .send(
                    "POST",
                    "/api/v1/invitations/accept",
                    "token=" + token,
                    "application/x-www-form-urlencoded")
                .status())
        .isEqualTo(400);
  }

  @Test
  void deleteOrg_removesMembershipsAndInvites() {
    String org = createOrg(http, unique("Gone "));
    String user = createUser(http, email());
    addToOrg(http, user, org, "Owner");
    assertThat(http.delete(API + "/org/" + org).status()).isEqualTo(200);
    assertThat(http.get(API + "/org/" + org).status()).isEqualTo(404);
    assertThat(Fixtures.user(http, user).get("org_id_to_org_info").has(org)).isFalse();
    assertThat(http.delete(API + "/org/" + org).status()).isEqualTo(404);
  }

  static List<String> names(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("orgs").forEach(o -> out.add(o.get("name").asText()));
    return out;
  }
}
