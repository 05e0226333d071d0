package dev.latchkey.server.sdk;

import static dev.latchkey.server.sdk.SdkTokens.TEST_ISSUER;
import static dev.latchkey.server.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.client.CreateMagicLinkRequest;
import dev.latchkey.client.CreateOrgRequest;
import dev.latchkey.client.CreateUserRequest;
import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.LoginMethod;
import dev.latchkey.client.RotatedSigningKey;
import dev.latchkey.client.SigningKey;
import dev.latchkey.client.User;
import dev.latchkey.client.UserSession;
import dev.latchkey.client.UserSessionsPage;
import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK's access-token, impersonation, magic-link, unlock, session and signing-key methods
 * against the real server over real HTTP. Tokens are checked by {@link LatchkeyAuth} on a clock of
 * its own, started at the server's time.
 */
@ParameterizedClass
@MethodSource("kinds")
class SdkBackendTokensTest {
  static final String PASSWORD = "correct horse battery staple";

  @Parameter String kind;
  TestServer server;
  LatchkeyClient client;

  static List<String> kinds() {
    return DatabaseKinds.available("SdkBackendTokensTest");
  }

  @BeforeEach
  void setUp() {
    server = TestServer.shared(kind);
    client =
        LatchkeyClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey(TestServer.MANAGEMENT_KEY)
            .timeout(Duration.ofSeconds(10))
            .build();
  }

  String newUser(String email) {
    return client.createUser(
        CreateUserRequest.builder(email).emailConfirmed(true).password(PASSWORD).build());
  }

  String newUser() {
    return newUser(unique("tok") + "@example.com");
  }

  /** Verifies tokens as an application would, at the server's current time. */
  User verify(String token) {
    return LatchkeyAuth.builder()
        .authUrl(server.baseUrl())
        .issuer(TEST_ISSUER)
        .clock(new MutableClock(server.clock().instant()))
        .build()
        .validateAccessToken(token);
  }

  RawHttp.Response login(String email, String password) {
    return server
        .anonymous()
        .post("/api/v1/login", RawHttp.json(Map.of("email", email, "password", password)));
  }

  @Test
  void createAccessToken_givesATokenForTheUser_withAllOrgsOrOneActiveOrg() {
    String user = newUser();
    String org = client.createOrg(CreateOrgRequest.builder(unique("Tok Org ")).build()).orgId();
    client.addUserToOrg(user, org, "Admin");

    User all = verify(client.createAccessToken(user, 5).orElseThrow());
    assertThat(all.userId()).isEqualTo(user);
    assertThat(all.loginMethod().kind()).isEqualTo(LoginMethod.Kind.GENERATED_FROM_BACKEND_API);
    assertThat(all.activeOrgId()).isNull();
    assertThat(all.getOrg(org)).isPresent();

    User active = verify(client.createAccessToken(user, 5, org).orElseThrow());
    assertThat(active.activeOrgId()).isEqualTo(org);
    assertThat(active.getActiveOrg().orElseThrow().userRole()).isEqualTo("Admin");
  }

  @Test
  void createAccessToken_forAnUnknownUser_isEmpty_andAMalformedIdAsksNothing() {
    assertThat(client.createAccessToken(UUID.randomUUID().toString(), 5)).isEmpty();
    assertThat(client.createAccessToken("not-a-uuid", 5)).isEmpty();
  }

  @Test
  void createAccessToken_withBadDurationOrForeignOrg_is400NamingTheField() {
    String user = newUser();
    LatchkeyException duration =
        catchThrowableOfType(LatchkeyException.class, () -> client.createAccessToken(user, 0));
    assertThat(duration.status()).isEqualTo(400);
    assertThat(duration.fieldErrors()).containsKey("duration_in_minutes");

    String foreign =
        client.createOrg(CreateOrgRequest.builder(unique("Not Theirs ")).build()).orgId();
    LatchkeyException org =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.createAccessToken(user, 5, foreign));
    assertThat(org.status()).isEqualTo(400);
    assertThat(org.fieldErrors()).containsKey("active_org_id");
  }

  @Test
  void impersonateUser_namesTheImpersonator_andUnknownUsersAreEmptyOr400() {
    String user = newUser();
    String support = newUser();

    User token = verify(client.impersonateUser(user, support, 10).orElseThrow());
    assertThat(token.userId()).isEqualTo(user);
    assertThat(token.impersonatorUserId()).isEqualTo(support);
    assertThat(token.isImpersonating()).isTrue();
    assertThat(token.loginMethod().kind()).isEqualTo(LoginMethod.Kind.IMPERSONATION);

    assertThat(client.impersonateUser(UUID.randomUUID().toString(), support, 10)).isEmpty();
    assertThat(client.impersonateUser("nope", support, 10)).isEmpty();
    LatchkeyException unknownImpersonator =
        catchThrowableOfType(
            LatchkeyException.class,
            () -> client.impersonateUser(user, UUID.randomUUID().toString(), 10));
    assertThat(unknownImpersonator.status()).isEqualTo(400);
    assertThat(unknownImpersonator.fieldErrors()).containsKey("impersonator_user_id");
  }

  @Test
  void createMagicLink_givesALinkThatSignsTheUserIn() {
    String email = unique("magic") + "@example.com";
    String user = newUser(email);
    String url =
        client.createMagicLink(
            CreateMagicLinkRequest.builder(email)
                .expiresInHours(1)
                .createNewUserIfOneDoesntExist(false)
                .expireAfterFirstUse(true)
                .requiresInterstitial(true)
                .userSignupQueryParameters(Map.of("utm_source", "sdk"))
                .build());

    String prefix = TEST_ISSUER + "/api/v1/magic_link?token=";
    assertThat(url).startsWith(prefix);
    String token = url.substring(prefix.length());
    var used = server.anonymous().post("/api/v1/magic_link", RawHttp.json(Map.of("token", token)));
    assertThat(used.status()).as(used.body()).isEqualTo(200);
    assertThat(used.json().get("user_id").asText()).isEqualTo(user);
    var again = server.anonymous().post("/api/v1/magic_link", RawHttp.json(Map.of("token", token)));
    assertThat(again.status()).as("single use").isEqualTo(401);
  }

  @Test
  void createMagicLink_withUnknownAddressOrForeignRedirect_is400NamingTheField() {
    LatchkeyException unknown =
        catchThrowableOfType(
            LatchkeyException.class,
            () ->
                client.createMagicLink(
                    CreateMagicLinkRequest.builder(unique("nobody") + "@example.com")
                        .createNewUserIfOneDoesntExist(false)
                        .build()));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.fieldErrors()).containsKey("email");

    LatchkeyException redirect =
        catchThrowableOfType(
            LatchkeyException.class,
            () ->
                client.createMagicLink(
                    CreateMagicLinkRequest.builder(unique("m") + "@example.com")
                        .redirectToUrl("https://evil.example.com/")
                        .build()));
    assertThat(redirect.status()).isEqualTo(400);
    assertThat(redirect.fieldErrors()).containsKey("redirect_to_url");
  }

  @Test
  void unlockUser_liftsALockFromFailedLogins_andUnknownIsFalse() {
    String email = unique("locked") + "@example.com";
    String user = newUser(email);
    // 10 failures in a row lock (the 10th answers 403 user_locked); the throttle allows 5 per 15
    // minutes, so two windows
    for (int attempt = 1; attempt <= 10; attempt++) {
      if (attempt % 5 == 1) {
        server.clock().advance(Duration.ofMinutes(16));
      }
      assertThat(login(email, "wrong password").status()).isEqualTo(attempt < 10 ? 401 : 403);
    }
    assertThat(client.fetchUserMetadataByUserId(user, false).orElseThrow().locked()).isTrue();

    assertThat(client.unlockUser(user)).isTrue();
    assertThat(client.fetchUserMetadataByUserId(user, false).orElseThrow().locked()).isFalse();
    assertThat(login(email, PASSWORD).status())
        .as("unlocking also resets the account's failure throttle")
        .isEqualTo(200);
    assertThat(client.unlockUser(UUID.randomUUID().toString())).isFalse();
    assertThat(client.unlockUser("nope")).isFalse();
  }

  @Test
  void fetchUserSessions_listsLogins_newestFirst_andActiveOnlyLeavesEndedOnesOut() {
    String email = unique("sessions") + "@example.com";
    String user = newUser(email);
    var first = login(email, PASSWORD);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(1));
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    var logout =
        server
            .anonymous()
            .post(
                "/api/v1/logout",
                RawHttp.json(Map.of("refresh_token", first.json().get("refresh_token").asText())));
    assertThat(logout.status()).as(logout.body()).isEqualTo(200);

    UserSessionsPage all = client.fetchUserSessions(user, false, 10, 0).orElseThrow();
    assertThat(all.totalSessions()).isEqualTo(2);
    assertThat(all.hasMoreResults()).isFalse();
    UserSession newest = all.sessions().get(0);
    UserSession ended = all.sessions().get(1);
    assertThat(newest.userId()).isEqualTo(user);
    assertThat(newest.loginMethod()).isEqualTo(LoginMethod.Kind.PASSWORD);
    assertThat(newest.active()).isTrue();
    assertThat(newest.ip()).isNotBlank();
    assertThat(newest.expiresAt()).isGreaterThan(newest.createdAt());
    assertThat(ended.id()).isEqualTo(first.json().get("session_id").asText());
    assertThat(ended.active()).isFalse();
    assertThat(ended.revokeReason()).isEqualTo("logout");
    assertThat(ended.revokedAt()).isNotNull();

    UserSessionsPage active = client.fetchUserSessions(user, true, 10, 0).orElseThrow();
    assertThat(active.sessions()).extracting(UserSession::id).containsExactly(newest.id());
    UserSessionsPage paged = client.fetchUserSessions(user, false, 1, 1).orElseThrow();
    assertThat(paged.sessions()).extracting(UserSession::id).containsExactly(ended.id());
    assertThat(paged.currentPage()).isEqualTo(1);
  }

  @Test
  void fetchUserSessions_ofAnUnknownUser_isEmpty_andABadPageSizeIs400() {
    assertThat(client.fetchUserSessions(UUID.randomUUID().toString(), false, 10, 0)).isEmpty();
    assertThat(client.fetchUserSessions("nope", false, 10, 0)).isEmpty();
    LatchkeyException e =
        catchThrowableOfType(
            LatchkeyException.class, () -> client.fetchUserSessions(newUser(), false, 500, 0));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.fieldErrors()).containsKey("page_size");
  }

  @Test
  void rotateSigningKey_signsNewTokensWithTheNewKey_andTheOldOneKeepsVerifying() {
    String user = newUser();
    String before = client.createAccessToken(user, 5).orElseThrow();
    String oldKid =
        client.fetchSigningKeys().stream()
            .filter(SigningKey::signing)
            .findFirst()
            .orElseThrow()
            .kid();

    RotatedSigningKey rotated = client.rotateSigningKey();
    assertThat(rotated.kid()).isNotEqualTo(oldKid);
    assertThat(rotated.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");

    List<SigningKey> keys = client.fetchSigningKeys();
    SigningKey current =
        keys.stream().filter(k -> k.kid().equals(rotated.kid())).findFirst().orElseThrow();
    SigningKey old = keys.stream().filter(k -> k.kid().equals(oldKid)).findFirst().orElseThrow();
    assertThat(current.signing()).isTrue();
    assertThat(current.algorithm()).isEqualTo("RS256");
    assertThat(current.publicKeyPem()).isEqualTo(rotated.publicKeyPem());
    assertThat(old.signing()).isFalse();
    assertThat(old.retiredAt()).isNotNull();
    assertThat(old.verifyUntil()).isGreaterThan(server.clock().instant().getEpochSecond());

    String after = client.createAccessToken(user, 5).orElseThrow();
    assertThat(verify(after).userId()).isEqualTo(user);
    assertThat(verify(before).userId()).isEqualTo(user);
  }
}
