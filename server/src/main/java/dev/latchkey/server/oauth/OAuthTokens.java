package dev.latchkey.server.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.token.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client-credentials grant, introspection (RFC 7662) and revocation (RFC 7009). Access tokens
 * are RS256 JWTs of type {@code at+jwt} (RFC 9068) signed by the server's signing key, so anyone
 * verifies them with the JWKS; they carry {@code client_id}, the owner and the scopes, and never
 * {@code user_id}, so they are not accepted where a user's access token is.
 *
 * <p>A grant reads the app from the near-cache (at most one indexed read), checks a keyed digest of
 * the secret in constant time, and signs: no write.
 */
final class OAuthTokens {
  static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  static final int MAX_CLIENT_ID = 200;
  static final int MAX_SECRET = 512;
  static final int MAX_TOKEN = 16 * 1024;
  static final int MAX_AUDIENCE = 200;

  private final Database db;
  private final AppStore store;
  private final ClientCache cache;
  private final ServerKeys keys;
  private final SigningKeys signingKeys;
  private final AuditLog audit;
  private final Clock clock;
  private final String issuer;
  private final Duration lifetime;

  OAuthTokens(
      Database db,
      AppStore store,
      ClientCache cache,
      ServerKeys keys,
      SigningKeys signingKeys,
      AuditLog audit,
      Clock clock,
      String issuer,
      Duration lifetime) {
    this.db = db;
    this.store = store;
    this.cache = cache;
    this.keys = keys;
    this.signingKeys = signingKeys;
    this.audit = audit;
    this.clock = clock;
    this.issuer = issuer;
    this.lifetime = lifetime;
  }

  /**
   * Who calls introspection or revocation: a client ({@code clientId}), or a management key ({@code
   * clientId} null), and how the audit log names it.
   */
  record Caller(String clientId, Actor actor) {}

  /** Client credentials as presented, and whether they came in the Authorization header. */
  record Presented(String clientId, Secret secret, boolean viaBasic) {}

  /** RFC 6749 §5.1. */
  record TokenResponse(
      String accessToken,
      String tokenType,
      long expiresIn,
      @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {
    @Override
    public String toString() {
      return "TokenResponse[redacted]";
    }
  }

  /** RFC 7662 §2.2; only {@code active} when the token is not active. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Introspection(
      boolean active,
      String scope,
      String clientId,
      String tokenType,
      Long exp,
      Long iat,
      String sub,
      Object aud,
      String iss,
      String jti,
      String ownerType,
      String ownerId) {
    static final Introspection INACTIVE =
        new Introspection(false, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** A token that verified: signature, type, issuer; expiry and revocation are checked apart. */
  private record Parsed(JWTClaimsSet claims, String clientId, String jti, Instant expires) {}

  /** The client the credentials name, if the secret is right; {@code invalid_client} otherwise. */
  ClientRecord authenticate(Presented p) {
    if (p.clientId().isEmpty()
        || p.clientId().length() > MAX_CLIENT_ID
        || !ClientIds.couldBe(p.clientId())
        || p.secret().length() > MAX_SECRET) {
      throw OAuthError.invalidClient(p.viaBasic());
    }
    byte[] presented = keys.digest(p.secret()).getBytes(StandardCharsets.US_ASCII);
    Optional<ClientRecord> found = cache.get(p.clientId());
    if (found.isEmpty()) {
      throw OAuthError.invalidClient(p.viaBasic());
    }
    ClientRecord c = found.get();
    boolean current =
        MessageDigest.isEqual(presented, c.secretDigest().getBytes(StandardCharsets.US_ASCII));
    boolean previous =
        c.previousDigest() != null
            && c.app().previousValidUntil() != null
            && c.app().previousValidUntil() > clock.instant().getEpochSecond()
            && MessageDigest.isEqual(
                presented, c.previousDigest().getBytes(StandardCharsets.US_ASCII));
    if (!current && !previous) {
      throw OAuthError.invalidClient(p.viaBasic());
    }
    return c;
  }

  TokenResponse grant(ClientRecord client, String scope, String audience) {
    AppRow app = client.app();
    if (!app.grantTypes().contains(AppInput.CLIENT_CREDENTIALS)) {
      throw OAuthError.unauthorizedClient("This client may not use the client_credentials grant");
    }
    if (!client.ownerActive()) {
      throw OAuthError.invalidGrant("The owner of this client is disabled or locked");
    }
    List<String> granted = Scopes.grant(scope, app.scopes());
    if (granted == null) {
      throw OAuthError.invalidScope(
          app.scopes() == null
              ? "scope must be space-separated scope tokens"
              : "scope may only name scopes this client is allowed: "
                  + String.join(" ", app.scopes()));
    }
    if (audience != null
        && (audience.isEmpty()
            || audience.length() > MAX_AUDIENCE
            || !Scopes.isPrintable(audience))) {
      throw OAuthError.invalidRequest(
          "audience must be 1 to " + MAX_AUDIENCE + " printable characters without spaces");
    }
    String scopeText = granted.isEmpty() ? null : String.join(" ", granted);
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(app.clientId())
            .audience(audience != null ? audience : issuer)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(RandomTokens.hex(16))
            .claim("client_id", app.clientId())
            .claim("owner", Map.of("type", app.ownerType(), "id", app.ownerId()));
    if (scopeText != null) {
      claims.claim("scope", scopeText);
    }
    return new TokenResponse(
        signingKeys.sign(claims.build(), AT_JWT), "Bearer", lifetime.toSeconds(), scopeText);
  }

  /**
   * What a token is, for the client {@code caller} (null: a management key, which may introspect
   * any token; a client learns only about its own tokens).
   */
  Introspection introspect(String token, String caller) {
    Optional<Parsed> parsed = parse(token);
    if (parsed.isEmpty()) {
      return Introspection.INACTIVE;
    }
    Parsed p = parsed.get();
    if (!p.expires().isAfter(clock.instant()) || (caller != null && !caller.equals(p.clientId()))) {
      return Introspection.INACTIVE;
    }
    boolean revoked = db.withHandle(h -> store.isRevoked(h, p.jti()));
    if (revoked || cache.get(p.clientId()).isEmpty()) {
      return Introspection.INACTIVE;
    }
    JWTClaimsSet c = p.claims();
    Object owner = c.getClaim("owner");
    String ownerType = null;
    String ownerId = null;
    if (owner instanceof Map<?, ?> m) {
      ownerType = String.valueOf(m.get("type"));
      ownerId = String.valueOf(m.get("id"));
    }
    List<String> aud = c.getAudience();
    return new Introspection(
        true,
        stringClaim(c, "scope"),
        p.clientId(),
        "Bearer",
        p.expires().getEpochSecond(),
        c.getIssueTime() == null ? null : c.getIssueTime().toInstant().getEpochSecond(),
        c.getSubject(),
        aud.size() == 1 ? aud.get(0) : aud,
        c.getIssuer(),
        p.jti(),
        ownerType,
        ownerId);
  }

  /**
   * Revokes a token of the calling client (a management key: any token). Tokens this server did not
   * issue, or that already expired, need nothing (RFC 7009 §2.2); another client's token is
   * refused.
   */
  void revoke(String token, Caller caller) {
    Optional<Parsed> parsed = parse(token);
    if (parsed.isEmpty()) {
      return;
    }
    Parsed p = parsed.get();
    if (caller.clientId() != null && !caller.clientId().equals(p.clientId())) {
      throw OAuthError.unauthorizedClient("The token was not issued to this client");
    }
    long now = clock.instant().getEpochSecond();
    if (p.expires().getEpochSecond() <= now) {
      return;
    }
    db.inTransaction(
        h -> {
          if (store.revoke(h, p.jti(), p.clientId(), p.expires().getEpochSecond(), now)) {
            audit.record(
                h,
                caller.actor(),
                "oauth_token.revoked",
                "oauth_app",
                p.clientId(),
                Map.of("jti", p.jti()));
          }
          return null;
        });
  }

  private Optional<Parsed> parse(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader header = jwt.getHeader();
      if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())
          || !AT_JWT.equals(header.getType())
          || header.getCriticalParams() != null) {
        return Optional.empty();
      }
      String kid = header.getKeyID();
      Optional<SigningKeys.Key> key =
          signingKeys.verifying().stream().filter(k -> k.kid().equals(kid)).findFirst();
      if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get().publicKey()))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      String clientId = stringClaim(claims, "client_id");
      if (!issuer.equals(claims.getIssuer())
          || clientId == null
          || claims.getJWTID() == null
          || claims.getExpirationTime() == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Parsed(claims, clientId, claims.getJWTID(), claims.getExpirationTime().toInstant()));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      return null;
    }
  }
}
