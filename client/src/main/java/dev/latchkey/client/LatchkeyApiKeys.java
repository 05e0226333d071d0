package dev.latchkey.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
 * answers 429 (the key's rate limit or credits, or too many invalid keys from this application);
 * 503 for anything else, such as a server that cannot be reached or refuses the management key,
 * with the underlying exception as the cause. Only keys issued by Latchkey are accepted; imported
 * keys go through {@link LatchkeyClient#validateImportedApiKey}.
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

  private final LatchkeyClient client;
  private final String header;
  private final boolean bearer;
  private final ValidationCache cache;

  private LatchkeyApiKeys(LatchkeyClient client, String header, ValidationCache cache) {
    this.client = client;
    this.header = header;
    this.bearer = header.equalsIgnoreCase(AUTHORIZATION);
    this.cache = cache;
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
   * Who the key in a request's {@link #header()} belongs to.
   *
   * @param headerValue the header's value; nullable (a missing header)
   * @throws UnauthorizedException if the header is missing or malformed, or the key is not valid
   * @throws LatchkeyException 429 with {@link LatchkeyException#waitSeconds()} when the server
   *     rate-limits, 503 when it cannot answer
   */
  public ApiKeyValidation validateHeader(String headerValue) {
    if (headerValue == null) {
      throw new UnauthorizedException("no " + header + " header found");
    }
    if (!bearer) {
      return validate(headerValue);
    }
    String[] parts = headerValue.split(" ", -1);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
      throw new UnauthorizedException("invalid authorization header: expected 'Bearer <api key>'");
    }
    return validate(parts[1]);
  }

  /**
   * Who a bare key belongs to, for keys that do not come in a header.
   *
   * @throws UnauthorizedException if the key is not valid
   * @throws LatchkeyException 429 with {@link LatchkeyException#waitSeconds()} when the server
   *     rate-limits, 503 when it cannot answer
   */
  public ApiKeyValidation validate(String apiKeyToken) {
    Objects.requireNonNull(apiKeyToken, "apiKeyToken");
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
      validation = client.validateApiKey(apiKeyToken);
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

  /** Names the header and the cache, never a key. */
  @Override
  public String toString() {
    return "LatchkeyApiKeys[header=" + header + ", cache=" + (cache == null ? "off" : "on") + "]";
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

    /** The object; without {@link #cache}, every validation asks the server. */
    public LatchkeyApiKeys build() {
      return new LatchkeyApiKeys(
          client, header, ttl == null ? null : new ValidationCache(ttl, maxEntries, clock));
    }
  }
}
