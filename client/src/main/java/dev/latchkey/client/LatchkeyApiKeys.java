package dev.latchkey.client;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates the issued API keys that callers present to this application, for the route guards in
 * {@code dev.latchkey.client.servlet} and {@code dev.latchkey.client.javalin} ({@code
 * requireApiKey}, {@code requirePersonalApiKey}, {@code requireOrgApiKey}) and for code that reads
 * keys itself. It asks the server through a {@link LatchkeyClient}, optionally through a
 * short-lived local cache.
 *
 * <pre>{@code
 * LatchkeyApiKeys apiKeys = LatchkeyApiKeys.builder(client)
 *     .header("X-API-Key")                      // default: Authorization: Bearer <key>
 *     .cache(Duration.ofSeconds(30), 10_000)    // default: no cache
 *     .build();
 * ApiKeyValidation key = apiKeys.validateHeader(request.getHeader("X-API-Key"));
 * }</pre>
 *
 * <p><b>Where the key is.</b> By default in {@code Authorization}, which must be exactly {@code
 * Bearer <key>} (the scheme in any case), as for access tokens. With {@link Builder#header} set to
 * another header, that header carries the bare key.
 *
 * <p><b>Outcomes.</b> Every failure is a {@link LatchkeyException} whose status is what a route
 * should answer: {@link UnauthorizedException} (401) for a missing or malformed header, a value
 * that is not in the documented token format (refused without a request, as the server would refuse
 * it), and every key the server refuses (unknown, expired, disabled, deleted, its user disabled, no
 * credits left and no refill); 429 with {@link LatchkeyException#waitSeconds()} when the server
 * answers 429 (the key's rate limit or credits, or too many invalid keys from this client); 503 for
 * anything else, such as a server that cannot be reached or refuses the management key, with the
 * underlying exception as the cause. Only keys issued by Latchkey are accepted; imported keys go
 * through {@link LatchkeyClient#validateImportedApiKey}.
 *
 * <p><b>Whose failures.</b> The server answers 429 after 100 failed validations a minute from one
 * client address. The guards name the address of the client that presented the key (header {@code
 * X-Latchkey-Client-Address}), so that the server counts one abusive client's failures against that
 * client alone and not against this whole application. By default that address is the request's
 * remote address as the container reports it ({@code getRemoteAddr()} for servlets, {@code
 * ctx.ip()} for Javalin), never a header the client sent. Behind a reverse proxy, either let the
 * container rewrite the remote address from the proxy's headers (Jetty's {@code
 * ForwardedRequestCustomizer}, Tomcat's {@code RemoteIpValve}), or give {@link
 * Builder#clientAddress} a function that reads the header your proxy writes. Code that validates
 * keys itself names the address with {@link #validateHeader(String, String)} and {@link
 * #validate(String, String)}.
 *
 * <p><b>The cache, and its trade-off.</b> Off by default: every validation is a request, so a key
 * that is deleted, disabled, rerolled or expires is refused from the very next request, and the
 * key's rate limits, credits and usage count see every use. With {@link Builder#cache} on,
 * successful validations are kept for the given time, at most the given number of them (least
 * recently used out first): a repeated key costs no request, but <b>a revoked key keeps working on
 * this application for up to that time</b>, and uses answered from the cache are invisible to the
 * server, so its rate limits, credits and usage counts do not apply to them. Refusals are never
 * cached. {@link #invalidate} and {@link #invalidateAll} drop entries at once, for an application
 * that revokes keys itself. The cache holds SHA-256 digests of tokens, never tokens.
 *
 * <p>Immutable apart from the cache, and thread-safe; share one instance.
 */
public final class LatchkeyApiKeys {
  private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$");
  private static final String AUTHORIZATION = "Authorization";
  private static final System.Logger LOG = System.getLogger(LatchkeyApiKeys.class.getName());

  private final LatchkeyClient client;
  private final String header;
  private final boolean bearer;
  private final ValidationCache cache;
  private final Function<? super ClientRequest, String> clientAddressFrom;

  private LatchkeyApiKeys(
      LatchkeyClient client,
      String header,
      ValidationCache cache,
      Function<? super ClientRequest, String> clientAddressFrom) {
    this.client = client;
    this.header = header;
    this.bearer = header.equalsIgnoreCase(AUTHORIZATION);
    this.cache = cache;
    this.clientAddressFrom = clientAddressFrom;
  }

  /**
   * What {@link Builder#clientAddress} may read of the request that presented a key; the route
   * guards supply it. Implementations are only valid during the request.
   */
  public interface ClientRequest {
    /**
     * The address of the peer that sent the request, as the container reports it ({@code
     * getRemoteAddr()} for servlets, {@code ctx.ip()} for Javalin): behind a reverse proxy, the
     * proxy's unless the container is set up to read the proxy's headers. Nullable.
     */
    String remoteAddress();

    /**
     * Every value of the header {@code name} (any case), joined with {@code ", "} in the order
     * received, as a list-valued header such as {@code X-Forwarded-For} reads; null when there is
     * none. Whatever a header says, the client may have written it.
     */
    String header(String name);
  }

  /** A new builder that validates with {@code client}. */
  public static Builder builder(LatchkeyClient client) {
    return new Builder(client);
  }

  /** The header the key is read from; {@code Authorization} unless the builder said otherwise. */
  public String header() {
    return header;
  }

  /** Whether the {@link #header()} carries {@code Bearer <key>} rather than the bare key. */
  public boolean bearer() {
    return bearer;
  }

  /**
   * The address the route guards name to the server for {@code request}: what the {@link
   * Builder#clientAddress} function answers, or by default the request's {@link
   * ClientRequest#remoteAddress()}. When the function answers null or something that is not a
   * plausible IP literal (see {@link LatchkeyClient#validateApiKey(String, String)}), the remote
   * address instead; when that is not one either, null (failures then count against this
   * application). Brackets and an IPv6 zone are removed.
   *
   * @throws RuntimeException whatever the {@link Builder#clientAddress} function throws
   */
  public String clientAddress(ClientRequest request) {
    Objects.requireNonNull(request, "request");
    if (clientAddressFrom != null) {
      String chosen = ClientAddresses.plausible(clientAddressFrom.apply(request));
      if (chosen != null) {
        return chosen;
      }
      LOG.log(
          Level.DEBUG,
          "Latchkey: the clientAddress function gave no IP address; naming the remote address");
    }
    return ClientAddresses.plausible(request.remoteAddress());
  }

  /**
   * Who the key in a request's {@link #header()} belongs to; the server counts a failure against
   * this application's address. Prefer {@link #validateHeader(String, String)}.
   *
   * @param headerValue the header's value; nullable (a missing header)
   * @throws UnauthorizedException if the header is missing or malformed, or the key is not valid
   * @throws LatchkeyException 429 with {@link LatchkeyException#waitSeconds()} when the server
   *     rate-limits, 503 when it cannot answer
   */
  public ApiKeyValidation validateHeader(String headerValue) {
    return validateHeader(headerValue, null);
  }

  /**
   * Who the key in a request's {@link #header()} belongs to, for the client at {@code
   * clientAddress}: the server counts a failure against that address, and answers 429 once it has
   * seen too many from it.
   *
   * @param headerValue the header's value; nullable (a missing header)
   * @param clientAddress the IPv4 or IPv6 address of the client that sent the header, such as the
   *     request's remote address or {@link #clientAddress}; nullable: failures then count against
   *     this application
   * @throws IllegalArgumentException if {@code clientAddress} is not null and not a plausible IP
   *     literal (see {@link LatchkeyClient#validateApiKey(String, String)})
   * @throws UnauthorizedException if the header is missing or malformed, or the key is not valid
   * @throws LatchkeyException 429 with {@link LatchkeyException#waitSeconds()} when the server
   *     rate-limits, 503 when it cannot answer
   */
  public ApiKeyValidation validateHeader(String headerValue, String clientAddress) {
    String address = ClientAddresses.required(clientAddress);
    if (headerValue == null) {
      throw new UnauthorizedException("no " + header + " header found");
    }
    if (!bearer) {
      return validate(headerValue, address);
    }
    String[] parts = headerValue.split(" ", -1);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
      throw new UnauthorizedException("invalid authorization header: expected 'Bearer <api key>'");
    }
    return validate(parts[1], address);
  }

  /**
   * Who a bare key belongs to, for keys that do not come in a header; the server counts a failure
   * against this application's address. Prefer {@link #validate(String, String)}.
   *
   * @throws UnauthorizedException if the key is not valid
   * @throws LatchkeyException 429 with {@link LatchkeyException#waitSeconds()} when the server
   *     rate-limits, 503 when it cannot answer
   */
  public ApiKeyValidation validate(String apiKeyToken) {
    return validate(apiKeyToken, null);
  }

  /**
   * Who a bare key belongs to, for the client at {@code clientAddress}, as for {@link
   * #validateHeader(String, String)}.
   *
   * @param clientAddress the client's IPv4 or IPv6 address; nullable
   * @throws IllegalArgumentException if {@code clientAddress} is not null and not a plausible IP
   *     literal
   * @throws UnauthorizedException if the key is not valid
   * @throws LatchkeyException 429 with {@link LatchkeyException#waitSeconds()} when the server
   *     rate-limits, 503 when it cannot answer
   */
  public ApiKeyValidation validate(String apiKeyToken, String clientAddress) {
    Objects.requireNonNull(apiKeyToken, "apiKeyToken");
    String address = ClientAddresses.required(clientAddress);
    if (!ApiKeyTokens.wellFormed(apiKeyToken)) {
      throw new UnauthorizedException(
          "the API key is not in the issued-key format, or its checksum does not match");
    }
    if (cache != null) {
      ApiKeyValidation cached = cache.get(apiKeyToken);
      if (cached != null) {
        return cached;
      }
    }
    ApiKeyValidation validation;
    try {
      validation = client.validateApiKey(apiKeyToken, address);
    } catch (LatchkeyException e) {
      throw translated(e);
    }
    if (cache != null) {
      cache.put(apiKeyToken, validation);
    }
    return validation;
  }

  private static LatchkeyException translated(LatchkeyException e) {
    return switch (e.status()) {
      case 400 -> new UnauthorizedException("the server refused the API key: " + e.getMessage(), e);
      case 429 -> e;
      default ->
          new LatchkeyException("API keys cannot be validated now: " + e.getMessage(), 503, e);
    };
  }

  /** Drops the cached validation of {@code apiKeyToken}, if any; its next use asks the server. */
  public void invalidate(String apiKeyToken) {
    Objects.requireNonNull(apiKeyToken, "apiKeyToken");
    if (cache != null) {
      cache.remove(apiKeyToken);
    }
  }

  /** Drops every cached validation. */
  public void invalidateAll() {
    if (cache != null) {
      cache.clear();
    }
  }

  /** Names the header, the cache and where client addresses come from; never a key. */
  @Override
  public String toString() {
    return "LatchkeyApiKeys[header="
        + header
        + ", cache="
        + (cache == null ? "off" : "on")
        + ", clientAddress="
        + (clientAddressFrom == null ? "remote address" : "function")
        + "]";
  }

  /**
   * Builds a {@link LatchkeyApiKeys}. Every setter checks its value at once and throws {@link
   * IllegalArgumentException} naming the value and the rule broken. Not thread-safe; the object it
   * builds is.
   */
  public static final class Builder {
    static final Duration MAX_TTL = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 1_000_000;

    private final LatchkeyClient client;
    private String header = AUTHORIZATION;
    private Duration ttl;
    private int maxEntries;
    private Clock clock = Clock.systemUTC();
    private Function<? super ClientRequest, String> clientAddressFrom;

    private Builder(LatchkeyClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * The request header that carries the key; default {@code Authorization} (as {@code Bearer
     * <key>}). Any other header, such as {@code X-API-Key}, carries the bare key.
     *
     * @throws IllegalArgumentException if it is not a valid header name
     */
    public Builder header(String name) {
      Objects.requireNonNull(name, "name");
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "header must be a valid header name, got '" + name + "'");
      }
      this.header = name.equalsIgnoreCase(AUTHORIZATION) ? AUTHORIZATION : name;
      return this;
    }

    /**
     * Keeps successful validations for {@code ttl}, at most {@code maxEntries} of them. A revoked
     * key keeps working on this application for up to {@code ttl}, and cached uses escape the key's
     * rate limits, credits and usage count: see the class documentation.
     *
     * @throws IllegalArgumentException if {@code ttl} is not between 1 second and 10 minutes, or
     *     {@code maxEntries} not between 1 and 1,000,000
     */
    public Builder cache(Duration ttl, int maxEntries) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException(
            "cache ttl must be between 1 second and " + MAX_TTL + ", got " + ttl);
      }
      if (maxEntries < 1 || maxEntries > MAX_ENTRIES) {
        throw new IllegalArgumentException(
            "cache maxEntries must be between 1 and " + MAX_ENTRIES + ", got " + maxEntries);
      }
      this.ttl = ttl;
      this.maxEntries = maxEntries;
      return this;
    }

    /** The clock cache entries age by; default {@link Clock#systemUTC()}. For tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where the route guards take the address of the client that presented a key, which the server
     * counts failed validations against; by default the request's remote address. For an
     * application behind a reverse proxy that the container does not already account for: read the
     * header the proxy writes, and only the part the proxy wrote, since a client can send any
     * header itself. With one proxy that appends to {@code X-Forwarded-For}, that is the last
     * entry:
     *
     * <pre>{@code
     * .clientAddress(request -> {
     *   String forwarded = request.header("X-Forwarded-For");
     *   return forwarded == null ? null : forwarded.substring(forwarded.lastIndexOf(',') + 1);
     * })
     * }</pre>
     *
     * <p>A null answer, or one that is not a plausible IP literal, falls back to the remote address
     * (see {@link LatchkeyApiKeys#clientAddress}). The function is called once per guarded request,
     * from the container's threads, and must be thread-safe; what it throws reaches the container.
     */
    public Builder clientAddress(Function<? super ClientRequest, String> from) {
      this.clientAddressFrom = Objects.requireNonNull(from, "from");
      return this;
    }

    /** The object; without {@link #cache}, every validation asks the server. */
    public LatchkeyApiKeys build() {
      return new LatchkeyApiKeys(
          client,
          header,
          ttl == null ? null : new ValidationCache(ttl, maxEntries, clock),
          clientAddressFrom);
    }
  }
}
