package dev.latchkey.client.javalin;

import dev.latchkey.client.ApiKeyValidation;
import dev.latchkey.client.KeyPairs;
import dev.latchkey.client.LatchkeyApiKeys;
import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.OrgMemberInfo;
import dev.latchkey.client.OrgRequirement;
import dev.latchkey.client.User;
import dev.latchkey.client.VerifiedKeyPair;
import dev.latchkey.client.internal.AccessCheck;
import dev.latchkey.client.internal.ApiKeyCheck;
import dev.latchkey.client.internal.KeyPairCheck;
import io.javalin.http.Context;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Route protection for Javalin: PropelAuth's {@code require_user}, {@code optional_user} and {@code
 * require_org_member...}, and guards that require an issued API key, as {@link LatchkeyHandler}s;
 * and the current user and organization, or API key, of a request.
 *
 * <pre>{@code
 * app.get("/api/whoami", LatchkeyJavalin.requireUser(auth).wrap(ctx ->
 *     ctx.json(Map.of("user_id", LatchkeyJavalin.currentUser(ctx).userId()))));
 * app.before("/org/{org_id}/*", LatchkeyJavalin.requireOrgMember(auth));
 * app.get("/org/{org_id}/admin", LatchkeyJavalin.requireOrgMemberWithExactRole(auth, "Admin")
 *     .wrap(ctx -> ctx.result("You are an Admin of " + LatchkeyJavalin.currentOrg(ctx).orgName())));
 * app.get("/v1/things", LatchkeyJavalin.requireApiKey(apiKeys).wrap(ctx ->
 *     ctx.json(Map.of("key", LatchkeyJavalin.currentApiKey(ctx).apiKeyId()))));
 * }</pre>
 *
 * <p>Organization guards take the org id from the path parameter {@code org_id} by default, as
 * PropelAuth's do; a route without that parameter is a programming error and fails with {@link
 * IllegalStateException} (a 500) rather than a silent 403. The overloads with {@code orgIdFrom}
 * take it from any function of the request instead (a null or empty result is a 403). The org id is
 * looked for only once the token is valid, so a caller without a token always gets 401. The API-key
 * guards read the key from the header their {@link LatchkeyApiKeys} names, and name the client's
 * address to the server ({@code ctx.ip()}, or what {@link LatchkeyApiKeys.Builder#clientAddress}
 * answers) so that invalid keys are throttled per client; {@code requireOrgApiKey} with {@code
 * orgIdFrom} (such as {@code ctx -> ctx.pathParam("org_id")}) admits only keys of the organization
 * the request names.
 *
 * <p>The SDK declares {@code io.javalin:javalin} as an optional dependency; this package is for
 * applications that have it. Static methods only; thread-safe.
 */
public final class LatchkeyJavalin {
  /** The path parameter organization guards read by default. */
  public static final String ORG_ID_PATH_PARAM = "org_id";

  private LatchkeyJavalin() {}

  /** Requires a valid access token ({@code require_user}). */
  public static LatchkeyHandler requireUser(LatchkeyAuth auth) {
    return new LatchkeyHandler(AccessCheck.requireUser(auth), null);
  }

  /**
   * Admits every request; one without a valid token as {@link User#anonymous()} ({@code
   * optional_user}). It still answers 503 when a token came but the keys to check it could not be
   * fetched.
   */
  public static LatchkeyHandler optionalUser(LatchkeyAuth auth) {
    return new LatchkeyHandler(AccessCheck.optionalUser(auth), null);
  }

  /** Requires a member of the organization in the path parameter {@code org_id}. */
  public static LatchkeyHandler requireOrgMember(LatchkeyAuth auth) {
    return requireOrgMember(auth, LatchkeyJavalin::orgIdPathParam, OrgRequirement.member());
  }

  /** Requires a member of the organization {@code orgIdFrom} names (null: none, a 403). */
  public static LatchkeyHandler requireOrgMember(
      LatchkeyAuth auth, Function<Context, String> orgIdFrom) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.member());
  }

  /**
   * Requires a member whose role is exactly {@code role}; org id from path parameter {@code
   * org_id}.
   */
  public static LatchkeyHandler requireOrgMemberWithExactRole(LatchkeyAuth auth, String role) {
    return requireOrgMember(auth, LatchkeyJavalin::orgIdPathParam, OrgRequirement.exactRole(role));
  }

  /** Requires a member whose role is exactly {@code role}. */
  public static LatchkeyHandler requireOrgMemberWithExactRole(
      LatchkeyAuth auth, Function<Context, String> orgIdFrom, String role) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.exactRole(role));
  }

  /** Requires a member whose role is {@code minimumRole} or above; org id from {@code org_id}. */
  public static LatchkeyHandler requireOrgMemberWithMinimumRole(
      LatchkeyAuth auth, String minimumRole) {
    return requireOrgMember(
        auth, LatchkeyJavalin::orgIdPathParam, OrgRequirement.minimumRole(minimumRole));
  }

  /** Requires a member whose role is {@code minimumRole} or above. */
  public static LatchkeyHandler requireOrgMemberWithMinimumRole(
      LatchkeyAuth auth, Function<Context, String> orgIdFrom, String minimumRole) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.minimumRole(minimumRole));
  }

  /** Requires a member whose roles grant {@code permission}; org id from {@code org_id}. */
  public static LatchkeyHandler requireOrgMemberWithPermission(
      LatchkeyAuth auth, String permission) {
    return requireOrgMember(
        auth, LatchkeyJavalin::orgIdPathParam, OrgRequirement.permission(permission));
  }

  /** Requires a member whose roles grant {@code permission}. */
  public static LatchkeyHandler requireOrgMemberWithPermission(
      LatchkeyAuth auth, Function<Context, String> orgIdFrom, String permission) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.permission(permission));
  }

  /** Requires a member whose roles grant all of {@code permissions}; org id from {@code org_id}. */
  public static LatchkeyHandler requireOrgMemberWithAllPermissions(
      LatchkeyAuth auth, Collection<String> permissions) {
    return requireOrgMember(
        auth, LatchkeyJavalin::orgIdPathParam, OrgRequirement.allPermissions(permissions));
  }

  /** Requires a member whose roles grant all of {@code permissions}. */
  public static LatchkeyHandler requireOrgMemberWithAllPermissions(
      LatchkeyAuth auth, Function<Context, String> orgIdFrom, Collection<String> permissions) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.allPermissions(permissions));
  }

  /**
   * Requires a member of the organization {@code orgIdFrom} names who meets {@code requirement}.
   */
  public static LatchkeyHandler requireOrgMember(
      LatchkeyAuth auth, Function<Context, String> orgIdFrom, OrgRequirement requirement) {
    Objects.requireNonNull(orgIdFrom, "orgIdFrom");
    return new LatchkeyHandler(AccessCheck.requireOrg(auth, requirement), orgIdFrom);
  }

  /** Requires a valid issued API key of any kind: personal, org or generic. */
  public static LatchkeyHandler requireApiKey(LatchkeyApiKeys apiKeys) {
    return new LatchkeyHandler(ApiKeyCheck.any(apiKeys), null);
  }

  /** Requires a valid personal API key: one made for a user and no organization. */
  public static LatchkeyHandler requirePersonalApiKey(LatchkeyApiKeys apiKeys) {
    return new LatchkeyHandler(ApiKeyCheck.personal(apiKeys), null);
  }

  /** Requires a valid org API key, of any organization. */
  public static LatchkeyHandler requireOrgApiKey(LatchkeyApiKeys apiKeys) {
    return new LatchkeyHandler(ApiKeyCheck.org(apiKeys, false), null);
  }

  /**
   * Requires a valid org API key of the organization {@code orgIdFrom} names (null: none, a 403).
   */
  public static LatchkeyHandler requireOrgApiKey(
      LatchkeyApiKeys apiKeys, Function<Context, String> orgIdFrom) {
    Objects.requireNonNull(orgIdFrom, "orgIdFrom");
    return new LatchkeyHandler(ApiKeyCheck.org(apiKeys, true), orgIdFrom);
  }

  /**
   * Requires a request signed with an access/secret keypair (Backend.AI's scheme), checked by the
   * server's verify endpoint through {@code keyPairs}: 401 (with {@code WWW-Authenticate:
   * BackendAI}) when the signature is missing or refused, 429 with {@code X-RateLimit-Limit},
   * {@code X-RateLimit-Remaining}, {@code X-RateLimit-Window} and {@code Retry-After} over the
   * keypair's rate limit, 503 when the server cannot answer. An admitted request carries the
   * rate-limit headers and the keypair for {@link #currentKeyPair}.
   */
  public static LatchkeyHandler requireSignedRequest(KeyPairs keyPairs) {
    return new LatchkeyHandler(new KeyPairCheck(keyPairs), null);
  }

  /**
   * The keypair that signed a request a {@link #requireSignedRequest} guard admitted: never null.
   *
   * @throws IllegalStateException if no signed-request guard handled the request
   */
  public static VerifiedKeyPair currentKeyPair(Context ctx) {
    Object key = Objects.requireNonNull(ctx, "ctx").attribute(KeyPairCheck.KEY_PAIR_ATTRIBUTE);
    if (!(key instanceof VerifiedKeyPair k)) {
      throw new IllegalStateException(
          "no Latchkey signed-request guard handled this request: protect the route with"
              + " LatchkeyJavalin.requireSignedRequest");
    }
    return k;
  }

  /**
   * The user a {@link LatchkeyHandler} admitted ({@code current_user}): never null, and {@link
   * User#exists()} is false only behind {@link #optionalUser}. A request let through by a servlet
   * {@code LatchkeyFilter} in Javalin's Jetty has it too.
   *
   * @throws IllegalStateException if no Latchkey guard handled the request, which means the route
   *     is not protected as its code assumes
   */
  public static User currentUser(Context ctx) {
    Object user = Objects.requireNonNull(ctx, "ctx").attribute(AccessCheck.USER_ATTRIBUTE);
    if (!(user instanceof User u)) {
      throw new IllegalStateException(
          "no Latchkey guard handled this request: protect the route with LatchkeyJavalin");
    }
    return u;
  }

  /**
   * The user's membership in the request's organization ({@code current_org}): never null.
   *
   * @throws IllegalStateException if no organization guard handled the request
   */
  public static OrgMemberInfo currentOrg(Context ctx) {
    Object org = Objects.requireNonNull(ctx, "ctx").attribute(AccessCheck.ORG_ATTRIBUTE);
    if (!(org instanceof OrgMemberInfo o)) {
      throw new IllegalStateException(
          "no Latchkey organization guard handled this request: protect the route with"
              + " LatchkeyJavalin.requireOrgMember...");
    }
    return o;
  }

  /**
   * The issued API key an API-key guard ({@code requireApiKey}, {@code requirePersonalApiKey},
   * {@code requireOrgApiKey}) admitted: never null. A request let through by a servlet API-key
   * {@code LatchkeyFilter} in Javalin's Jetty has it too.
   *
   * @throws IllegalStateException if no API-key guard handled the request
   */
  public static ApiKeyValidation currentApiKey(Context ctx) {
    Object key = Objects.requireNonNull(ctx, "ctx").attribute(ApiKeyCheck.API_KEY_ATTRIBUTE);
    if (!(key instanceof ApiKeyValidation k)) {
      throw new IllegalStateException(
          "no Latchkey API-key guard handled this request: protect the route with"
              + " LatchkeyJavalin.require...ApiKey");
    }
    return k;
  }

  private static String orgIdPathParam(Context ctx) {
    String id = ctx.pathParamMap().get(ORG_ID_PATH_PARAM);
    if (id == null && !ctx.pathParamMap().containsKey(ORG_ID_PATH_PARAM)) {
      throw new IllegalStateException(
          "route "
              + ctx.matchedPath()
              + " has no path parameter {"
              + ORG_ID_PATH_PARAM
              + "}: add one, or pass orgIdFrom to the Latchkey guard");
    }
    return id;
  }
}
