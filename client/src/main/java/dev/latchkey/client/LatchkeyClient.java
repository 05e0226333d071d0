package dev.latchkey.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.client.Transport.Answer;
import dev.latchkey.client.Transport.Query;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Latchkey backend API: users, organizations, memberships, invitations, access tokens, magic
 * links and issued API keys (PropelAuth's backend API, with its function names in Java casing),
 * plus Latchkey's administration endpoints and the provider-key vault (DynamoAI's auth-data
 * functions, OpenRouter's BYOK API, AI systems, workspaces and resolve).
 *
 * <p>Build one with {@link #builder()} and share it: a client is immutable and thread-safe, and
 * every method is a single blocking HTTP request (except {@link #listAllByokKeys}, one per page)
 * authenticated with the management key.
 *
 * <p>The vault's methods also work with a user's access token or an issued API key given to {@link
 * Builder#apiKey(String)} in place of the management key: the server then limits every call to that
 * caller's workspaces (a user's own and those of the orgs where their role may manage provider
 * keys; an API key's user or org). Such a client is for the vault only; every other method needs
 * the management key and answers 401 without it.
 *
 * <p>Conventions of every method:
 *
 * <ul>
 *   <li>Arguments are non-null unless documented as nullable; a null one throws {@link
 *       NullPointerException} before any request is made.
 *   <li>A user, organization or key that does not exist gives {@link Optional#empty()} or {@code
 *       false}, as PropelAuth's clients mostly do; this SDK applies the rule everywhere, including
 *       where PropelAuth throws ({@code createAccessToken}, {@code fetchApiKey}, {@code
 *       updateApiKey}). An id that is not a UUID (for issued API keys, not 32 hexadecimal
 *       characters) cannot name one, so such a method answers the same without a request.
 *   <li>Every other failure throws {@link LatchkeyException}: invalid input (400, with {@link
 *       LatchkeyException#fieldErrors()}), a wrong API key (401), rate limits (429), server errors,
 *       and network failures or timeouts (status 0). The vault's error envelopes (OpenRouter's and
 *       NestJS's) are read into the same exception.
 *   <li>In the vault, a provider key, AI system or workspace the caller cannot reach is answered
 *       exactly like one that does not exist: empty or {@code false}. {@link #resolveProviderKeys}
 *       is the one exception: it throws 404 for an unknown AI system.
 * </ul>
 *
 * <p>The methods are flat on this one class, as in the seed's API, rather than split by feature.
 */
public final class LatchkeyClient {
  private static final String BACKEND = "/api/backend/v1";
  private static final String ADMIN = "/api/admin/v1";
  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern API_KEY_ID = Pattern.compile("^[0-9a-fA-F]{32}$");
  private static final String API_KEYS = BACKEND + "/end_user_api_keys";
  private static final String AUTH_DATA = "/user-auth/auth-data";
  private static final String BYOK = "/api/v1/byok";
  private static final String AI_SYSTEMS = "/api/v1/ai_systems";
  private static final String WORKSPACES = "/api/v1/workspaces";
  private static final int VAULT_MAX_PAGE = 100;
  private static final TypeReference<List<UserMetadata>> USER_LIST = new TypeReference<>() {};

  private final Transport transport;
  private final ApiKeys apiKeys;

  private LatchkeyClient(Transport transport) {
    this.transport = transport;
    this.apiKeys = new ApiKeys(transport);
  }

  /**
   * Union's API keys: OAuth 2.0 client-credentials applications ({@code create}, {@code listAll},
   * {@code get}, {@code update}, {@code delete}, {@code rotateSecret}), with this client's
   * credential. Not the issued end-user API keys of {@link #createApiKey}.
   */
  public ApiKeys apiKeys() {
    return apiKeys;
  }

  /** Access/secret keypairs and resource policies, with this client's management key. */
  public KeyPairs keyPairs() {
    return new KeyPairs(transport);
  }

  /** A new builder; {@code baseUrl} and {@code apiKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Names the server, never the API key. */
  @Override
  public String toString() {
    return "LatchkeyClient[baseUrl=" + transport.base() + "]";
  }

  // ---- users: reads

  /**
   * {@code GET /user/{user_id}}: the user with this id.
   *
   * @param includeOrgs whether to fill {@link UserMetadata#orgIdToOrgInfo()}
   * @return the user, or empty if there is none (or {@code userId} is not a UUID)
   */
  public Optional<UserMetadata> fetchUserMetadataByUserId(String userId, boolean includeOrgs) {
    if (!isUuid(userId, "userId")) {
      return Optional.empty();
    }
    return fetchUser(BACKEND + "/user/" + userId, new Query().add("include_orgs", includeOrgs));
  }

  /**
   * {@code GET /user/email}: the user with this email address, compared without regard to case.
   *
   * @return the user, or empty if there is none
   * @throws LatchkeyException 400 if {@code email} is not an email address
   */
  public Optional<UserMetadata> fetchUserMetadataByEmail(String email, boolean includeOrgs) {
    Objects.requireNonNull(email, "email");
    return fetchUser(
        BACKEND + "/user/email", new Query().add("email", email).add("include_orgs", includeOrgs));
  }

  /**
   * {@code GET /user/username}: the user with this username, compared without regard to case.
   *
   * @return the user, or empty if there is none
   */
  public Optional<UserMetadata> fetchUserMetadataByUsername(String username, boolean includeOrgs) {
    Objects.requireNonNull(username, "username");
    return fetchUser(
        BACKEND + "/user/username",
        new Query().add("username", username).add("include_orgs", includeOrgs));
  }

  private Optional<UserMetadata> fetchUser(String path, Query query) {
    Answer answer = transport.callAllowingNotFound("GET", path, query, null);
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(transport.read("GET", path, answer, UserMetadata.class));
  }

  /**
   * {@code POST /user/user_ids}: the users with these ids (at most 1000).
   *
   * @return an unmodifiable map from each given id that names a user to that user, in the order
   *     given; ids without a user are absent
   */
  public Map<String, UserMetadata> fetchBatchUserMetadataByUserIds(
      List<String> userIds, boolean includeOrgs) {
    return batch(
        "/user/user_ids",
        new Wire.UserIds(List.copyOf(Objects.requireNonNull(userIds, "userIds"))),
        userIds,
        includeOrgs,
        UserMetadata::userId);
  }

  /**
   * {@code POST /user/emails}: the users with these email addresses (at most 1000), compared
   * without regard to case.
   *
   * @return an unmodifiable map from each given address that names a user to that user, in the
   *     order given; addresses without a user are absent
   */
  public Map<String, UserMetadata> fetchBatchUserMetadataByEmails(
      List<String> emails, boolean includeOrgs) {
    return batch(
        "/user/emails",
        new Wire.Emails(List.copyOf(Objects.requireNonNull(emails, "emails"))),
        emails,
        includeOrgs,
        UserMetadata::email);
  }

  /**
   * {@code POST /user/usernames}: the users with these usernames (at most 1000), compared without
   * regard to case.
   *
   * @return an unmodifiable map from each given username that names a user to that user, in the
   *     order given; usernames without a user are absent
   */
  public Map<String, UserMetadata> fetchBatchUserMetadataByUsernames(
      List<String> usernames, boolean includeOrgs) {
    return batch(
        "/user/usernames",
        new Wire.Usernames(List.copyOf(Objects.requireNonNull(usernames, "usernames"))),
        usernames,
        includeOrgs,
        UserMetadata::username);
  }

  /**
   * Keys the answer by the caller's own strings: the server matches ids, addresses and usernames
   * case-insensitively, so {@code map.get(given)} must work for whatever casing was given.
   */
  private Map<String, UserMetadata> batch(
      String path,
      Object body,
      List<String> keys,
      boolean includeOrgs,
      Function<UserMetadata, String> keyOf) {
    List<UserMetadata> users =
        transport.call(
            "POST",
            BACKEND + path,
            new Query().add("include_orgs", includeOrgs ? true : null),
            body,
            USER_LIST);
    Map<String, UserMetadata> byKey = new LinkedHashMap<>();
    for (UserMetadata u : users) {
      String key = keyOf.apply(u);
      if (key != null) {
        byKey.put(normalize(key), u);
      }
    }
    Map<String, UserMetadata> result = new LinkedHashMap<>();
    for (String given : keys) {
      UserMetadata u = byKey.get(normalize(given));
      if (u != null) {
        result.put(given, u);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static String normalize(String key) {
    return key.strip().toLowerCase(Locale.ROOT);
  }

  /** {@code GET /user/query}: a page of users matching the query. */
  public UsersPage fetchUsersByQuery(UserQuery query) {
    Objects.requireNonNull(query, "query");
    return transport.call(
        "GET",
        BACKEND + "/user/query",
        new Query()
            .add("page_size", query.pageSize())
            .add("page_number", query.pageNumber())
            .add("order_by", query.orderBy())
            .add("email_or_username", query.emailOrUsername())
            .add("include_orgs", query.includeOrgs())
            .add("legacy_user_id", query.legacyUserId()),
        null,
        UsersPage.class);
  }

  /**
   * {@code GET /user/org/{org_id}}: a page of an organization's members, each with {@link
   * UserMetadata#roleInOrg()}. An org id that is not a UUID gives an empty page.
   *
   * @throws LatchkeyException 404 if the organization does not exist
   */
  public UsersPage fetchUsersInOrg(UsersInOrgQuery query) {
    Objects.requireNonNull(query, "query");
    if (!isUuid(query.orgId(), "orgId")) {
      return new UsersPage(
          List.of(),
          0,
          query.pageNumber() == null ? 0 : query.pageNumber(),
          query.pageSize() == null ? 10 : query.pageSize(),
          false);
    }
    return transport.call(
        "GET",
        BACKEND + "/user/org/" + query.orgId(),
        new Query()
            .add("page_size", query.pageSize())
            .add("page_number", query.pageNumber())
            .add("include_orgs", query.includeOrgs())
            .add("role", query.role()),
        null,
        UsersPage.class);
  }

  // ---- users: changes

  /**
   * {@code POST /user/}: creates a user.
   *
   * @return the new user's id, a lower-case UUID
   * @throws LatchkeyException 400 naming the field, for example a taken email or username
   */
  public String createUser(CreateUserRequest request) {
    Objects.requireNonNull(request, "request");
    return transport
        .call("POST", BACKEND + "/user/", null, request, Wire.UserIdAnswer.class)
        .userId();
  }

  /**
   * {@code POST /migrate_user/}: creates a user from another system, keeping its legacy id,
   * password hash and two-factor secret.
   *
   * @return the new user's id
   * @throws LatchkeyException 400 naming the field, for example a hash in an unknown format
   */
  public String migrateUserFromExternalSource(MigrateUserRequest request) {
    Objects.requireNonNull(request, "request");
    return transport
        .call("POST", BACKEND + "/migrate_user/", null, request, Wire.UserIdAnswer.class)
        .userId();
  }

  /**
   * {@code POST /migrate_user/password}: sets a user's password from a bcrypt or Argon2 hash.
   *
   * @return false if there is no such user
   */
  public boolean migrateUserPassword(String userId, String passwordHash) {
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (!isUuid(userId, "userId")) {
      return false;
    }
    return found(
        "POST", BACKEND + "/migrate_user/password", new Wire.MigratePassword(userId, passwordHash));
  }

  /**
   * {@code PUT /user/{user_id}/email}: changes a user's email address.
   *
   * @param requireEmailConfirmation true to mail a link to the new address and change it only when
   *     followed; false to change and confirm it at once
   * @return false if there is no such user
   * @throws LatchkeyException 400 if the address is invalid or taken
   */
  public boolean updateUserEmail(String userId, String newEmail, boolean requireEmailConfirmation) {
    Objects.requireNonNull(newEmail, "newEmail");
    return isUuid(userId, "userId")
        && found(
            "PUT",
            BACKEND + "/user/" + userId + "/email",
            new Wire.UpdateEmail(newEmail, requireEmailConfirmation));
  }

  /**
   * {@code PUT /user/{user_id}}: changes the given profile fields.
   *
   * @return false if there is no such user
   * @throws LatchkeyException 400 naming the field
   */
  public boolean updateUserMetadata(String userId, UpdateUserMetadataRequest request) {
    Objects.requireNonNull(request, "request");
    return isUuid(userId, "userId") && found("PUT", BACKEND + "/user/" + userId, request);
  }

  /**
   * {@code PUT /user/{user_id}/password}: sets a new password.
   *
   * @return false if there is no such user
   * @throws LatchkeyException 400 if the password is too short or too long
   */
  public boolean updateUserPassword(
      String userId, String password, boolean askUserToUpdatePasswordOnLogin) {
    Objects.requireNonNull(password, "password");
    return isUuid(userId, "userId")
        && found(
            "PUT",
            BACKEND + "/user/" + userId + "/password",
            new Wire.UpdatePassword(password, askUserToUpdatePasswordOnLogin));
  }

  /**
   * {@code PUT /user/{user_id}/clear_password}: removes the user's password.
   *
   * @return false if there is no such user
   */
  public boolean clearUserPassword(String userId) {
    return userAction("PUT", userId, "/clear_password");
  }

  /**
   * {@code DELETE /user/{user_id}}: deletes the user and their memberships.
   *
   * @return false if there is no such user
   */
  public boolean deleteUser(String userId) {
    return userAction("DELETE", userId, "");
  }

  /**
   * {@code POST /user/{user_id}/disable}: stops the user from logging in and ends their sessions.
   *
   * @return false if there is no such user
   */
  public boolean disableUser(String userId) {
    return userAction("POST", userId, "/disable");
  }

  /**
   * {@code POST /user/{user_id}/enable}: lets a disabled user log in again.
   *
   * @return false if there is no such user
   */
  public boolean enableUser(String userId) {
    return userAction("POST", userId, "/enable");
  }

  /**
   * {@code PUT /user/{user_id}/can_create_orgs/enable}: lets the user create organizations.
   *
   * @return false if there is no such user
   */
  public boolean enableUserCanCreateOrgs(String userId) {
    return userAction("PUT", userId, "/can_create_orgs/enable");
  }

  /**
   * {@code PUT /user/{user_id}/can_create_orgs/disable}: stops the user from creating
   * organizations.
   *
   * @return false if there is no such user
   */
  public boolean disableUserCanCreateOrgs(String userId) {
    return userAction("PUT", userId, "/can_create_orgs/disable");
  }

  /**
   * {@code POST /user/{user_id}/disable_2fa}: removes the user's two-factor authentication.
   *
   * @return false if there is no such user
   */
  public boolean disableUser2fa(String userId) {
    return userAction("POST", userId, "/disable_2fa");
  }

  /**
   * {@code POST /user/{user_id}/logout_all_sessions}: ends every session of the user.
   *
   * @return false if there is no such user
   */
  public boolean logoutAllUserSessions(String userId) {
    return userAction("POST", userId, "/logout_all_sessions");
  }

  private boolean userAction(String method, String userId, String suffix) {
    return isUuid(userId, "userId") && found(method, BACKEND + "/user/" + userId + suffix, null);
  }

  /**
   * {@code POST /resend_email_confirmation}: mails a fresh confirmation link.
   *
   * @return false if there is no such user
   * @throws LatchkeyException 400 if the address is already confirmed; 429, with {@link
   *     LatchkeyException#waitSeconds()}, if a link was sent within the last minute
   */
  public boolean resendEmailConfirmation(String userId) {
    return isUuid(userId, "userId")
        && found(
            "POST", BACKEND + "/resend_email_confirmation", new Wire.ResendConfirmation(userId));
  }

  // ---- access tokens, magic links, sessions

  /**
   * {@code POST /access_token}: an access token for the user, carrying all of their organizations,
   * with {@code login_method} {@code generated_from_backend_api}.
   *
   * @param durationInMinutes how long the token is valid, from 1 to the server's {@code
   *     LATCHKEY_ACCESS_TOKEN_MAX_MINUTES} (default 7 days)
   * @return the token, or empty if there is no such user (the server's 403, which PropelAuth's
   *     clients turn into {@code UserNotFoundException})
   * @throws LatchkeyException 400 naming the field: a duration out of range, or a disabled or
   *     locked user
   */
  public Optional<String> createAccessToken(String userId, int durationInMinutes) {
    return createAccessToken(userId, durationInMinutes, null);
  }

  /**
   * As {@link #createAccessToken(String, int)}, for one active organization: the token carries only
   * that membership ({@code org_member_info}) and {@link User#activeOrgId()} names it.
   *
   * @param activeOrgId the organization; nullable for all of the user's organizations
   * @throws LatchkeyException 400 naming {@code active_org_id} if the user is not a member
   */
  public Optional<String> createAccessToken(
      String userId, int durationInMinutes, String activeOrgId) {
    if (!isUuid(userId, "userId")) {
      return Optional.empty();
    }
    String path = BACKEND + "/access_token";
    Answer answer =
        transport.callAllowing(
            403,
            "POST",
            path,
            null,
            new Wire.CreateAccessToken(userId, durationInMinutes, activeOrgId));
    if (answer.status() == 403) {
      return Optional.empty();
    }
    return Optional.of(
        transport.read("POST", path, answer, Wire.AccessTokenAnswer.class).accessToken());
  }

  /**
   * {@code POST /user/{user_id}/impersonate}: an access token for the user that names who is acting
   * for them ({@link User#impersonatorUserId()}, {@code login_method} {@code impersonation}), for
   * support staff.
   *
   * @param impersonatorUserId the acting user's id, an existing user other than {@code userId}
   * @param durationInMinutes how long the token is valid, as for {@link #createAccessToken}
   * @return the token, or empty if there is no such user
   * @throws LatchkeyException 400 naming {@code impersonator_user_id} if that user does not exist
   *     or is the user themselves, or {@code duration_in_minutes} if it is out of range
   */
  public Optional<String> impersonateUser(
      String userId, String impersonatorUserId, int durationInMinutes) {
    Objects.requireNonNull(impersonatorUserId, "impersonatorUserId");
    if (!isUuid(userId, "userId")) {
      return Optional.empty();
    }
    String path = BACKEND + "/user/" + userId + "/impersonate";
    Answer answer =
        transport.callAllowingNotFound(
            "POST", path, null, new Wire.Impersonate(impersonatorUserId, durationInMinutes));
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(
        transport.read("POST", path, answer, Wire.AccessTokenAnswer.class).accessToken());
  }

  /**
   * {@code POST /magic_link}: a link that signs its holder in as the user with this address. The
   * URL is a credential: send it only to that address.
   *
   * @return the link, on the server's public URL
   * @throws LatchkeyException 400 naming the field: an invalid address, a redirect to an origin the
   *     server does not allow, an expiry out of range, or an unknown address when the request says
   *     not to create a user
   */
  public String createMagicLink(CreateMagicLinkRequest request) {
    Objects.requireNonNull(request, "request");
    return transport
        .call("POST", BACKEND + "/magic_link", null, request, Wire.UrlAnswer.class)
        .url();
  }

  /**
   * {@code POST /user/{user_id}/unlock}: lifts a lock that repeated failed logins put on the
   * account ({@link UserMetadata#locked()}), before it ends by itself.
   *
   * @return false if there is no such user
   */
  public boolean unlockUser(String userId) {
    return userAction("POST", userId, "/unlock");
  }

  /**
   * {@code GET /user/{user_id}/sessions}: a page of the user's login sessions, newest first.
   *
   * @param activeOnly whether to list only sessions that still work
   * @param pageSize sessions per page, 1 to 100
   * @param pageNumber the zero-based page
   * @return the page, or empty if there is no such user
   */
  public Optional<UserSessionsPage> fetchUserSessions(
      String userId, boolean activeOnly, int pageSize, int pageNumber) {
    if (!isUuid(userId, "userId")) {
      return Optional.empty();
    }
    String path = BACKEND + "/user/" + userId + "/sessions";
    Answer answer =
        transport.callAllowingNotFound(
            "GET",
            path,
            new Query()
                .add("active_only", activeOnly)
                .add("page_size", pageSize)
                .add("page_number", pageNumber),
            null);
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(transport.read("GET", path, answer, UserSessionsPage.class));
  }

  // ---- organizations

  /**
   * {@code GET /org/{org_id}}: the organization with this id.
   *
   * @return the organization, or empty if there is none
   */
  public Optional<Organization> fetchOrg(String orgId) {
    if (!isUuid(orgId, "orgId")) {
      return Optional.empty();
    }
    String path = BACKEND + "/org/" + orgId;
    Answer answer = transport.callAllowingNotFound("GET", path, null, null);
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(transport.read("GET", path, answer, Organization.class));
  }

  /** {@code POST /org/query}: a page of organizations matching the query. */
  public OrgsPage fetchOrgByQuery(OrgQuery query) {
    Objects.requireNonNull(query, "query");
    return transport.call("POST", BACKEND + "/org/query", null, query, OrgsPage.class);
  }

  /**
   * {@code POST /org/}: creates an organization.
   *
   * @throws LatchkeyException 400 naming the field, for example a taken name
   */
  public CreatedOrg createOrg(CreateOrgRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.call("POST", BACKEND + "/org/", null, request, CreatedOrg.class);
  }

  /**
   * {@code PUT /org/{org_id}}: changes the given fields.
   *
   * @return false if there is no such organization
   * @throws LatchkeyException 400 naming the field
   */
  public boolean updateOrg(String orgId, UpdateOrgRequest request) {
    Objects.requireNonNull(request, "request");
    return isUuid(orgId, "orgId") && found("PUT", BACKEND + "/org/" + orgId, request);
  }

  /**
   * {@code DELETE /org/{org_id}}: deletes the organization, its memberships and invitations.
   *
   * @return false if there is no such organization
   */
  public boolean deleteOrg(String orgId) {
    return isUuid(orgId, "orgId") && found("DELETE", BACKEND + "/org/" + orgId, null);
  }

  /**
   * {@code POST /org/{org_id}/allow_saml}: lets the organization set up a SAML connection.
   *
   * @return false if there is no such organization
   */
  public boolean allowOrgToSetupSamlConnection(String orgId) {
    return isUuid(orgId, "orgId") && found("POST", BACKEND + "/org/" + orgId + "/allow_saml", null);
  }

  /**
   * {@code POST /org/{org_id}/disallow_saml}: stops the organization from setting up SAML.
   *
   * @return false if there is no such organization
   */
  public boolean disallowOrgToSetupSamlConnection(String orgId) {
    return isUuid(orgId, "orgId")
        && found("POST", BACKEND + "/org/" + orgId + "/disallow_saml", null);
  }

  // ---- memberships

  /**
   * {@code POST /org/add_user}: adds a user to an organization without an invitation.
   *
   * @return false if the user or the organization does not exist
   * @throws LatchkeyException 400 if the role is unknown, the user is already a member, or the
   *     organization is full or restricted to other domains
   */
  public boolean addUserToOrg(String userId, String orgId, String role) {
    return addUserToOrg(userId, orgId, role, List.of());
  }

  /** As {@link #addUserToOrg(String, String, String)}, with roles in addition to {@code role}. */
  public boolean addUserToOrg(
      String userId, String orgId, String role, List<String> additionalRoles) {
    return found(
        "POST", BACKEND + "/org/add_user", membership(userId, orgId, role, additionalRoles));
  }

  /**
   * {@code POST /org/change_role}: changes a member's role.
   *
   * @return false if the user is not a member of the organization
   * @throws LatchkeyException 400 if the role is unknown
   */
  public boolean changeUserRoleInOrg(String userId, String orgId, String role) {
    return changeUserRoleInOrg(userId, orgId, role, List.of());
  }

  /**
   * As {@link #changeUserRoleInOrg(String, String, String)}, with roles in addition to {@code
   * role}.
   */
  public boolean changeUserRoleInOrg(
      String userId, String orgId, String role, List<String> additionalRoles) {
    return found(
        "POST", BACKEND + "/org/change_role", membership(userId, orgId, role, additionalRoles));
  }

  private static Wire.Membership membership(
      String userId, String orgId, String role, List<String> additionalRoles) {
    return new Wire.Membership(
        Objects.requireNonNull(userId, "userId"),
        Objects.requireNonNull(orgId, "orgId"),
        Objects.requireNonNull(role, "role"),
        List.copyOf(Objects.requireNonNull(additionalRoles, "additionalRoles")));
  }

  /**
   * {@code POST /org/remove_user}: removes a member from an organization.
   *
   * @return false if the user is not a member of the organization
   */
  public boolean removeUserFromOrg(String userId, String orgId) {
    return found(
        "POST",
        BACKEND + "/org/remove_user",
        new Wire.RemoveMember(
            Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(orgId, "orgId")));
  }

  // ---- invitations

  /**
   * {@code POST /invite_user}: mails an invitation to join an organization with {@code role}.
   *
   * @return false if there is no such organization
   * @throws LatchkeyException 400 if the address or role is invalid, the invitee is already a
   *     member, or the organization is full or restricted to other domains
   */
  public boolean inviteUserToOrg(String email, String orgId, String role) {
    return inviteUserToOrg(email, orgId, role, List.of());
  }

  /**
   * As {@link #inviteUserToOrg(String, String, String)}, with roles in addition to {@code role}.
   */
  public boolean inviteUserToOrg(
      String email, String orgId, String role, List<String> additionalRoles) {
    return found(
        "POST",
        BACKEND + "/invite_user",
        new Wire.Invite(
            Objects.requireNonNull(orgId, "orgId"),
            Objects.requireNonNull(email, "email"),
            Objects.requireNonNull(role, "role"),
            List.copyOf(Objects.requireNonNull(additionalRoles, "additionalRoles"))));
  }

  /**
   * {@code POST /invite_user_by_id}: mails an invitation to an existing user's address.
   *
   * @return false if the user or the organization does not exist
   * @throws LatchkeyException 400 as for {@link #inviteUserToOrg(String, String, String)}
   */
  public boolean inviteUserToOrgByUserId(String userId, String orgId, String role) {
    return inviteUserToOrgByUserId(userId, orgId, role, List.of());
  }

  /**
   * As {@link #inviteUserToOrgByUserId(String, String, String)}, with roles in addition to {@code
   * role}.
   */
  public boolean inviteUserToOrgByUserId(
      String userId, String orgId, String role, List<String> additionalRoles) {
    return found(
        "POST",
        BACKEND + "/invite_user_by_id",
        new Wire.InviteById(
            Objects.requireNonNull(orgId, "orgId"),
            Objects.requireNonNull(userId, "userId"),
            Objects.requireNonNull(role, "role"),
            List.copyOf(Objects.requireNonNull(additionalRoles, "additionalRoles"))));
  }

  /**
   * {@code GET /pending_org_invites}: a page of invitations that are neither accepted, revoked nor
   * expired.
   *
   * @param orgId only this organization's invitations; nullable for all organizations. An id that
   *     is not a UUID gives an empty page.
   * @param pageSize invitations per page, 1 to 100
   * @param pageNumber the zero-based page
   */
  public InvitesPage fetchPendingInvites(String orgId, int pageSize, int pageNumber) {
    if (orgId != null && !isUuid(orgId, "orgId")) {
      return new InvitesPage(List.of(), 0, pageNumber, pageSize, false);
    }
    return transport.call(
        "GET",
        BACKEND + "/pending_org_invites",
        new Query().add("org_id", orgId).add("page_size", pageSize).add("page_number", pageNumber),
        null,
        InvitesPage.class);
  }

  /**
   * {@code DELETE /pending_org_invites}: revokes the invitation of {@code inviteeEmail}.
   *
   * @return false if there is no such pending invitation
   */
  public boolean revokePendingOrgInvite(String orgId, String inviteeEmail) {
    return found(
        "DELETE",
        BACKEND + "/pending_org_invites",
        new Wire.RevokeInvite(
            Objects.requireNonNull(inviteeEmail, "inviteeEmail"),
            Objects.requireNonNull(orgId, "orgId")));
  }

  // ---- issued API keys

  /**
   * {@code POST /end_user_api_keys}: issues an API key to a user, an organization, or neither. The
   * answer is the only place the token ever appears.
   *
   * @throws LatchkeyException 400 naming the field: an unknown user or organization, a user who is
   *     not a member of the organization, an expiry in the past, or invalid limits
   */
  public CreatedApiKey createApiKey(CreateApiKeyRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.call("POST", API_KEYS, null, request, CreatedApiKey.class);
  }

  /**
   * {@code GET /end_user_api_keys/{api_key_id}}: the key with this id, archived or not.
   *
   * @return the key, or empty if there is none (or the id is not 32 hexadecimal characters)
   */
  public Optional<ApiKeyFull> fetchApiKey(String apiKeyId) {
    if (!isApiKeyId(apiKeyId)) {
      return Optional.empty();
    }
    String path = API_KEYS + "/" + apiKeyId;
    Answer answer = transport.callAllowingNotFound("GET", path, null, null);
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(transport.read("GET", path, answer, ApiKeyFull.class));
  }

  /**
   * {@code GET /end_user_api_keys}: a page of the keys that are neither deleted nor expired, newest
   * first.
   *
   * @throws LatchkeyException 400 naming the field, for example an org id that is not a UUID
   */
  public ApiKeysPage fetchCurrentApiKeys(ApiKeyQuery query) {
    return apiKeys(API_KEYS, query);
  }

  /**
   * {@code GET /end_user_api_keys/archived}: a page of the keys that were deleted or have expired,
   * newest first.
   *
   * @throws LatchkeyException 400 naming the field
   */
  public ApiKeysPage fetchArchivedApiKeys(ApiKeyQuery query) {
    return apiKeys(API_KEYS + "/archived", query);
  }

  private ApiKeysPage apiKeys(String path, ApiKeyQuery query) {
    Objects.requireNonNull(query, "query");
    return transport.call(
        "GET",
        path,
        new Query()
            .add("org_id", query.orgId())
            .add("user_id", query.userId())
            .add("user_email", query.userEmail())
            .add("api_key_type", query.apiKeyType() == null ? null : query.apiKeyType().wire())
            .add("page_size", query.pageSize())
            .add("page_number", query.pageNumber()),
        null,
        ApiKeysPage.class);
  }

  /**
   * {@code PATCH /end_user_api_keys/{api_key_id}}: changes the given fields. Validation sees the
   * change at once.
   *
   * @return false if there is no such key, or it was deleted
   * @throws LatchkeyException 400 naming the field
   */
  public boolean updateApiKey(String apiKeyId, UpdateApiKeyRequest request) {
    Objects.requireNonNull(request, "request");
    return isApiKeyId(apiKeyId) && found("PATCH", API_KEYS + "/" + apiKeyId, request);
  }

  /**
   * {@code DELETE /end_user_api_keys/{api_key_id}}: archives the key; it is refused from the very
   * next validation.
   *
   * @return false if there is no such key, or it was already deleted
   */
  public boolean deleteApiKey(String apiKeyId) {
    return isApiKeyId(apiKeyId) && found("DELETE", API_KEYS + "/" + apiKeyId, null);
  }

  /**
   * {@code POST /end_user_api_keys/{api_key_id}/reroll}: a new token for the same key (same id,
   * metadata, limits and usage). The answer is the only place the new token ever appears.
   *
   * @param gracePeriodSeconds how long the previous token keeps working, 0 (it stops at once) to 30
   *     days, and never past the key's expiry
   * @return the key's id and new token, or empty if there is no such key, it was deleted, or it was
   *     imported
   * @throws LatchkeyException 400 naming {@code grace_period_seconds} if it is out of range
   */
  public Optional<CreatedApiKey> rerollApiKey(String apiKeyId, long gracePeriodSeconds) {
    if (!isApiKeyId(apiKeyId)) {
      return Optional.empty();
    }
    String path = API_KEYS + "/" + apiKeyId + "/reroll";
    Answer answer =
        transport.callAllowingNotFound("POST", path, null, new Wire.Reroll(gracePeriodSeconds));
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(transport.read("POST", path, answer, CreatedApiKey.class));
  }

  /**
   * {@code POST /end_user_api_keys/import}: takes over a key issued by another system, so that it
   * keeps working; validate it with {@link #validateImportedApiKey}.
   *
   * @return the new key's id
   * @throws LatchkeyException 400 naming the field: a key shorter than 16 or longer than 512
   *     characters or imported before, or an owner as for {@link #createApiKey}
   */
  public String importApiKey(ImportApiKeyRequest request) {
    Objects.requireNonNull(request, "request");
    return transport
        .call("POST", API_KEYS + "/import", null, request, Wire.ApiKeyIdAnswer.class)
        .apiKeyId();
  }

  /**
   * {@code POST /end_user_api_keys/validate}: whose key this is, for a key of any kind. Each call
   * counts as a use: it applies the key's rate limits and credits and adds to its usage.
   *
   * <p>The server counts failed validations against this application's own address (100 a minute
   * before it answers 429): an application that validates keys its callers present should use
   * {@link #validateApiKey(String, String)} instead, so that one caller sending bad keys does not
   * get every caller refused.
   *
   * @param apiKeyToken the token; a leading {@code Bearer } is ignored
   * @throws LatchkeyException 400 with {@code {"api_key_token": ["Invalid API key"]}} for a key
   *     that is unknown, mistyped, expired, disabled or deleted, or whose user is disabled or
   *     deleted (and with another message when it has no credits left and never refills); 429 with
   *     {@link LatchkeyException#waitSeconds()} when the key is over a rate limit or out of credits
   *     until a refill, or when too many invalid keys came from this application
   */
  public ApiKeyValidation validateApiKey(String apiKeyToken) {
    return validateApiKey(apiKeyToken, null);
  }

  /**
   * As {@link #validateApiKey(String)}, on behalf of the end client at {@code clientAddress}: the
   * server counts failed validations against that address (header {@code
   * X-Latchkey-Client-Address}), so that one client sending bad keys is throttled alone rather than
   * this whole application. Name the address of the client that presented the key, such as {@code
   * HttpServletRequest.getRemoteAddr()}; never an address the client itself claims, such as its own
   * {@code X-Forwarded-For}, unless a proxy you run wrote it.
   *
   * @param clientAddress an IPv4 or IPv6 literal; surrounding whitespace, one pair of brackets
   *     ({@code [::1]}) and an IPv6 zone ({@code %eth0}) are removed; nullable: null sends none,
   *     and failures count against this application
   * @throws IllegalArgumentException before any request when {@code clientAddress} is not null and
   *     not a plausible IP literal: hex digits, {@code '.'} and {@code ':'} only, with at least one
   *     {@code '.'} or {@code ':'}, at most 64 characters
   * @throws LatchkeyException as {@link #validateApiKey(String)}; 429 also when too many invalid
   *     keys came from {@code clientAddress}
   */
  public ApiKeyValidation validateApiKey(String apiKeyToken, String clientAddress) {
    return validate("/validate", apiKeyToken, clientAddress);
  }

  /**
   * As {@link #validateApiKey(String)}, and the key must be a personal key: a user and no
   * organization, so {@link ApiKeyValidation#user()} is present.
   *
   * @throws LatchkeyException as {@link #validateApiKey(String)}, and 400 with {@code
   *     {"api_key_token": ["Not a personal API Key"]}} for a valid key of another kind (the body
   *     PropelAuth's clients give)
   */
  public ApiKeyValidation validatePersonalApiKey(String apiKeyToken) {
    return validatePersonalApiKey(apiKeyToken, null);
  }

  /**
   * As {@link #validatePersonalApiKey(String)}, on behalf of the end client at {@code
   * clientAddress}, as for {@link #validateApiKey(String, String)}.
   *
   * @param clientAddress an IPv4 or IPv6 literal; nullable: null sends none
   * @throws IllegalArgumentException before any request when {@code clientAddress} is not a
   *     plausible IP literal
   * @throws LatchkeyException as {@link #validatePersonalApiKey(String)}
   */
  public ApiKeyValidation validatePersonalApiKey(String apiKeyToken, String clientAddress) {
    ApiKeyValidation v = validateApiKey(apiKeyToken, clientAddress);
    if (!v.isPersonal()) {
      throw wrongKind("Not a personal API Key");
    }
    return v;
  }

  /**
   * As {@link #validateApiKey(String)}, and the key must be an org key, so {@link
   * ApiKeyValidation#org()} is present.
   *
   * @throws LatchkeyException as {@link #validateApiKey(String)}, and 400 with {@code
   *     {"api_key_token": ["Not an org API Key"]}} for a valid key of another kind
   */
  public ApiKeyValidation validateOrgApiKey(String apiKeyToken) {
    return validateOrgApiKey(apiKeyToken, null);
  }

  /**
   * As {@link #validateOrgApiKey(String)}, on behalf of the end client at {@code clientAddress}, as
   * for {@link #validateApiKey(String, String)}.
   *
   * @param clientAddress an IPv4 or IPv6 literal; nullable: null sends none
   * @throws IllegalArgumentException before any request when {@code clientAddress} is not a
   *     plausible IP literal
   * @throws LatchkeyException as {@link #validateOrgApiKey(String)}
   */
  public ApiKeyValidation validateOrgApiKey(String apiKeyToken, String clientAddress) {
    ApiKeyValidation v = validateApiKey(apiKeyToken, clientAddress);
    if (!v.isOrg()) {
      throw wrongKind("Not an org API Key");
    }
    return v;
  }

  /**
   * {@code POST /end_user_api_keys/validate_imported}: as {@link #validateApiKey(String)}, for keys
   * taken over with {@link #importApiKey} (and only those).
   *
   * @throws LatchkeyException as {@link #validateApiKey(String)}
   */
  public ApiKeyValidation validateImportedApiKey(String apiKeyToken) {
    return validateImportedApiKey(apiKeyToken, null);
  }

  /**
   * As {@link #validateImportedApiKey(String)}, on behalf of the end client at {@code
   * clientAddress}, as for {@link #validateApiKey(String, String)}.
   *
   * @param clientAddress an IPv4 or IPv6 literal; nullable: null sends none
   * @throws IllegalArgumentException before any request when {@code clientAddress} is not a
   *     plausible IP literal
   * @throws LatchkeyException as {@link #validateImportedApiKey(String)}
   */
  public ApiKeyValidation validateImportedApiKey(String apiKeyToken, String clientAddress) {
    return validate("/validate_imported", apiKeyToken, clientAddress);
  }

  private ApiKeyValidation validate(String suffix, String apiKeyToken, String clientAddress) {
    Objects.requireNonNull(apiKeyToken, "apiKeyToken");
    String address = ClientAddresses.required(clientAddress);
    Wire.Validation v =
        transport.call(
            "POST",
            API_KEYS + suffix,
            null,
            new Wire.ApiKeyToken(apiKeyToken),
            address == null ? Map.of() : Map.of(ClientAddresses.HEADER, address),
            Wire.Validation.class);
    return new ApiKeyValidation(
        v.apiKeyId(),
        v.metadata(),
        Optional.ofNullable(v.user()),
        Optional.ofNullable(v.org()),
        Optional.ofNullable(v.userInOrg()));
  }

  /** The refusal of PropelAuth's clients for a valid key of the wrong kind. */
  private static LatchkeyException wrongKind(String message) {
    return new LatchkeyException(
        "POST " + API_KEYS + "/validate: api_key_token " + message,
        400,
        Map.of("api_key_token", List.of(message)),
        null,
        null,
        null,
        "{\"api_key_token\":[\"" + message + "\"]}",
        null);
  }

  /**
   * {@code GET /end_user_api_keys/usage}: how many validations of the matching keys succeeded on
   * one day (UTC), counting those not yet written to the database.
   *
   * @param orgId only the keys of this organization; nullable
   * @param userId only the keys of this user; nullable
   * @param apiKeyId only this key; nullable
   * @param date the day; nullable for the server's today
   * @throws LatchkeyException 400 naming the field, for example an id in the wrong format
   */
  public long fetchApiKeyUsage(String orgId, String userId, String apiKeyId, LocalDate date) {
    return transport
        .call(
            "GET",
            API_KEYS + "/usage",
            new Query()
                .add("org_id", orgId)
                .add("user_id", userId)
                .add("api_key_id", apiKeyId)
                .add("date", date),
            null,
            Wire.CountAnswer.class)
        .count();
  }

  // ---- provider-key vault: DynamoAI view (/user-auth)

  /**
   * {@code POST /user-auth/auth-data}: stores a provider's API key in the caller's default
   * workspace (DynamoAI's {@code create_cloud_auth_data}). The server checks the key against the
   * provider's format, encrypts it and never shows it again.
   *
   * @param name a name of at most 200 characters
   * @param providerType the provider in DynamoAI's naming: {@code azure}, {@code openai}, {@code
   *     anthropic}, {@code mistral}, {@code togetherai}, {@code lambdalabs}, {@code databricks},
   *     {@code bedrock} or {@code gemini}
   * @param apiKey the provider key
   * @return the stored record, masked
   * @throws LatchkeyException 400 naming the field: {@code authConfig.apiKey} for a key that does
   *     not fit the provider's format (or that the provider refuses, with live checks on), {@code
   *     providerType}, {@code name}; 502 {@code provider_unreachable} when a live check cannot
   *     reach the provider
   */
  public AuthData createCloudAuthData(String name, String providerType, String apiKey) {
    return createCloudAuthData(name, providerType, apiKey, null);
  }

  /**
   * As {@link #createCloudAuthData(String, String, String)}, in the workspace {@code workspaceId}.
   *
   * @param workspaceId a workspace id, or {@code project}, {@code org:<org_id>} or {@code
   *     user:<user_id>} for that owner's default; nullable for the caller's default
   * @throws LatchkeyException as {@link #createCloudAuthData(String, String, String)}, and 400
   *     naming {@code workspaceId} for a workspace the caller cannot reach
   */
  public AuthData createCloudAuthData(
      String name, String providerType, String apiKey, String workspaceId) {
    Objects.requireNonNull(apiKey, "apiKey");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiKey", apiKey);
    return createAuthData(AuthType.REMOTE_CLOUD, name, providerType, config, workspaceId);
  }

  /**
   * {@code POST /user-auth/auth-data} with {@code authType: REMOTE_CUSTOM}: stores a free-form
   * configuration (at most 16 KiB of JSON, such as a custom model's header name and value),
   * encrypted whole. Its field names are shown masked; its values never are.
   *
   * @param providerType the provider in DynamoAI's naming, usually {@code custom_model}
   * @param authConfig the configuration; copied
   * @param workspaceId as for {@link #createCloudAuthData(String, String, String, String)};
   *     nullable
   * @throws LatchkeyException 400 naming the field, such as {@code authConfig} when it is too large
   */
  public AuthData createCustomAuthData(
      String name, String providerType, Map<String, Object> authConfig, String workspaceId) {
    return createAuthData(
        AuthType.REMOTE_CUSTOM,
        name,
        providerType,
        Copies.json(Objects.requireNonNull(authConfig, "authConfig")),
        workspaceId);
  }

  private AuthData createAuthData(
      AuthType type,
      String name,
      String providerType,
      Map<String, Object> config,
      String workspaceId) {
    return transport.call(
        "POST",
        AUTH_DATA,
        null,
        new Wire.CreateAuthData(
            type,
            Objects.requireNonNull(providerType, "providerType"),
            Objects.requireNonNull(name, "name"),
            config,
            workspaceId),
        AuthData.class);
  }

  /**
   * {@code GET /user-auth/auth-data-and-model-association}: the credentials of the caller's default
   * workspace, grouped by auth type and provider, each with the AI systems it serves (DynamoAI's
   * {@code get_user_auth_data_and_associations}).
   *
   * @param authType only credentials of this type; nullable for both
   * @param providerType only this provider's, in DynamoAI's naming; nullable for all
   * @throws LatchkeyException 400 naming {@code authType} or {@code providerType}
   */
  public AuthDataAssociations getUserAuthDataAndAssociations(
      AuthType authType, String providerType) {
    return getUserAuthDataAndAssociations(authType, providerType, null);
  }

  /**
   * As {@link #getUserAuthDataAndAssociations(AuthType, String)}, for the workspace {@code
   * workspaceId} (nullable for the caller's default).
   *
   * @throws LatchkeyException as there, and 400 naming {@code workspaceId} for a workspace the
   *     caller cannot reach
   */
  public AuthDataAssociations getUserAuthDataAndAssociations(
      AuthType authType, String providerType, String workspaceId) {
    return transport.call(
        "GET",
        "/user-auth/auth-data-and-model-association",
        new Query()
            .add("authType", authType == null ? null : authType.wire())
            .add("providerType", providerType)
            .add("workspaceId", workspaceId),
        null,
        AuthDataAssociations.class);
  }

  /**
   * {@code GET /user-auth/auth-data/{authId}}: the credential and its AI-system mappings
   * (DynamoAI's {@code get_auth_data}).
   *
   * @return the credential, or empty if there is none the caller can reach (or {@code authId} is
   *     below 1)
   */
  public Optional<AuthDataWithMappings> getAuthData(long authId) {
    if (authId < 1) {
      return Optional.empty();
    }
    return optional("GET", AUTH_DATA + "/" + authId, null, null, AuthDataWithMappings.class);
  }

  /**
   * {@code POST /user-auth/auth-data/{authId}}: renames the credential and/or rotates its key in
   * place (DynamoAI's {@code edit_auth_data}); its id and mappings stay.
   *
   * <p>The key is sent as {@code authConfig: {apiKey}}, which the server takes as a whole new
   * configuration for a {@link AuthType#REMOTE_CUSTOM} credential: change those with {@link
   * #editCustomAuthData} instead.
   *
   * @param name a new name; nullable to keep it
   * @param apiKey a new provider key, validated like a new one; nullable to keep it
   * @return the record as it now is, or empty if there is no such credential
   * @throws LatchkeyException 400 naming {@code authConfig.apiKey} for a key that does not fit the
   *     provider's format; nothing changes then
   */
  public Optional<AuthData> editAuthData(long authId, String name, String apiKey) {
    Map<String, Object> config = null;
    if (apiKey != null) {
      config = new LinkedHashMap<>();
      config.put("apiKey", apiKey);
    }
    return editAuthData(authId, new Wire.EditAuthData(name, config));
  }

  /**
   * As {@link #editAuthData(long, String, String)} for a {@link AuthType#REMOTE_CUSTOM} credential:
   * a new name and/or a new configuration, which replaces the old one whole.
   *
   * @param name a new name; nullable to keep it
   * @param authConfig a new configuration; nullable to keep it; copied
   */
  public Optional<AuthData> editCustomAuthData(
      long authId, String name, Map<String, Object> authConfig) {
    return editAuthData(
        authId, new Wire.EditAuthData(name, authConfig == null ? null : Copies.json(authConfig)));
  }

  private Optional<AuthData> editAuthData(long authId, Wire.EditAuthData body) {
    if (authId < 1) {
      return Optional.empty();
    }
    return optional("POST", AUTH_DATA + "/" + authId, null, body, AuthData.class);
  }

  /**
   * {@code DELETE /user-auth/auth-data/{authId}}: wipes the key material and deletes the credential
   * from both views (DynamoAI's {@code delete_auth_data}). Its AI-system mappings go; a system
   * whose primary it was gets the next key as primary.
   *
   * @return what was done, with the promotions; empty if there is no such credential
   */
  public Optional<DeletedAuthData> deleteAuthData(long authId) {
    if (authId < 1) {
      return Optional.empty();
    }
    return optional("DELETE", AUTH_DATA + "/" + authId, null, null, DeletedAuthData.class);
  }

  /**
   * {@code POST /user-auth/auth-data/{authId}/mappings}: maps the credential to AI systems and
   * unmaps it from others (DynamoAI's {@code update_auth_mappings_on_auth_data}), all or nothing.
   * The first key mapped to a system becomes its primary; unmapping the primary promotes the next.
   *
   * @param aiSystemsToAdd ids of AI systems of the same workspace and provider; may be empty
   * @param aiSystemsToRemove ids of AI systems to unmap it from; may be empty
   * @return what changed, with the promotions; empty if there is no such credential
   * @throws LatchkeyException 400 naming the entry, such as {@code aiSystemsToAdd[1]}, for an
   *     unknown AI system or one of another workspace or provider; nothing changes then
   */
  public Optional<AuthMappingsUpdate> updateAuthMappingsOnAuthData(
      long authId, List<String> aiSystemsToAdd, List<String> aiSystemsToRemove) {
    Wire.AuthMappings body =
        new Wire.AuthMappings(
            List.copyOf(Objects.requireNonNull(aiSystemsToAdd, "aiSystemsToAdd")),
            List.copyOf(Objects.requireNonNull(aiSystemsToRemove, "aiSystemsToRemove")));
    if (authId < 1) {
      return Optional.empty();
    }
    return optional(
        "POST", AUTH_DATA + "/" + authId + "/mappings", null, body, AuthMappingsUpdate.class);
  }

  // ---- provider-key vault: OpenRouter view (/api/v1/byok)

  /**
   * {@code GET /api/v1/byok}: a page of provider keys in use order (OpenRouter's {@code
   * byok.list}).
   *
   * @throws LatchkeyException 400 naming the field: {@code limit} outside 1 to 100, a negative
   *     {@code offset}, a {@code provider} that is not a slug, a {@code workspace_id} the caller
   *     cannot reach
   */
  public ByokKeysPage listByokKeys(ByokKeyQuery query) {
    Objects.requireNonNull(query, "query");
    return transport.call(
        "GET",
        BYOK,
        new Query()
            .add("limit", query.limit())
            .add("offset", query.offset())
            .add("workspace_id", query.workspaceId())
            .add("provider", query.provider()),
        null,
        ByokKeysPage.class);
  }

  /**
   * Every provider key of a workspace, in use order: {@link #listByokKeys} page after page (100 a
   * page, so one request per 100 keys) until the last. Pages are read by offset, so a key stored or
   * deleted meanwhile can shift the pages; no key is listed twice.
   *
   * @param workspaceId as for {@link ByokKeyQuery#workspaceId()}; nullable for the caller's default
   * @param provider only this provider's keys; nullable for all
   * @return an unmodifiable list
   * @throws LatchkeyException as {@link #listByokKeys}
   */
  public List<ByokKey> listAllByokKeys(String workspaceId, String provider) {
    Map<String, ByokKey> all = new LinkedHashMap<>();
    long offset = 0;
    while (true) {
      ByokKeysPage page =
          listByokKeys(new ByokKeyQuery(workspaceId, provider, VAULT_MAX_PAGE, offset));
      page.data().forEach(k -> all.putIfAbsent(k.id(), k));
      offset += page.data().size();
      if (page.data().size() < VAULT_MAX_PAGE || offset >= page.totalCount()) {
        return List.copyOf(all.values());
      }
    }
  }

  /**
   * {@code POST /api/v1/byok}: stores a provider key (OpenRouter's {@code byok.create}). The server
   * checks it against the provider's format, encrypts it and never shows it again.
   *
   * @return the stored key, masked
   * @throws LatchkeyException 400 naming the field: {@code key} for a key that does not fit the
   *     provider's format, {@code is_byok_only} together with {@code is_fallback}, an allowlist
   *     entry that names no API key or user (such as {@code allowed_user_ids[0]}), a {@code
   *     workspace_id} the caller cannot reach; 502 {@code provider_unreachable} when a live check
   *     cannot reach the provider
   */
  public ByokKey createByokKey(CreateByokKeyRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.call("POST", BYOK, null, request, Wire.ByokKeyAnswer.class).data();
  }

  /**
   * {@code GET /api/v1/byok/{id}}: the key with this id, masked.
   *
   * @return the key, or empty if there is none the caller can reach (or {@code id} is not a UUID)
   */
  public Optional<ByokKey> getByokKey(String id) {
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional("GET", BYOK + "/" + id, null, null, Wire.ByokKeyAnswer.class)
        .map(Wire.ByokKeyAnswer::data);
  }

  /**
   * {@code PATCH /api/v1/byok/{id}}: changes the fields the request sets, and clears those it
   * clears ({@code null} lifts an allowlist, or makes {@code declared_zdr} inherited). A new {@code
   * key} rotates the key in place. The provider and workspace cannot change.
   *
   * @return the key as it now is, or empty if there is no such key
   * @throws LatchkeyException 400 naming the field; nothing changes then
   */
  public Optional<ByokKey> updateByokKey(String id, UpdateByokKeyRequest request) {
    Objects.requireNonNull(request, "request");
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional("PATCH", BYOK + "/" + id, null, request, Wire.ByokKeyAnswer.class)
        .map(Wire.ByokKeyAnswer::data);
  }

  /**
   * {@code DELETE /api/v1/byok/{id}}: wipes the key material and deletes the key from both views.
   * Its AI-system mappings go; a system whose primary it was gets the next key as primary.
   *
   * @return the deletion with its promotions, or empty if there is no such key
   */
  public Optional<DeletedByokKey> deleteByokKey(String id) {
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional("DELETE", BYOK + "/" + id, null, null, DeletedByokKey.class);
  }

  // ---- provider-key vault: AI systems

  /**
   * {@code POST /api/v1/ai_systems}: an AI system served by keys already in the vault.
   *
   * @throws LatchkeyException 400 naming the field: {@code auth_data_ids} missing for a remote
   *     system, an entry naming no key of the same workspace and provider (such as {@code
   *     auth_data_ids[0]}), {@code primary_auth_data_id} missing or not among them, an {@code
   *     endpoint} that is not an http(s) URL
   */
  public AiSystem createAiSystem(CreateAiSystemRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.call("POST", AI_SYSTEMS, null, request, Wire.AiSystemAnswer.class).data();
  }

  /**
   * {@code GET /api/v1/ai_systems}: a page of a workspace's AI systems.
   *
   * @param workspaceId a workspace id, or {@code project}, {@code org:<org_id>} or {@code
   *     user:<user_id>}; nullable for the caller's default
   * @param limit systems per page, 1 to 100
   * @param offset how many to skip
   * @throws LatchkeyException 400 naming {@code workspace_id}, {@code limit} or {@code offset}
   */
  public AiSystemsPage listAiSystems(String workspaceId, int limit, long offset) {
    return transport.call(
        "GET",
        AI_SYSTEMS,
        new Query().add("workspace_id", workspaceId).add("limit", limit).add("offset", offset),
        null,
        AiSystemsPage.class);
  }

  /**
   * {@code GET /api/v1/ai_systems/{id}}: the AI system with its keys, masked.
   *
   * @return the system, or empty if there is none the caller can reach
   */
  public Optional<AiSystem> getAiSystem(String id) {
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional("GET", AI_SYSTEMS + "/" + id, null, null, Wire.AiSystemAnswer.class)
        .map(Wire.AiSystemAnswer::data);
  }

  /**
   * {@code PATCH /api/v1/ai_systems/{id}}: changes what the request sets or clears; {@code
   * auth_data_ids} replaces the mappings in the order given.
   *
   * @return the system as it now is, with the promotion when the primary was dropped; empty if
   *     there is no such system
   * @throws LatchkeyException 400 naming the field, such as {@code primary_auth_data_id} for a key
   *     that is not mapped, or {@code auth_data_ids} for an empty list on a remote system
   */
  public Optional<UpdatedAiSystem> updateAiSystem(String id, UpdateAiSystemRequest request) {
    Objects.requireNonNull(request, "request");
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional("PATCH", AI_SYSTEMS + "/" + id, null, request, UpdatedAiSystem.class);
  }

  /**
   * {@code DELETE /api/v1/ai_systems/{id}}: deletes the AI system and its mappings; the keys stay.
   *
   * @return false if there is no such system
   */
  public boolean deleteAiSystem(String id) {
    return isUuid(id, "id") && found("DELETE", AI_SYSTEMS + "/" + id, null);
  }

  // ---- provider-key vault: workspaces

  /**
   * {@code GET /api/v1/workspaces}: a page of the workspaces the caller reaches (a caller's default
   * workspaces are made on first use).
   *
   * @param ownerType only workspaces of this kind of owner; nullable for all
   * @param ownerId only this owner's; nullable for all
   * @param limit workspaces per page, 1 to 100
   * @param offset how many to skip
   * @throws LatchkeyException 400 naming {@code owner_type}, {@code limit} or {@code offset}
   */
  public WorkspacesPage listWorkspaces(
      WorkspaceOwnerType ownerType, String ownerId, int limit, long offset) {
    return transport.call(
        "GET",
        WORKSPACES,
        new Query()
            .add("owner_type", ownerType == null ? null : ownerType.wire())
            .add("owner_id", ownerId)
            .add("limit", limit)
            .add("offset", offset),
        null,
        WorkspacesPage.class);
  }

  /**
   * {@code POST /api/v1/workspaces}: a new workspace of the caller's default owner (the project for
   * a management key, the user for an access token or a personal API key, the org for an org API
   * key).
   *
   * @param name a name of at most 100 characters
   */
  public Workspace createWorkspace(String name) {
    return createWorkspace(name, null, null);
  }

  /**
   * As {@link #createWorkspace(String)}, for an org or a user. A management key may name any; a
   * user may name an org where they may manage provider keys.
   *
   * @param orgId the owning org; nullable
   * @param userId the owning user; nullable; not together with {@code orgId}
   * @throws LatchkeyException 400 naming {@code org_id} or {@code user_id} for an owner that does
   *     not exist or the caller cannot create workspaces for
   */
  public Workspace createWorkspace(String name, String orgId, String userId) {
    return transport
        .call(
            "POST",
            WORKSPACES,
            null,
            new Wire.CreateWorkspace(Objects.requireNonNull(name, "name"), orgId, userId),
            Wire.WorkspaceAnswer.class)
        .data();
  }

  /**
   * {@code GET /api/v1/workspaces/{id}}.
   *
   * @return the workspace, or empty if there is none the caller can reach
   */
  public Optional<Workspace> getWorkspace(String id) {
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional("GET", WORKSPACES + "/" + id, null, null, Wire.WorkspaceAnswer.class)
        .map(Wire.WorkspaceAnswer::data);
  }

  /**
   * {@code PATCH /api/v1/workspaces/{id}}: a new name.
   *
   * @return the workspace as it now is, or empty if there is no such workspace
   */
  public Optional<Workspace> renameWorkspace(String id, String name) {
    Objects.requireNonNull(name, "name");
    if (!isUuid(id, "id")) {
      return Optional.empty();
    }
    return optional(
            "PATCH",
            WORKSPACES + "/" + id,
            null,
            new Wire.RenameWorkspace(name),
            Wire.WorkspaceAnswer.class)
        .map(Wire.WorkspaceAnswer::data);
  }

  /**
   * {@code DELETE /api/v1/workspaces/{id}}: deletes an empty workspace.
   *
   * @return false if there is no such workspace
   * @throws LatchkeyException 409 {@code conflict} for a default workspace, or one that still holds
   *     keys or AI systems
   */
  public boolean deleteWorkspace(String id) {
    return isUuid(id, "id") && found("DELETE", WORKSPACES + "/" + id, null);
  }

  // ---- provider-key vault: resolve

  /**
   * {@code POST /api/v1/resolve}: the keys a gateway should spend on one call, decrypted, in use
   * order. Needs a management key made with the decrypt permission ({@link
   * #createManagementKey(String, boolean)}); the server audits every key it returns ({@code
   * provider_key.decrypted}). {@link ResolvedProviderKeys#toString()} shows no key.
   *
   * <p>Unlike the lookups, an AI system that does not exist is an exception rather than an empty
   * answer: an empty list of keys already means "nothing usable", and a gateway must not mistake a
   * missing system for that.
   *
   * @throws LatchkeyException 403 {@code decrypt_not_allowed} for a management key without the
   *     permission (401 for any other credential); 404 {@code not_found} for an AI system that does
   *     not exist; 400 naming the field, such as {@code ai_system_id} when neither it nor a
   *     provider is given, or both
   */
  public ResolvedProviderKeys resolveProviderKeys(ResolveRequest request) {
    Objects.requireNonNull(request, "request");
    return transport.callForSecrets(
        "POST", "/api/v1/resolve", null, request, ResolvedProviderKeys.class);
  }

  /** As {@link #resolveProviderKeys(ResolveRequest)}, for every usable key of one AI system. */
  public ResolvedProviderKeys resolveProviderKeys(String aiSystemId) {
    return resolveProviderKeys(ResolveRequest.aiSystem(aiSystemId).build());
  }

  /** Sends a request whose 404 means "no such thing": the answer read, or empty on a 404. */
  private <T> Optional<T> optional(
      String method, String path, Query query, Object body, Class<T> type) {
    Answer answer = transport.callAllowingNotFound(method, path, query, body);
    if (answer.notFound()) {
      return Optional.empty();
    }
    return Optional.of(transport.read(method, path, answer, type));
  }

  // ---- Latchkey administration

  /**
   * {@code GET /api/admin/v1/management_keys}: a page of management keys, oldest first, without the
   * keys themselves.
   *
   * @param includeRevoked whether revoked keys are listed too
   * @param pageSize keys per page, 1 to 100
   * @param pageNumber the zero-based page
   */
  public ManagementKeysPage listManagementKeys(
      boolean includeRevoked, int pageSize, int pageNumber) {
    return transport.call(
        "GET",
        ADMIN + "/management_keys",
        new Query()
            .add("include_revoked", includeRevoked)
            .add("page_size", pageSize)
            .add("page_number", pageNumber),
        null,
        ManagementKeysPage.class);
  }

  /**
   * {@code POST /api/admin/v1/management_keys}: creates a management key. The answer is the only
   * place the key ever appears.
   *
   * @param name a label of at most 100 characters; nullable ({@code unnamed})
   */
  public CreatedManagementKey createManagementKey(String name) {
    return createManagementKey(name, false);
  }

  /**
   * As {@link #createManagementKey(String)}; with {@code canDecrypt}, the key may also resolve
   * decrypted provider keys from the vault ({@link #resolveProviderKeys(ResolveRequest)}), a right
   * no other credential has. Give it only to the gateway that spends the keys.
   */
  public CreatedManagementKey createManagementKey(String name, boolean canDecrypt) {
    return transport.call(
        "POST",
        ADMIN + "/management_keys",
        null,
        new Wire.CreateKey(name, canDecrypt ? Boolean.TRUE : null),
        CreatedManagementKey.class);
  }

  /**
   * {@code DELETE /api/admin/v1/management_keys/{id}}: revokes a key at once on this server node
   * (other nodes within 30 seconds).
   *
   * @return false if there is no active key with this id
   */
  public boolean revokeManagementKey(String id) {
    return isUuid(id, "id") && found("DELETE", ADMIN + "/management_keys/" + id, null);
  }

  /** {@code GET /api/admin/v1/audit_events}: a page of audit events, newest first. */
  public AuditEventsPage fetchAuditEvents(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    return transport.call(
        "GET",
        ADMIN + "/audit_events",
        new Query()
            .add("page_size", query.pageSize())
            .add("page_number", query.pageNumber())
            .add("action", query.action())
            .add("target_id", query.targetId()),
        null,
        AuditEventsPage.class);
  }

  /** {@code GET /api/admin/v1/roles}: the project's role hierarchy. */
  public RoleHierarchy fetchRoles() {
    return transport.call("GET", ADMIN + "/roles", null, null, RoleHierarchy.class);
  }

  /**
   * {@code GET /api/admin/v1/signing_keys}: the keys whose tokens may still verify, the signing one
   * among them; public halves only.
   *
   * @return an unmodifiable list
   */
  public List<SigningKey> fetchSigningKeys() {
    return List.copyOf(
        transport
            .call("GET", ADMIN + "/signing_keys", null, null, Wire.SigningKeys.class)
            .signingKeys());
  }

  /**
   * {@code POST /api/admin/v1/signing_keys/rotate}: a new key signs tokens from now on. The
   * previous one keeps verifying the tokens it signed for the longest token lifetime, and {@link
   * LatchkeyAuth} picks the new one up by itself; other server nodes follow within 30 seconds.
   */
  public RotatedSigningKey rotateSigningKey() {
    return transport.call(
        "POST", ADMIN + "/signing_keys/rotate", null, null, RotatedSigningKey.class);
  }

  /**
   * {@code GET /api/admin/v1/dev/outbox}: a page of the mail the server kept instead of sending,
   * newest first. Meant for development and tests.
   *
   * @param to only mail to this address; nullable for all mail
   * @param pageSize messages per page, 1 to 100
   * @param pageNumber the zero-based page
   * @throws LatchkeyException 404 if the server sends mail over SMTP and keeps no outbox
   */
  public OutboxPage fetchDevOutbox(String to, int pageSize, int pageNumber) {
    return transport.call(
        "GET",
        ADMIN + "/dev/outbox",
        new Query().add("to", to).add("page_size", pageSize).add("page_number", pageNumber),
        null,
        OutboxPage.class);
  }

  // ---- shared

  /** Sends a change whose answer the caller ignores; true on success, false on a 404. */
  private boolean found(String method, String path, Object body) {
    return !transport.callAllowingNotFound(method, path, null, body).notFound();
  }

  private static boolean isUuid(String id, String name) {
    Objects.requireNonNull(id, name);
    return UUID.matcher(id).matches();
  }

  private static boolean isApiKeyId(String id) {
    Objects.requireNonNull(id, "apiKeyId");
    return API_KEY_ID.matcher(id).matches();
  }

  /**
   * Builds a {@link LatchkeyClient}. Every setter checks its value at once and throws {@link
   * IllegalArgumentException} naming the value and the rule broken (the API key itself is never
   * repeated). Not thread-safe; the client it builds is.
   */
  public static final class Builder {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private URI baseUrl;
    private String apiKey;
    private Duration timeout = DEFAULT_TIMEOUT;
    private HttpClient httpClient;

    private Builder() {}

    /**
     * The server's address, such as {@code https://auth.example.com} or {@code
     * http://127.0.0.1:8080/latchkey}; required.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host, or has
     *     user info, a query or a fragment
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = BaseUrls.normalize("baseUrl", baseUrl);
      return this;
    }

    /** As {@link #baseUrl(String)}. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = BaseUrls.normalize("baseUrl", baseUrl);
      return this;
    }

    /**
     * The management key, sent as {@code Authorization: Bearer <apiKey>}; required.
     *
     * <p>For the provider-key vault's methods only, a user's access token or an issued API key may
     * be given instead: the calls then act as that user, org or key, in their own workspaces.
     *
     * @throws IllegalArgumentException if it is blank or contains whitespace or control characters
     */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      if (apiKey.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "apiKey must not contain whitespace or control characters (length "
                + apiKey.length()
                + "; the key is not repeated here)");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * How long one request may take, from sending to the whole answer; default 30 seconds. Also the
     * connect timeout of the default HTTP client.
     *
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * The HTTP client to send requests with, to share its connections, proxy or TLS settings. By
     * default the client builds its own, which never follows redirects (so the key is never sent to
     * another host).
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException if {@code baseUrl} or {@code apiKey} was not set
     */
    public LatchkeyClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required: call baseUrl(...) before build()");
      }
      if (apiKey == null) {
        throw new IllegalStateException("apiKey is required: call apiKey(...) before build()");
      }
      HttpClient http =
          httpClient != null
              ? httpClient
              : HttpClient.newBuilder()
                  .connectTimeout(timeout)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
      return new LatchkeyClient(new Transport(baseUrl, apiKey, timeout, http));
    }
  }
}
