package dev.latchkey.client;

import dev.latchkey.client.internal.WireJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * Validates access tokens in-process and answers who the caller is: the Java form of the {@code
 * auth} object that PropelAuth's {@code init_auth(auth_url, api_key)} returns, hence the name. The
 * route guards in {@code dev.latchkey.client.servlet} and {@code dev.latchkey.client.javalin} use
 * it, and {@link #client()} gives the backend API with the same server and key.
 *
 * <pre>{@code
 * LatchkeyAuth auth = LatchkeyAuth.builder().authUrl("https://auth.example.com").build();
 * User user = auth.validateAccessTokenAndGetUser(request.getHeader("Authorization"));
 * }</pre>
 *
 * <p><b>What makes a token valid.</b> It is a compact JWS of at most 16 KiB, in strict unpadded
 * base64url, whose header has {@code alg} {@code RS256} and nothing but {@code typ} ({@code JWT})
 * and {@code kid} besides: {@code none}, {@code HS256} and every other algorithm are refused, as
 * are {@code crit}, embedded or linked keys ({@code jwk}, {@code jku}, {@code x5c}, {@code x5u})
 * and duplicate names. Its signature verifies with the server's key of that {@code kid}
 * (SHA256withRSA, keys of 2048 bits or more). Its {@code iss} equals {@link #issuer()} exactly. Its
 * {@code exp} and {@code iat} are present; it has not expired, was not issued in the future and is
 * not before its {@code nbf}, each within the {@linkplain Builder#leeway leeway}. Its {@code
 * user_id} is a string, and every claim has its documented JSON type. Anything else is an {@link
 * UnauthorizedException}.
 *
 * <p><b>Keys.</b> The server's public keys are fetched from its JWKS (falling back to PropelAuth's
 * {@code token_verification_metadata}) when this is built, and cached. A failed fetch is not
 * permanent, unlike in PropelAuth's Node client: it is retried on demand with exponential backoff
 * (1 s doubling to 1 minute), and until one succeeds validation throws a {@link LatchkeyException}
 * with status 503. A token with a {@code kid} the cache lacks makes the keys be fetched again (at
 * most every 5 seconds), so rotation on the server needs nothing here; the cache is also refreshed
 * after {@linkplain Builder#keysMaxAge its maximum age}. No key fetch sends the API key.
 *
 * <p><b>Organizations.</b> The {@code ...WithOrgInfo...} methods also require a membership, found
 * in the token by {@link RequiredOrg}, that meets an {@link OrgRequirement}; otherwise they throw
 * {@link ForbiddenException}. Role and permission checks use the token's data only.
 *
 * <p>Immutable and thread-safe after {@link Builder#build()}; share one instance. Arguments are
 * non-null unless documented otherwise.
 */
public final class LatchkeyAuth {
  private final URI authUrl;
  private final String issuer;
  private final AccessTokenVerifier verifier;
  private final LatchkeyClient client;

  private LatchkeyAuth(
      URI authUrl, String issuer, AccessTokenVerifier verifier, LatchkeyClient client) {
    this.authUrl = authUrl;
    this.issuer = issuer;
    this.verifier = verifier;
    this.client = client;
  }

  /** A new builder; {@code authUrl} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The issuer a token's {@code iss} must equal. */
  public String issuer() {
    return issuer;
  }

  /**
   * The backend API client for the same server and API key, for PropelAuth's fetching functions
   * ({@code auth.client().fetchUserMetadataByUserId(...)}).
   *
   * @throws IllegalStateException if no {@link Builder#apiKey API key} was given
   */
  public LatchkeyClient client() {
    if (client == null) {
      throw new IllegalStateException(
          "no API key was given: call apiKey(...) on the builder to use the backend API");
    }
    return client;
  }

  /**
   * The user of the access token in an {@code Authorization} header, which must be exactly {@code
   * Bearer <token>}: two parts separated by one space, the scheme in any case.
   *
   * @param authorizationHeader the header's value; nullable (a missing header)
   * @throws UnauthorizedException if the header is missing or malformed or the token is not valid
   * @throws LatchkeyException 503 if the keys that verify tokens could not be fetched yet
   */
  public User validateAccessTokenAndGetUser(String authorizationHeader) {
    return verifier.verify(bearerToken(authorizationHeader));
  }

  /**
   * The user of a bare access token, for tokens that do not come in an {@code Authorization} header
   * (a WebSocket message, a queue).
   *
   * @throws UnauthorizedException if the token is not valid
   * @throws LatchkeyException 503 if the keys that verify tokens could not be fetched yet
   */
  public User validateAccessToken(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return verifier.verify(accessToken);
  }

  /**
   * The user of the token in the header and their membership in {@code org}.
   *
   * @param authorizationHeader as in {@link #validateAccessTokenAndGetUser}; nullable
   * @throws UnauthorizedException as {@link #validateAccessTokenAndGetUser} does
   * @throws ForbiddenException if the user is not a member of {@code org}
   * @throws LatchkeyException 503 if the keys that verify tokens could not be fetched yet
   */
  public UserAndOrgMemberInfo validateAccessTokenAndGetUserWithOrgInfo(
      String authorizationHeader, RequiredOrg org) {
    return validateAccessTokenAndGetUserWithOrgInfo(
        authorizationHeader, org, OrgRequirement.member());
  }

  /**
   * The user of the token in the header and their membership in {@code org}, which must meet {@code
   * requirement}.
   *
   * @param authorizationHeader as in {@link #validateAccessTokenAndGetUser}; nullable
   * @throws UnauthorizedException as {@link #validateAccessTokenAndGetUser} does
   * @throws ForbiddenException if the user is not a member of {@code org} or the membership does
   *     not meet {@code requirement}
   * @throws LatchkeyException 503 if the keys that verify tokens could not be fetched yet
   */
  public UserAndOrgMemberInfo validateAccessTokenAndGetUserWithOrgInfo(
      String authorizationHeader, RequiredOrg org, OrgRequirement requirement) {
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(requirement, "requirement");
    User user = validateAccessTokenAndGetUser(authorizationHeader);
    return new UserAndOrgMemberInfo(user, requirement.check(user, org));
  }

  /**
   * As {@link #validateAccessTokenAndGetUserWithOrgInfo(String, RequiredOrg, OrgRequirement)} with
   * {@link OrgRequirement#minimumRole}.
   */
  public UserAndOrgMemberInfo validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(
      String authorizationHeader, RequiredOrg org, String minimumRole) {
    return validateAccessTokenAndGetUserWithOrgInfo(
        authorizationHeader, org, OrgRequirement.minimumRole(minimumRole));
  }

  /**
   * As {@link #validateAccessTokenAndGetUserWithOrgInfo(String, RequiredOrg, OrgRequirement)} with
   * {@link OrgRequirement#exactRole}.
   */
  public UserAndOrgMemberInfo validateAccessTokenAndGetUserWithOrgInfoWithExactRole(
      String authorizationHeader, RequiredOrg org, String role) {
    return validateAccessTokenAndGetUserWithOrgInfo(
        authorizationHeader, org, OrgRequirement.exactRole(role));
  }

  /**
   * As {@link #validateAccessTokenAndGetUserWithOrgInfo(String, RequiredOrg, OrgRequirement)} with
   * {@link OrgRequirement#permission}.
   */
  public UserAndOrgMemberInfo validateAccessTokenAndGetUserWithOrgInfoWithPermission(
      String authorizationHeader, RequiredOrg org, String permission) {
    return validateAccessTokenAndGetUserWithOrgInfo(
        authorizationHeader, org, OrgRequirement.permission(permission));
  }

  /**
   * As {@link #validateAccessTokenAndGetUserWithOrgInfo(String, RequiredOrg, OrgRequirement)} with
   * {@link OrgRequirement#allPermissions}.
   */
  public UserAndOrgMemberInfo validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(
      String authorizationHeader, RequiredOrg org, Collection<String> permissions) {
    return validateAccessTokenAndGetUserWithOrgInfo(
        authorizationHeader, org, OrgRequirement.allPermissions(permissions));
  }

  /** PropelAuth's rule: exactly two space-separated parts, the first {@code bearer} in any case. */
  private static String bearerToken(String header) {
    if (header == null) {
      throw new UnauthorizedException("no authorization header found");
    }
    String[] parts = header.split(" ", -1);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
      throw new UnauthorizedException("invalid authorization header: expected 'Bearer <token>'");
    }
    return parts[1];
  }

  /** Names the server and the issuer, never the API key. */
  @Override
  public String toString() {
    return "LatchkeyAuth[authUrl=" + authUrl + ", issuer=" + issuer + "]";
  }

  /**
   * Builds a {@link LatchkeyAuth}. Every setter checks its value at once and throws {@link
   * IllegalArgumentException} naming the value and the rule broken (the API key itself is never
   * repeated). Not thread-safe; the object it builds is.
   */
  public static final class Builder {
    static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(10);
    static final Duration MAX_LEEWAY = Duration.ofMinutes(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_KEYS_MAX_AGE = Duration.ofMinutes(5);

    private URI authUrl;
    private String apiKey;
    private String issuer;
    private Duration leeway = DEFAULT_LEEWAY;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration keysMaxAge = DEFAULT_KEYS_MAX_AGE;
    private Clock clock = Clock.systemUTC();
    private HttpClient httpClient;

    private Builder() {}

    /**
     * The Latchkey server's address, such as {@code https://auth.example.com}; required. Keys are
     * fetched from it (a path prefix such as {@code http://10.0.0.5:8080/latchkey} is kept), and
     * its origin is the default {@link #issuer}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host, or has
     *     user info, a query or a fragment
     */
    public Builder authUrl(String authUrl) {
      this.authUrl = BaseUrls.normalize("authUrl", authUrl);
      return this;
    }

    /** As {@link #authUrl(String)}. */
    public Builder authUrl(URI authUrl) {
      this.authUrl = BaseUrls.normalize("authUrl", authUrl);
      return this;
    }

    /**
     * A management key; optional. Token validation does not need it (the keys are public, and are
     * fetched without it), so a service that only checks tokens should not hold one. With it,
     * {@link LatchkeyAuth#client()} gives the backend API.
     *
     * @throws IllegalArgumentException if it is blank or contains whitespace or control characters
     */
    public Builder apiKey(String apiKey) {
      LatchkeyClient.builder().apiKey(apiKey);
      this.apiKey = apiKey;
      return this;
    }

    /**
     * The exact value a token's {@code iss} must have. Default: the origin of {@link #authUrl}
     * (lower-case scheme and host, the port only if not the default, no path, no trailing slash),
     * as PropelAuth's clients compute it. Set it when the server's public URL ({@code
     * LATCHKEY_PUBLIC_URL}, which it puts in {@code iss}) differs from the address this application
     * reaches it at, such as an internal host name.
     *
     * @throws IllegalArgumentException if it is blank or contains whitespace or control characters
     */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank() || issuer.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "issuer must be non-blank without whitespace or control characters, got '"
                + issuer
                + "'");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * How far the clocks of this application and the server may disagree: a token is still accepted
     * this long after its {@code exp}, and this long before its {@code iat} and {@code nbf}.
     * Default 10 seconds, enough for machines kept in time by NTP and short against token lifetimes
     * of minutes.
     *
     * @throws IllegalArgumentException if it is negative or more than 5 minutes
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway");
      if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
        throw new IllegalArgumentException(
            "leeway must be between 0 and " + MAX_LEEWAY + ", got " + leeway);
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * The clock tokens' times are compared with, and key fetches are timed by; default {@link
     * Clock#systemUTC()}. For tests.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long one key fetch may take; default 10 seconds. Also the connect timeout of the default
     * HTTP client, and of the {@link LatchkeyAuth#client() backend client}'s requests.
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
     * How long fetched keys are used before they are fetched again; default 5 minutes. A key the
     * server stops publishing (after a rotation, once every token it signed has expired) stops
     * verifying at most this long later.
     *
     * @throws IllegalArgumentException if it is shorter than 10 seconds or longer than a day
     */
    public Builder keysMaxAge(Duration keysMaxAge) {
      Objects.requireNonNull(keysMaxAge, "keysMaxAge");
      if (keysMaxAge.compareTo(Duration.ofSeconds(10)) < 0
          || keysMaxAge.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "keysMaxAge must be between 10 seconds and 1 day, got " + keysMaxAge);
      }
      this.keysMaxAge = keysMaxAge;
      return this;
    }

    /**
     * The HTTP client to fetch keys (and call the backend API) with. By default one is built that
     * never follows redirects.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * The object, after one attempt to fetch the keys. That attempt failing does not fail this
     * method: it is logged (through {@link System.Logger}, as {@code
     * dev.latchkey.client.LatchkeyAuth}) and retried when a token needs verifying, so the order in
     * which services start does not matter.
     *
     * @throws IllegalStateException if {@code authUrl} was not set
     */
    public LatchkeyAuth build() {
      if (authUrl == null) {
        throw new IllegalStateException("authUrl is required: call authUrl(...) before build()");
      }
      HttpClient http =
          httpClient != null
              ? httpClient
              : HttpClient.newBuilder()
                  .connectTimeout(timeout)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
      String expectedIssuer = issuer != null ? issuer : BaseUrls.origin(authUrl);
      VerificationKeys keys =
          new VerificationKeys(authUrl, http, timeout, keysMaxAge, clock, WireJson.mapper());
      AccessTokenVerifier verifier = new AccessTokenVerifier(keys, expectedIssuer, leeway, clock);
      LatchkeyClient client =
          apiKey == null
              ? null
              : LatchkeyClient.builder()
                  .baseUrl(authUrl)
                  .apiKey(apiKey)
                  .timeout(timeout)
                  .httpClient(http)
                  .build();
      keys.fetchEagerly();
      return new LatchkeyAuth(authUrl, expectedIssuer, verifier, client);
    }
  }
}
