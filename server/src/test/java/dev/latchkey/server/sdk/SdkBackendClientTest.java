package dev.latchkey.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.client.AuditEvent;
import dev.latchkey.client.AuditQuery;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.CreatedManagementKey;
import dev.latchkey.client.CreatedOrg;
import dev.latchkey.client.InvitesPage;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.ManagementKey;
import dev.latchkey.client.MigrateUserRequest;
import dev.latchkey.client.OrgMemberInfo;
import dev.latchkey.client.OrgOrderBy;
import dev.latchkey.client.OrgQuery;
import dev.latchkey.client.OrgSummary;
import dev.latchkey.client.Organization;
import dev.latchkey.client.OrgsPage;
import dev.latchkey.client.OutboxMessage;
import dev.latchkey.client.OutboxPage;
import dev.latchkey.client.PendingInvite;
import dev.latchkey.client.RoleHierarchy;
import dev.latchkey.client.UpdateOrgRequest;
import dev.latchkey.client.UpdateUserMetadataRequest;
import dev.latchkey.client.UserMetadata;
import dev.latchkey.client.UserOrderBy;
import dev.latchkey.client.UserQuery;
import dev.latchkey.client.UsersInOrgQuery;
import dev.latchkey.client.UsersPage;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java SDK against the real server over real HTTP, on every configured database. The shared
 * server's database is shared with other suites, so every test makes its own uniquely named data
 * and never assumes an empty table.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkBackendClientTest {
  static final String BCRYPT = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
  static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkBackendClientTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client = clientWithKey(TestServer.MANAGEMENT_KEY);
  }

  LatchkeyClient clientWithKey(String key) {
    return LatchkeyClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey(key)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static String email() {
    return unique("sdk") + "@example.com";
  }

  String newUser() {
    return client.createUser(CreateUserRequest.builder(email()).emailConfirmed(true).build());
  }

  String newOrg() {
    return client.createOrg(CreateOrgRequest.builder(unique("Sdk Org ")).build()).orgId();
  }

  UserMetadata user(String userId) {
    return client.fetchUserMetadataByUserId(userId, false).orElseThrow();
  }

  Organization org(String orgId) {
    return client.fetchOrg(orgId).orElseThrow();
  }

  List<AuditEvent> auditOf(String action, String targetId) {
    return client
        .fetchAuditEvents(
            AuditQuery.builder().action(action).targetId(targetId).pageSize(100).build())
        .events();
  }

  List<OutboxMessage> mailTo(String address) {
    return client.fetchDevOutbox(address, 100, 0).messages();
  }

  @Nested
  class UserReads {
    @Test
    void createUser_thenFetchByUserId_returnsEveryFieldGiven() {
      String email = email();
      String username = unique("u");
      String id =
          client.createUser(
              CreateUserRequest.builder(email.toUpperCase(Locale.ROOT))
                  .emailConfirmed(true)
                  .password("correct horse battery staple")
                  .username(username)
                  .firstName("Ada")
                  .lastName("Lovelace")
                  .properties(Map.of("fav_color", "blue", "nested", Map.of("n", 1)))
                  .build());

      assertThat(id).matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
      UserMetadata u = user(id);
      assertThat(u.userId()).isEqualTo(id);
      assertThat(u.email()).isEqualTo(email);
      assertThat(u.emailConfirmed()).isTrue();
      assertThat(u.hasPassword()).isTrue();
      assertThat(u.username()).isEqualTo(username);
      assertThat(u.firstName()).isEqualTo("Ada");
      assertThat(u.lastName()).isEqualTo("Lovelace");
      assertThat(u.enabled()).isTrue();
      assertThat(u.locked()).isFalse();
      assertThat(u.mfaEnabled()).isFalse();
      assertThat(u.createdAt()).isEqualTo(server.clock().instant().getEpochSecond());
      assertThat(u.properties()).containsEntry("fav_color", "blue");
      assertThat(u.properties().get("nested")).isEqualTo(Map.of("n", 1));
      assertThat(u.orgIdToOrgInfo()).isEmpty();
      assertThat(u.roleInOrg()).isNull();
      assertThatThrownBy(() -> u.properties().put("x", "y"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fetchUserMetadataByUserId_withUppercaseId_findsTheUser() {
      String id = newUser();
      assertThat(client.fetchUserMetadataByUserId(id.toUpperCase(Locale.ROOT), false))
          .map(UserMetadata::userId)
          .contains(id);
    }

    @Test
    void fetchUserMetadataByUserId_withUnknownId_returnsEmpty() {
      assertThat(client.fetchUserMetadataByUserId(UUID.randomUUID().toString(), true)).isEmpty();
    }

    @Test
    void fetchUserMetadataByUserId_withMalformedId_returnsEmpty() {
      assertThat(client.fetchUserMetadataByUserId("not-a-uuid", false)).isEmpty();
      assertThat(client.fetchUserMetadataByUserId("../org/query", false)).isEmpty();
    }

    @Test
    void fetchUserMetadataByEmail_ignoresCase_andEncodesPlusSigns() {
      String email = unique("sdk+tag") + "@example.com";
      String id = client.createUser(CreateUserRequest.builder(email).emailConfirmed(true).build());

      assertThat(client.fetchUserMetadataByEmail(email.toUpperCase(Locale.ROOT), false))
          .map(UserMetadata::userId)
          .contains(id);
      assertThat(client.fetchUserMetadataByEmail(email(), false)).isEmpty();
    }

    @Test
    void fetchUserMetadataByEmail_withMalformedAddress_throws400NamingEmail() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.fetchUserMetadataByEmail("nobody", false));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("email");
    }

    @Test
    void fetchUserMetadataByUsername_ignoresCase_andUnknownIsEmpty() {
      String username = unique("Name");
      String id =
          client.createUser(
              CreateUserRequest.builder(email()).emailConfirmed(true).username(username).build());

      assertThat(client.fetchUserMetadataByUsername(username.toLowerCase(Locale.ROOT), false))
          .map(UserMetadata::userId)
          .contains(id);
      assertThat(client.fetchUserMetadataByUsername(unique("nobody"), false)).isEmpty();
    }

    @Test
    void fetchBatchUserMetadataByUserIds_keysByTheGivenIds_andLeavesOutUnknownOnes() {
      String a = newUser();
      String b = newUser();
      String unknown = UUID.randomUUID().toString();
      String upperB = b.toUpperCase(Locale.ROOT);

      Map<String, UserMetadata> found =
          client.fetchBatchUserMetadataByUserIds(List.of(a, unknown, upperB, a), false);

      assertThat(found).containsOnlyKeys(a, upperB);
      assertThat(found.get(a).userId()).isEqualTo(a);
      assertThat(found.get(upperB).userId()).isEqualTo(b);
      assertThat(found.get(a).orgIdToOrgInfo()).isEmpty();
    }

    @Test
    void fetchBatchUserMetadataByEmails_keysByTheGivenSpelling() {
      String email = email();
      String id = client.createUser(CreateUserRequest.builder(email).emailConfirmed(true).build());
      String shouted = email.toUpperCase(Locale.ROOT);

      Map<String, UserMetadata> found =
          client.fetchBatchUserMetadataByEmails(List.of(shouted, email()), true);

      assertThat(found).containsOnlyKeys(shouted);
      assertThat(found.get(shouted).userId()).isEqualTo(id);
    }

    @Test
    void fetchBatchUserMetadataByUsernames_keysByTheGivenUsernames() {
      String username = unique("batch");
      String id =
          client.createUser(
              CreateUserRequest.builder(email()).emailConfirmed(true).username(username).build());

      Map<String, UserMetadata> found =
          client.fetchBatchUserMetadataByUsernames(List.of(username, unique("none")), false);

      assertThat(found).containsOnlyKeys(username);
      assertThat(found.get(username).userId()).isEqualTo(id);
    }

    @Test
    void fetchBatchUserMetadata_withMoreThanTheLimit_throws400() {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 1001; i++) {
        ids.add(UUID.randomUUID().toString());
      }
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.fetchBatchUserMetadataByUserIds(ids, false));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("user_ids");
    }

    @Test
    void fetchUsersByQuery_matchesPartOfTheEmail_pagesAndOrders() {
      String token = unique("q");
      List<String> emails = List.of("c-" + token, "a-" + token, "b-" + token);
      for (String local : emails) {
        client.createUser(
            CreateUserRequest.builder(local + "@example.com").emailConfirmed(true).build());
      }

      UsersPage first =
          client.fetchUsersByQuery(
              UserQuery.builder()
                  .emailOrUsername(token)
                  .orderBy(UserOrderBy.EMAIL)
                  .pageSize(2)
                  .build());
      UsersPage second =
          client.fetchUsersByQuery(
              UserQuery.builder()
                  .emailOrUsername(token)
                  .orderBy(UserOrderBy.EMAIL)
                  .pageSize(2)
                  .pageNumber(1)
                  .build());

      assertThat(first.totalUsers()).isEqualTo(3);
      assertThat(first.pageSize()).isEqualTo(2);
      assertThat(first.hasMoreResults()).isTrue();
      assertThat(first.users())
          .extracting(UserMetadata::email)
          .containsExactly("a-" + token + "@example.com", "b-" + token + "@example.com");
      assertThat(second.currentPage()).isEqualTo(1);
      assertThat(second.hasMoreResults()).isFalse();
      assertThat(second.users())
          .extracting(UserMetadata::email)
          .containsExactly("c-" + token + "@example.com");
    }

    @Test
    void fetchUsersByQuery_withPageSizeOverTheLimit_throws400NamingPageSize() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () -> client.fetchUsersByQuery(UserQuery.builder().pageSize(500).build()));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors().get("page_size")).singleElement().asString().contains("500");
      assertThat(e.getMessage()).contains("page_size");
    }

    @Test
    void fetchUsersInOrg_listsMembersWithTheirRole_andFiltersByRole() {
      String org = newOrg();
      String admin = newUser();
      String member = newUser();
      client.addUserToOrg(admin, org, "Admin");
      client.addUserToOrg(member, org, "Member");

      UsersPage all = client.fetchUsersInOrg(UsersInOrgQuery.builder(org).build());
      UsersPage admins =
          client.fetchUsersInOrg(
              UsersInOrgQuery.builder(org).role("Admin").includeOrgs(true).build());

      assertThat(all.totalUsers()).isEqualTo(2);
      assertThat(all.users())
          .extracting(UserMetadata::userId, UserMetadata::roleInOrg)
          .containsExactlyInAnyOrder(tuple(admin, "Admin"), tuple(member, "Member"));
      assertThat(admins.users()).singleElement().extracting(UserMetadata::userId).isEqualTo(admin);
      assertThat(admins.users().get(0).orgIdToOrgInfo()).containsKey(org);
    }

    @Test
    void fetchUsersInOrg_withUnknownOrg_throws404_andWithMalformedIdIsEmpty() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () ->
                  client.fetchUsersInOrg(
                      UsersInOrgQuery.builder(UUID.randomUUID().toString()).build()));
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.errorCode()).contains("not_found");

      UsersPage empty = client.fetchUsersInOrg(UsersInOrgQuery.builder("nope").pageSize(5).build());
      assertThat(empty.users()).isEmpty();
      assertThat(empty.pageSize()).isEqualTo(5);
    }
  }

  @Nested
  class UserChanges {
    @Test
    void createUser_withTakenEmail_throws400WithFieldErrors() {
      String email = email();
      client.createUser(CreateUserRequest.builder(email).build());

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () -> client.createUser(CreateUserRequest.builder(email).build()));

      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors())
          .containsOnlyKeys("email")
          .containsEntry("email", List.of("A user with this email already exists"));
      assertThat(e.errorCode()).isEmpty();
      assertThat(e.body()).contains("already exists");
      assertThat(e.getMessage()).contains("POST /api/backend/v1/user/").contains("400");
    }

    @Test
    void createUser_withBadEmailAndShortPassword_namesBothFields() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () ->
                  client.createUser(
                      CreateUserRequest.builder("not an email").password("short").build()));

      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsOnlyKeys("email", "password");
      assertThat(e.getMessage()).doesNotContain("short\"");
    }

    @Test
    void createUser_unconfirmed_mailsAConfirmationLink() {
      String email = email();
      client.createUser(CreateUserRequest.builder(email).build());

      assertThat(mailTo(email))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.to()).isEqualTo(email);
                assertThat(m.subject()).isEqualTo("Confirm your email address");
                assertThat(m.body()).contains("/api/v1/email_confirmation?token=");
              });
    }

    @Test
    void updateUserEmail_withoutConfirmation_changesAndConfirmsAtOnce() {
      String id = client.createUser(CreateUserRequest.builder(email()).build());
      String next = email();

      assertThat(client.updateUserEmail(id, next, false)).isTrue();

      UserMetadata u = user(id);
      assertThat(u.email()).isEqualTo(next);
      assertThat(u.emailConfirmed()).isTrue();
    }

    @Test
    void updateUserEmail_withConfirmation_mailsTheNewAddress_andKeepsTheOld() {
      String old = email();
      String id = client.createUser(CreateUserRequest.builder(old).emailConfirmed(true).build());
      String next = email();

      assertThat(client.updateUserEmail(id, next, true)).isTrue();

      assertThat(user(id).email()).isEqualTo(old);
      assertThat(mailTo(next)).hasSize(1);
    }

    @Test
    void updateUserEmail_toTakenAddress_throws400NamingNewEmail() {
      String taken = email();
      client.createUser(CreateUserRequest.builder(taken).build());
      String id = newUser();

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.updateUserEmail(id, taken, false));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("new_email");
    }

    @Test
    void updateUserMetadata_changesOnlyTheGivenFields() {
      String id =
          client.createUser(
              CreateUserRequest.builder(email()).firstName("Grace").lastName("Hopper").build());
      String username = unique("meta");

      boolean changed =
          client.updateUserMetadata(
              id,
              UpdateUserMetadataRequest.builder()
                  .username(username)
                  .lastName("Murray")
                  .pictureUrl("https://example.com/p.png")
                  .metadata(Map.of("plan", "pro", "seats", 5))
                  .properties(Map.of("team", "compilers"))
                  .updatePasswordRequired(true)
                  .legacyUserId("old-42")
                  .build());

      assertThat(changed).isTrue();
      UserMetadata u = user(id);
      assertThat(u.firstName()).isEqualTo("Grace");
      assertThat(u.lastName()).isEqualTo("Murray");
      assertThat(u.username()).isEqualTo(username);
      assertThat(u.pictureUrl()).isEqualTo("https://example.com/p.png");
      assertThat(u.metadata()).containsEntry("plan", "pro").containsEntry("seats", 5);
      assertThat(u.properties()).containsEntry("team", "compilers");
      assertThat(u.updatePasswordRequired()).isTrue();
      assertThat(u.legacyUserId()).isEqualTo("old-42");
    }

    @Test
    void updateUserMetadata_withBadPictureUrl_throws400NamingPictureUrl() {
      String id = newUser();
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () ->
                  client.updateUserMetadata(
                      id, UpdateUserMetadataRequest.builder().pictureUrl("ftp://x").build()));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("picture_url");
    }

    @Test
    void updateUserPassword_setsAPassword_andTooShortOneThrows400() {
      String id = newUser();
      assertThat(user(id).hasPassword()).isFalse();

      assertThat(client.updateUserPassword(id, "a long enough passphrase", true)).isTrue();
      UserMetadata u = user(id);
      assertThat(u.hasPassword()).isTrue();
      assertThat(u.updatePasswordRequired()).isTrue();

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.updateUserPassword(id, "short", false));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("password");
    }

    @Test
    void clearUserPassword_removesThePassword() {
      String id =
          client.createUser(
              CreateUserRequest.builder(email()).password("correct horse battery").build());
      assertThat(user(id).hasPassword()).isTrue();

      assertThat(client.clearUserPassword(id)).isTrue();

      assertThat(user(id).hasPassword()).isFalse();
    }

    @Test
    void disableUser_thenEnableUser_togglesEnabled() {
      String id = newUser();

      assertThat(client.disableUser(id)).isTrue();
      assertThat(user(id).enabled()).isFalse();
      assertThat(client.enableUser(id)).isTrue();
      assertThat(user(id).enabled()).isTrue();
    }

    @Test
    void enableAndDisableUserCanCreateOrgs_toggleCanCreateOrgs() {
      String id = newUser();

      assertThat(client.enableUserCanCreateOrgs(id)).isTrue();
      assertThat(user(id).canCreateOrgs()).isTrue();
      assertThat(client.disableUserCanCreateOrgs(id)).isTrue();
      assertThat(user(id).canCreateOrgs()).isFalse();
    }

    @Test
    void disableUser2fa_removesTheMigratedTotpSecret() {
      String id =
          client.migrateUserFromExternalSource(
              MigrateUserRequest.builder(email())
                  .emailConfirmed(true)
                  .existingMfaBase32EncodedSecret(TOTP_SECRET)
                  .build());
      assertThat(user(id).mfaEnabled()).isTrue();

      assertThat(client.disableUser2fa(id)).isTrue();

      assertThat(user(id).mfaEnabled()).isFalse();
    }

    @Test
    void logoutAllUserSessions_succeeds_andIsAudited() {
      String id = newUser();

      assertThat(client.logoutAllUserSessions(id)).isTrue();

      assertThat(auditOf("user.sessions_revoked", id))
          .singleElement()
          .satisfies(
              ev -> {
                assertThat(ev.actorType()).isEqualTo("management_key");
                assertThat(ev.targetType()).isEqualTo("user");
              });
    }

    @Test
    void deleteUser_removesTheUser_andASecondDeleteReturnsFalse() {
      String id = newUser();

      assertThat(client.deleteUser(id)).isTrue();
      assertThat(client.fetchUserMetadataByUserId(id, false)).isEmpty();
      assertThat(client.deleteUser(id)).isFalse();
    }

    @Test
    void userChanges_withUnknownOrMalformedId_returnFalse() {
      String unknown = UUID.randomUUID().toString();
      for (String id : List.of(unknown, "not-a-uuid")) {
        assertThat(client.updateUserEmail(id, email(), false)).isFalse();
        assertThat(
                client.updateUserMetadata(
                    id, UpdateUserMetadataRequest.builder().firstName("X").build()))
            .isFalse();
        assertThat(client.updateUserPassword(id, "long enough password", false)).isFalse();
        assertThat(client.clearUserPassword(id)).isFalse();
        assertThat(client.deleteUser(id)).isFalse();
        assertThat(client.disableUser(id)).isFalse();
        assertThat(client.enableUser(id)).isFalse();
        assertThat(client.enableUserCanCreateOrgs(id)).isFalse();
        assertThat(client.disableUserCanCreateOrgs(id)).isFalse();
        assertThat(client.disableUser2fa(id)).isFalse();
        assertThat(client.logoutAllUserSessions(id)).isFalse();
        assertThat(client.migrateUserPassword(id, BCRYPT)).isFalse();
        assertThat(client.resendEmailConfirmation(id)).isFalse();
      }
    }

    @Test
    void migrateUserFromExternalSource_keepsLegacyIdAndPasswordHash() {
      String legacy = unique("legacy-");
      String email = email();
      String id =
          client.migrateUserFromExternalSource(
              MigrateUserRequest.builder(email)
                  .emailConfirmed(true)
                  .existingUserId(legacy)
                  .existingPasswordHash(BCRYPT)
                  .firstName("Alan")
                  .pictureUrl("https://example.com/a.png")
                  .properties(Map.of("source", "old-system"))
                  .build());

      UserMetadata u = user(id);
      assertThat(u.email()).isEqualTo(email);
      assertThat(u.legacyUserId()).isEqualTo(legacy);
      assertThat(u.hasPassword()).isTrue();
      assertThat(u.firstName()).isEqualTo("Alan");
      assertThat(u.properties()).containsEntry("source", "old-system");
      assertThat(client.fetchUsersByQuery(UserQuery.builder().legacyUserId(legacy).build()).users())
          .extracting(UserMetadata::userId)
          .containsExactly(id);
    }

    @Test
    void migrateUserFromExternalSource_withUnknownHashFormat_throws400NamingTheHash() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () ->
                  client.migrateUserFromExternalSource(
                      MigrateUserRequest.builder(email())
                          .existingPasswordHash("md5:5f4dcc3b5aa765d61d8327deb882cf99")
                          .build()));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsOnlyKeys("existing_password_hash");
      assertThat(e.getMessage()).doesNotContain("5f4dcc3b");
    }

    @Test
    void migrateUserPassword_givesAPasswordlessUserAPassword() {
      String id = newUser();

      assertThat(client.migrateUserPassword(id, BCRYPT)).isTrue();

      assertThat(user(id).hasPassword()).isTrue();
    }

    @Test
    void resendEmailConfirmation_mailsALink_thenIsRateLimitedWithWaitSeconds() {
      String email = email();
      String id =
          client.createUser(
              CreateUserRequest.builder(email).sendEmailToConfirmEmailAddress(false).build());
      assertThat(mailTo(email)).isEmpty();

      assertThat(client.resendEmailConfirmation(id)).isTrue();
      assertThat(mailTo(email)).hasSize(1);

      LatchkeyException e =
          catchThrowableOfType(LatchkeyException.class, () -> client.resendEmailConfirmation(id));
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.errorCode()).contains("rate_limited");
      assertThat(e.waitSeconds()).isPresent();
      assertThat(e.waitSeconds().getAsLong()).isBetween(1L, 60L);
      assertThat(e.userFacingError()).hasValueSatisfying(m -> assertThat(m).contains("seconds"));
      assertThat(e.fieldErrors()).isEmpty();
    }

    @Test
    void resendEmailConfirmation_forAConfirmedAddress_throws400() {
      String id = newUser();
      LatchkeyException e =
          catchThrowableOfType(LatchkeyException.class, () -> client.resendEmailConfirmation(id));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("user_id");
    }
  }

  @Nested
  class Orgs {
    @Test
    void createOrg_thenFetchOrg_returnsTheFieldsGiven() {
      String name = unique("Acme Rockets ");
      String legacy = unique("legacy-org-");
      CreatedOrg created =
          client.createOrg(
              CreateOrgRequest.builder(name)
                  .domain("acme-" + legacy + ".example.com")
                  .enableAutoJoiningByDomain(true)
                  .maxUsers(50)
                  .legacyOrgId(legacy)
                  .build());

      assertThat(created.name()).isEqualTo(name);
      Organization o = org(created.orgId());
      assertThat(o.orgId()).isEqualTo(created.orgId());
      assertThat(o.name()).isEqualTo(name);
      assertThat(o.urlSafeOrgSlug()).isEqualTo(name.toLowerCase(Locale.ROOT).replace(' ', '-'));
      assertThat(o.domain()).isEqualTo("acme-" + legacy + ".example.com");
      assertThat(o.domainAutojoin()).isTrue();
      assertThat(o.domainRestrict()).isFalse();
      assertThat(o.maxUsers()).isEqualTo(50);
      assertThat(o.legacyOrgId()).isEqualTo(legacy);
      assertThat(o.canSetupSaml()).isFalse();
      assertThat(o.metadata()).isEmpty();
      assertThat(o.extraDomains()).isEmpty();
    }

    @Test
    void createOrg_withTakenName_throws400NamingName() {
      String name = unique("Taken ");
      client.createOrg(CreateOrgRequest.builder(name).build());

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () -> client.createOrg(CreateOrgRequest.builder(name).build()));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsOnlyKeys("name");
    }

    @Test
    void fetchOrg_withUnknownOrMalformedId_returnsEmpty() {
      assertThat(client.fetchOrg(UUID.randomUUID().toString())).isEmpty();
      assertThat(client.fetchOrg("query")).isEmpty();
    }

    @Test
    void fetchOrgByQuery_findsByPartOfTheName_inTheOrderAsked() {
      String token = unique("zq");
      for (String prefix : List.of("Beta ", "Alpha ", "Gamma ")) {
        client.createOrg(CreateOrgRequest.builder(prefix + token).build());
      }

      OrgsPage page =
          client.fetchOrgByQuery(
              OrgQuery.builder().name(token).orderBy(OrgOrderBy.NAME).pageSize(2).build());

      assertThat(page.totalOrgs()).isEqualTo(3);
      assertThat(page.hasMoreResults()).isTrue();
      assertThat(page.orgs())
          .extracting(OrgSummary::name)
          .containsExactly("Alpha " + token, "Beta " + token);
    }

    @Test
    void fetchOrgByQuery_withBadDomain_throws400NamingDomain() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () -> client.fetchOrgByQuery(OrgQuery.builder().domain("not a domain").build()));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("domain");
    }

    @Test
    void updateOrg_changesOnlyTheGivenFields() {
      String id = newOrg();
      String name = unique("Renamed ");
      OffsetDateTime deadline = OffsetDateTime.of(2026, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

      boolean changed =
          client.updateOrg(
              id,
              UpdateOrgRequest.builder()
                  .name(name)
                  .metadata(Map.of("tier", "gold", "limits", Map.of("seats", 10)))
                  .maxUsers(20)
                  .domain("renamed.example.com")
                  .restrictToDomain(true)
                  .extraDomains(List.of("Other.example.com"))
                  .require2faBy(deadline)
                  .passwordRotationEnabled(true)
                  .passwordRotationHistorySize(5)
                  .passwordRotationPeriod(90)
                  .build());

      assertThat(changed).isTrue();
      Organization o = org(id);
      assertThat(o.name()).isEqualTo(name);
      assertThat(o.metadata()).containsEntry("tier", "gold");
      assertThat(o.metadata().get("limits")).isEqualTo(Map.of("seats", 10));
      assertThat(o.maxUsers()).isEqualTo(20);
      assertThat(o.domain()).isEqualTo("renamed.example.com");
      assertThat(o.domainRestrict()).isTrue();
      assertThat(o.domainAutojoin()).isFalse();
      assertThat(o.extraDomains()).containsExactly("other.example.com");
      assertThat(o.require2faBy()).isEqualTo(deadline);
      assertThat(o.passwordRotationEnabled()).isTrue();
      assertThat(o.passwordRotationHistorySize()).isEqualTo(5);
      assertThat(o.passwordRotationPeriod()).isEqualTo(90);
    }

    @Test
    void updateOrg_withUnknownId_returnsFalse_andWithBadValue_throws400() {
      assertThat(
              client.updateOrg(
                  UUID.randomUUID().toString(), UpdateOrgRequest.builder().name("x").build()))
          .isFalse();

      String id = newOrg();
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () ->
                  client.updateOrg(
                      id, UpdateOrgRequest.builder().passwordRotationPeriod(0).build()));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("password_rotation_period");
    }

    @Test
    void allowAndDisallowOrgToSetupSamlConnection_toggleCanSetupSaml() {
      String id = newOrg();

      assertThat(client.allowOrgToSetupSamlConnection(id)).isTrue();
      assertThat(org(id).canSetupSaml()).isTrue();
      assertThat(client.disallowOrgToSetupSamlConnection(id)).isTrue();
      assertThat(org(id).canSetupSaml()).isFalse();

      String unknown = UUID.randomUUID().toString();
      assertThat(client.allowOrgToSetupSamlConnection(unknown)).isFalse();
      assertThat(client.disallowOrgToSetupSamlConnection(unknown)).isFalse();
    }

    @Test
    void deleteOrg_removesTheOrg_andASecondDeleteReturnsFalse() {
      String id = newOrg();

      assertThat(client.deleteOrg(id)).isTrue();
      assertThat(client.fetchOrg(id)).isEmpty();
      assertThat(client.deleteOrg(id)).isFalse();
      assertThat(client.deleteOrg("not-a-uuid")).isFalse();
    }
  }

  @Nested
  class Memberships {
    @Test
    void addUserToOrg_thenIncludeOrgs_givesMemberInfoWhoseRoleHelpersFollowTheHierarchy() {
      String orgId = newOrg();
      String userId = newUser();

      assertThat(client.addUserToOrg(userId, orgId, "Admin")).isTrue();

      UserMetadata u = client.fetchUserMetadataByUserId(userId, true).orElseThrow();
      OrgMemberInfo info = u.orgIdToOrgInfo().get(orgId);
      assertThat(info).isNotNull();
      assertThat(info.orgId()).isEqualTo(orgId);
      assertThat(info.orgName()).isEqualTo(org(orgId).name());
      assertThat(info.userRole()).isEqualTo("Admin");
      assertThat(info.inheritedUserRolesPlusCurrentRole()).containsExactly("Admin", "Member");
      assertThat(info.orgRoleStructure()).isEqualTo("single_role_in_hierarchy");
      assertThat(info.isRole("Admin")).isTrue();
      assertThat(info.isRole("Member")).isFalse();
      assertThat(info.isAtLeastRole("Member")).isTrue();
      assertThat(info.isAtLeastRole("Admin")).isTrue();
      assertThat(info.isAtLeastRole("Owner")).isFalse();
      assertThat(info.hasPermission("latchkey::can_invite")).isTrue();
      assertThat(info.hasPermission("latchkey::can_delete_org")).isFalse();
      assertThat(
              info.hasAllPermissions(
                  List.of("latchkey::can_invite", "latchkey::can_view_other_members")))
          .isTrue();
      assertThat(
              info.hasAllPermissions(List.of("latchkey::can_invite", "latchkey::can_delete_org")))
          .isFalse();
      assertThat(client.fetchUserMetadataByUserId(userId, false).orElseThrow().orgIdToOrgInfo())
          .isEmpty();
    }

    @Test
    void addUserToOrg_withAdditionalRoles_grantsTheirPermissionsToo() {
      String orgId = newOrg();
      String userId = newUser();

      assertThat(client.addUserToOrg(userId, orgId, "Member", List.of("Owner"))).isTrue();

      OrgMemberInfo info =
          client.fetchUserMetadataByUserId(userId, true).orElseThrow().orgIdToOrgInfo().get(orgId);
      assertThat(info.userRole()).isEqualTo("Member");
      assertThat(info.additionalRoles()).containsExactly("Owner");
      assertThat(info.hasPermission("latchkey::can_delete_org")).isTrue();
      assertThat(info.isAtLeastRole("Admin")).isFalse();
    }

    @Test
    void addUserToOrg_withUnknownRole_throws400NamingRole_andWithUnknownOrgReturnsFalse() {
      String orgId = newOrg();
      String userId = newUser();

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.addUserToOrg(userId, orgId, "Emperor"));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsOnlyKeys("role");

      assertThat(client.addUserToOrg(userId, UUID.randomUUID().toString(), "Member")).isFalse();
      assertThat(client.addUserToOrg(UUID.randomUUID().toString(), orgId, "Member")).isFalse();
    }

    @Test
    void addUserToOrg_twice_throws400() {
      String orgId = newOrg();
      String userId = newUser();
      client.addUserToOrg(userId, orgId, "Member");

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.addUserToOrg(userId, orgId, "Member"));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsKey("user_id");
    }

    @Test
    void changeUserRoleInOrg_changesTheRole_andForANonMemberReturnsFalse() {
      String orgId = newOrg();
      String userId = newUser();
      client.addUserToOrg(userId, orgId, "Member");

      assertThat(client.changeUserRoleInOrg(userId, orgId, "Owner")).isTrue();

      OrgMemberInfo info =
          client.fetchUserMetadataByUserId(userId, true).orElseThrow().orgIdToOrgInfo().get(orgId);
      assertThat(info.userRole()).isEqualTo("Owner");
      assertThat(info.isAtLeastRole("Admin")).isTrue();
      assertThat(client.changeUserRoleInOrg(newUser(), orgId, "Admin", List.of())).isFalse();
    }

    @Test
    void removeUserFromOrg_removesTheMembership_andASecondRemoveReturnsFalse() {
      String orgId = newOrg();
      String userId = newUser();
      client.addUserToOrg(userId, orgId, "Member");

      assertThat(client.removeUserFromOrg(userId, orgId)).isTrue();

      assertThat(client.fetchUserMetadataByUserId(userId, true).orElseThrow().orgIdToOrgInfo())
          .doesNotContainKey(orgId);
      assertThat(client.removeUserFromOrg(userId, orgId)).isFalse();
    }
  }

  @Nested
  class Invitations {
    @Test
    void inviteUserToOrg_mailsALink_listsThePendingInvite_andRevokeRemovesIt() {
      String orgId = newOrg();
      String invitee = email();

      assertThat(client.inviteUserToOrg(invitee, orgId, "Admin", List.of("Owner"))).isTrue();

      assertThat(mailTo(invitee))
          .singleElement()
          .satisfies(m -> assertThat(m.body()).contains("/api/v1/invitations/accept?token="));
      InvitesPage page = client.fetchPendingInvites(orgId, 10, 0);
      assertThat(page.totalInvites()).isEqualTo(1);
      PendingInvite invite = page.invites().get(0);
      assertThat(invite.inviteeEmail()).isEqualTo(invitee);
      assertThat(invite.orgId()).isEqualTo(orgId);
      assertThat(invite.roleInOrg()).isEqualTo("Admin");
      assertThat(invite.additionalRolesInOrg()).containsExactly("Owner");
      assertThat(invite.expiresAt()).isGreaterThan(invite.createdAt());

      assertThat(client.revokePendingOrgInvite(orgId, invitee)).isTrue();
      assertThat(client.fetchPendingInvites(orgId, 10, 0).invites()).isEmpty();
      assertThat(client.revokePendingOrgInvite(orgId, invitee)).isFalse();
    }

    @Test
    void inviteUserToOrg_withUnknownOrg_returnsFalse_andWithBadEmail_throws400() {
      assertThat(client.inviteUserToOrg(email(), UUID.randomUUID().toString(), "Member")).isFalse();

      String orgId = newOrg();
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.inviteUserToOrg("nope", orgId, "Member"));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsOnlyKeys("email");
    }

    @Test
    void inviteUserToOrgByUserId_invitesTheUsersAddress_andUnknownUserReturnsFalse() {
      String orgId = newOrg();
      String email = email();
      String userId =
          client.createUser(CreateUserRequest.builder(email).emailConfirmed(true).build());

      assertThat(client.inviteUserToOrgByUserId(userId, orgId, "Member")).isTrue();

      assertThat(client.fetchPendingInvites(orgId, 10, 0).invites())
          .extracting(PendingInvite::inviteeEmail)
          .containsExactly(email);
      assertThat(mailTo(email)).hasSize(1);
      assertThat(
              client.inviteUserToOrgByUserId(
                  UUID.randomUUID().toString(), orgId, "Member", List.of()))
          .isFalse();
    }

    @Test
    void fetchPendingInvites_acrossOrgs_includesEveryOrgs_andMalformedOrgIdIsEmpty() {
      String orgId = newOrg();
      String invitee = email();
      client.inviteUserToOrg(invitee, orgId, "Member");

      InvitesPage all = client.fetchPendingInvites(null, 100, 0);
      assertThat(all.totalInvites()).isGreaterThanOrEqualTo(1);
      assertThat(all.pageSize()).isEqualTo(100);

      assertThat(client.fetchPendingInvites("nope", 10, 0).invites()).isEmpty();
    }
  }

  @Nested
  class Admin {
    @Test
    void createManagementKey_givesAWorkingKeyOnce_listedWithoutTheKey_andRevokeStopsIt() {
      String name = unique("sdk key ");
      CreatedManagementKey created = client.createManagementKey(name);

      assertThat(created.key()).startsWith("lk_mgmt_");
      assertThat(created.name()).isEqualTo(name);
      assertThat(created.key()).startsWith(created.displayStart());
      assertThat(created.toString()).doesNotContain(created.key()).contains("[redacted]");

      LatchkeyClient other = clientWithKey(created.key());
      assertThat(other.fetchRoles().roleNames()).isNotEmpty();

      ManagementKey listed = findKey(created.id(), false).orElseThrow();
      assertThat(listed.name()).isEqualTo(name);
      assertThat(listed.displayStart()).isEqualTo(created.displayStart());
      assertThat(listed.revokedAt()).isNull();
      assertThat(listed.lastUsedAt()).isNotNull();
      assertThat(listed.toString()).doesNotContain(created.key());

      assertThat(client.revokeManagementKey(created.id())).isTrue();

      LatchkeyException e = catchThrowableOfType(LatchkeyException.class, other::fetchRoles);
      assertThat(e.status()).isEqualTo(401);
      assertThat(findKey(created.id(), false)).isEmpty();
      assertThat(findKey(created.id(), true).orElseThrow().revokedAt()).isNotNull();
      assertThat(client.revokeManagementKey(created.id())).isFalse();
    }

    Optional<ManagementKey> findKey(String id, boolean includeRevoked) {
      for (int page = 0; page < 50; page++) {
        var keys = client.listManagementKeys(includeRevoked, 100, page);
        Optional<ManagementKey> match =
            keys.managementKeys().stream().filter(k -> k.id().equals(id)).findFirst();
        if (match.isPresent() || !keys.hasMoreResults()) {
          return match;
        }
      }
      throw new AssertionError("more than 5000 management keys; cannot search them all");
    }

    @Test
    void revokeManagementKey_withUnknownOrMalformedId_returnsFalse() {
      assertThat(client.revokeManagementKey(UUID.randomUUID().toString())).isFalse();
      assertThat(client.revokeManagementKey("bootstrap")).isFalse();
    }

    @Test
    void createManagementKey_withOverlongName_throws400NamingName() {
      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class, () -> client.createManagementKey("x".repeat(101)));
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fieldErrors()).containsOnlyKeys("name");
    }

    @Test
    void fetchAuditEvents_filtersByActionAndTarget_newestFirst() {
      String orgId = newOrg();
      client.updateOrg(orgId, UpdateOrgRequest.builder().maxUsers(5).build());
      client.updateOrg(orgId, UpdateOrgRequest.builder().maxUsers(6).build());

      List<AuditEvent> created = auditOf("org.created", orgId);
      List<AuditEvent> updated = auditOf("org.updated", orgId);

      assertThat(created)
          .singleElement()
          .satisfies(
              ev -> {
                assertThat(ev.targetType()).isEqualTo("org");
                assertThat(ev.targetId()).isEqualTo(orgId);
                assertThat(ev.actorType()).isEqualTo("management_key");
                assertThat(ev.occurredAt()).isPositive();
                assertThat(ev.details()).containsKey("name");
              });
      assertThat(updated).hasSize(2);
      assertThat(updated.get(0).id()).isGreaterThan(updated.get(1).id());
      assertThat(updated.get(0).details().get("fields")).isEqualTo(List.of("max_users"));
    }

    @Test
    void fetchRoles_givesTheHierarchyHighestFirst() {
      RoleHierarchy roles = client.fetchRoles();

      assertThat(roles.orgRoleStructure()).isEqualTo("single_role_in_hierarchy");
      assertThat(roles.roleNames()).containsExactly("Owner", "Admin", "Member");
      RoleHierarchy.Role admin = roles.role("Admin").orElseThrow();
      assertThat(admin.inheritedRoles()).containsExactly("Admin", "Member");
      assertThat(admin.permissions()).contains("latchkey::can_invite");
      assertThat(roles.role("Emperor")).isEmpty();
    }

    @Test
    void fetchDevOutbox_filtersByRecipient_newestFirst() {
      String email = email();
      String id =
          client.createUser(
              CreateUserRequest.builder(email).sendEmailToConfirmEmailAddress(false).build());
      client.resendEmailConfirmation(id);
      String orgId = newOrg();
      client.inviteUserToOrg(email, orgId, "Member");

      OutboxPage page = client.fetchDevOutbox(email, 1, 0);

      assertThat(page.totalMessages()).isEqualTo(2);
      assertThat(page.hasMoreResults()).isTrue();
      assertThat(page.messages())
          .singleElement()
          .satisfies(m -> assertThat(m.subject()).startsWith("You are invited to join"));
      assertThat(client.fetchDevOutbox(email, 10, 1).messages()).isEmpty();
      assertThat(client.fetchDevOutbox(null, 5, 0).messages()).hasSizeLessThanOrEqualTo(5);
    }
  }

  @Nested
  class Failures {
    @Test
    void wrongApiKey_throws401WithErrorCode_andTheMessageNeverHoldsTheKey() {
      String wrong = "lk_mgmt_wrong_" + unique("k");
      LatchkeyClient stranger = clientWithKey(wrong);

      LatchkeyException e =
          catchThrowableOfType(
              LatchkeyException.class,
              () -> stranger.fetchUserMetadataByUserId(UUID.randomUUID().toString(), false));

      assertThat(e.status()).isEqualTo(401);
      assertThat(e.errorCode()).contains("unauthorized");
      assertThat(e.userFacingError()).isPresent();
      assertThat(e.fieldErrors()).isEmpty();
      assertThat(e.waitSeconds()).isEmpty();
      assertThat(e.getMessage()).contains("401").doesNotContain(wrong);
      assertThat(e.toString()).doesNotContain(wrong);
      assertThat(stranger.toString()).doesNotContain(wrong);
    }

    @Test
    void wrongApiKey_onAChange_throwsRatherThanReturningFalse() {
      LatchkeyClient stranger = clientWithKey("lk_mgmt_wrong_" + unique("k"));
      assertThatThrownBy(() -> stranger.deleteUser(UUID.randomUUID().toString()))
          .isInstanceOfSatisfying(
              LatchkeyException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void unreachableServer_throwsWithStatusZero_andTheCause() {
      LatchkeyClient nowhere =
          LatchkeyClient.builder()
              .baseUrl("http://127.0.0.1:1")
              .apiKey(TestServer.MANAGEMENT_KEY)
              .timeout(Duration.ofSeconds(2))
              .build();

      LatchkeyException e = catchThrowableOfType(LatchkeyException.class, nowhere::fetchRoles);

      assertThat(e.status()).isZero();
      assertThat(e.getCause()).isNotNull();
      assertThat(e.body()).isEmpty();
      assertThat(e.getMessage()).contains("GET /api/admin/v1/roles").doesNotContain("lk_mgmt_");
    }

    @Test
    void wrongBasePath_throws404OnReadsThatReturnObjects() {
      LatchkeyClient misrouted =
          LatchkeyClient.builder()
              .baseUrl(server.baseUrl() + "/nothing-here")
              .apiKey(TestServer.MANAGEMENT_KEY)
              .build();

      LatchkeyException e = catchThrowableOfType(LatchkeyException.class, misrouted::fetchRoles);
      assertThat(e.status()).isEqualTo(404);
    }

    @Test
    void oneClient_isSafeToShareBetweenThreads() throws Exception {
      String id = newUser();
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 8; i++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        for (int n = 0; n < 5; n++) {
                          assertThat(client.fetchUserMetadataByUserId(id, true)).isPresent();
                        }
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
    }
  }
}
