package dev.latchkey.client.servlet;

import dev.latchkey.client.KeyPairs;
import dev.latchkey.client.LatchkeyApiKeys;
import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.OrgRequirement;
import dev.latchkey.client.internal.AccessCheck;
import dev.latchkey.client.internal.ApiKeyCheck;
import dev.latchkey.client.internal.Guard;
import dev.latchkey.client.internal.KeyPairCheck;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Jakarta Servlet filter that lets a request through only with a valid credential: an access
 * token, and for organization routes only for a member of the request's organization who meets a
 * requirement (PropelAuth's {@code require_user}, {@code optional_user} and {@code
 * require_org_member...} for servlets); or an issued API key ({@code requireApiKey}, {@code
 * requirePersonalApiKey}, {@code requireOrgApiKey}).
 *
 * <pre>{@code
 * ServletContext context = ...;
 * context.addFilter("whoami", LatchkeyFilter.requireUser(auth))
 *     .addMappingForUrlPatterns(null, false, "/api/*");
 * context.addFilter("org-admin", LatchkeyFilter.requireOrgMemberWithMinimumRole(
 *         auth, LatchkeyServlet.orgIdFromPath("/org/{org_id}"), "Admin"))
 *     .addMappingForUrlPatterns(null, false, "/org/*");
 * context.addFilter("machines", LatchkeyFilter.requireApiKey(apiKeys))
 *     .addMappingForUrlPatterns(null, false, "/v1/*");
 * // in the servlet:
 * User user = LatchkeyServlet.currentUser(request);
 * OrgMemberInfo org = LatchkeyServlet.currentOrg(request);
 * ApiKeyValidation key = LatchkeyServlet.currentApiKey(request);
 * }</pre>
 *
 * <p>Access-token filters answer, each with an empty body and without calling the rest of the
 * chain:
 *
 * <ul>
 *   <li>401 (with {@code WWW-Authenticate: Bearer}) when the {@code Authorization} header is
 *       missing, is not exactly {@code Bearer <token>}, appears more than once, or its token is not
 *       valid; an {@link #optionalUser} filter lets these requests through as {@link
 *       dev.latchkey.client.User#anonymous()} instead;
 *   <li>403 when the token is valid but the request names no organization, the user is not a member
 *       of it, or the membership does not meet the requirement;
 *   <li>503 when the keys that verify tokens could not be fetched yet.
 * </ul>
 *
 * <p>API-key filters read the key from the header {@link LatchkeyApiKeys} names, tell the server
 * the client's address ({@link HttpServletRequest#getRemoteAddr()} unless {@link
 * LatchkeyApiKeys.Builder#clientAddress} says otherwise) so that it throttles invalid keys per
 * client, and answer, again with an empty body:
 *
 * <ul>
 *   <li>401 (with {@code WWW-Authenticate: Bearer}, or {@code ApiKey header="<name>"} for another
 *       header) when the header is missing, malformed or sent more than once, or the server refuses
 *       the key;
 *   <li>429 (with {@code Retry-After} in seconds) when the server rate-limits the key, or has seen
 *       too many invalid keys from the client's address;
 *   <li>403 when the key is valid but of the wrong kind, or an org key of another organization than
 *       the request names;
 *   <li>503 when the server cannot answer.
 * </ul>
 *
 * <p>A request let through carries the user, and for organization routes the membership, or the
 * validated API key, as request attributes read by {@link LatchkeyServlet#currentUser}, {@link
 * LatchkeyServlet#currentOrg} and {@link LatchkeyServlet#currentApiKey}. Servlets have no path
 * parameters, so organization filters take the org id from a function of the request, such as
 * {@link LatchkeyServlet#orgIdFromPath}; it is called only once the credential is valid, and a null
 * or empty result is a 403.
 *
 * <p>Compiled against Servlet 5.0 ({@code jakarta.servlet}); runs on Servlet 5 and 6 containers
 * (Jetty 11 and 12, Tomcat 10 and 11). Immutable and thread-safe; register the instance itself, as
 * it has no no-argument constructor for {@code web.xml}.
 */
public final class LatchkeyFilter implements Filter {
  private final Guard guard;
  private final Function<HttpServletRequest, String> orgIdFrom;

  private LatchkeyFilter(Guard guard, Function<HttpServletRequest, String> orgIdFrom) {
    this.guard = guard;
    this.orgIdFrom = orgIdFrom;
  }

  /** Requires a valid access token ({@code require_user}). */
  public static LatchkeyFilter requireUser(LatchkeyAuth auth) {
    return new LatchkeyFilter(AccessCheck.requireUser(auth), null);
  }

  /**
   * Lets every request through; one without a valid token as {@link
   * dev.latchkey.client.User#anonymous()} ({@code optional_user}). It still answers 503 when a
   * token came but the keys to check it could not be fetched.
   */
  public static LatchkeyFilter optionalUser(LatchkeyAuth auth) {
    return new LatchkeyFilter(AccessCheck.optionalUser(auth), null);
  }

  /**
   * Requires a member of the organization {@code orgIdFrom} names ({@code require_org_member}).
   *
   * @param orgIdFrom the org id of a request, or null if it names none
   */
  public static LatchkeyFilter requireOrgMember(
      LatchkeyAuth auth, Function<HttpServletRequest, String> orgIdFrom) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.member());
  }

  /** Requires a member whose role is exactly {@code role}. */
  public static LatchkeyFilter requireOrgMemberWithExactRole(
      LatchkeyAuth auth, Function<HttpServletRequest, String> orgIdFrom, String role) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.exactRole(role));
  }

  /** Requires a member whose role is {@code minimumRole} or above it. */
  public static LatchkeyFilter requireOrgMemberWithMinimumRole(
      LatchkeyAuth auth, Function<HttpServletRequest, String> orgIdFrom, String minimumRole) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.minimumRole(minimumRole));
  }

  /** Requires a member whose roles grant {@code permission}. */
  public static LatchkeyFilter requireOrgMemberWithPermission(
      LatchkeyAuth auth, Function<HttpServletRequest, String> orgIdFrom, String permission) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.permission(permission));
  }

  /** Requires a member whose roles grant every one of {@code permissions}. */
  public static LatchkeyFilter requireOrgMemberWithAllPermissions(
      LatchkeyAuth auth,
      Function<HttpServletRequest, String> orgIdFrom,
      Collection<String> permissions) {
    return requireOrgMember(auth, orgIdFrom, OrgRequirement.allPermissions(permissions));
  }

  /**
   * Requires a member of the organization {@code orgIdFrom} names who meets {@code requirement}.
   */
  public static LatchkeyFilter requireOrgMember(
      LatchkeyAuth auth,
      Function<HttpServletRequest, String> orgIdFrom,
      OrgRequirement requirement) {
    Objects.requireNonNull(orgIdFrom, "orgIdFrom");
    return new LatchkeyFilter(AccessCheck.requireOrg(auth, requirement), orgIdFrom);
  }

  /**
   * Requires a valid issued API key of any kind: personal, org or generic.
   *
   * @param apiKeys validates the key, from the header it names, perhaps through its cache
   */
  public static LatchkeyFilter requireApiKey(LatchkeyApiKeys apiKeys) {
    return new LatchkeyFilter(ApiKeyCheck.any(apiKeys), null);
  }

  /** Requires a valid personal API key: one made for a user and no organization. */
  public static LatchkeyFilter requirePersonalApiKey(LatchkeyApiKeys apiKeys) {
    return new LatchkeyFilter(ApiKeyCheck.personal(apiKeys), null);
  }

  /** Requires a valid org API key, of any organization. */
  public static LatchkeyFilter requireOrgApiKey(LatchkeyApiKeys apiKeys) {
    return new LatchkeyFilter(ApiKeyCheck.org(apiKeys, false), null);
  }

  /**
   * Requires a valid org API key of the organization {@code orgIdFrom} names.
   *
   * @param orgIdFrom the org id of a request, or null if it names none (a 403)
   */
  public static LatchkeyFilter requireOrgApiKey(
      LatchkeyApiKeys apiKeys, Function<HttpServletRequest, String> orgIdFrom) {
    Objects.requireNonNull(orgIdFrom, "orgIdFrom");
    return new LatchkeyFilter(ApiKeyCheck.org(apiKeys, true), orgIdFrom);
  }

  /**
   * Requires a request signed with an access/secret keypair (Backend.AI's scheme), checked by the
   * server's verify endpoint through {@code keyPairs}. Answers 401 with {@code WWW-Authenticate:
   * BackendAI} when the signature is missing or refused, 429 with {@code X-RateLimit-Limit}, {@code
   * X-RateLimit-Remaining}, {@code X-RateLimit-Window} and {@code Retry-After} over the keypair's
   * rate limit, 503 when the server cannot answer; an admitted request carries the rate-limit
   * headers and the {@link dev.latchkey.client.VerifiedKeyPair} for {@link
   * LatchkeyServlet#currentKeyPair}.
   */
  public static LatchkeyFilter requireSignedRequest(KeyPairs keyPairs) {
    return new LatchkeyFilter(new KeyPairCheck(keyPairs), null);
  }

  /**
   * @throws ServletException for a request that is not HTTP
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      throw new ServletException("LatchkeyFilter protects HTTP requests only");
    }
    Guard.Verdict verdict = guard.check(new View(http, orgIdFrom));
    if (!verdict.allowed()) {
      httpResponse.setStatus(verdict.status());
      verdict.headers().forEach(httpResponse::setHeader);
      httpResponse.setContentLength(0);
      return;
    }
    verdict.attributes().forEach(http::setAttribute);
    verdict.headers().forEach(httpResponse::setHeader);
    chain.doFilter(request, response);
  }

  /** A servlet request as a guard reads it. */
  private record View(HttpServletRequest http, Function<HttpServletRequest, String> orgIdFrom)
      implements Guard.Request {
    @Override
    public String onlyHeader(String name) {
      return AccessCheck.onlyHeader(http.getHeaders(name));
    }

    @Override
    public String orgId() {
      return orgIdFrom == null ? null : orgIdFrom.apply(http);
    }

    @Override
    public String remoteAddress() {
      return http.getRemoteAddr();
    }

    @Override
    public String method() {
      return http.getMethod();
    }

    @Override
    public String target() {
      String query = http.getQueryString();
      return http.getRequestURI() + (query == null ? "" : "?" + query);
    }

    @Override
    public String header(String name) {
      return AccessCheck.allHeaders(http.getHeaders(name));
    }
  }
}
