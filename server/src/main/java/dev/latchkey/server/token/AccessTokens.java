package dev.latchkey.server.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.ForbiddenException;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.identity.Views.OrgMemberInfo;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.store.Database;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Access tokens: RS256 JWTs with PropelAuth's claims, so that PropelAuth clients (and the Latchkey
 * SDK) validate them in-process. {@code iss} is the public URL's origin.
 */
public final class AccessTokens {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final SigningKeys signingKeys;
  private final UserService users;
  private final Database db;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Clock clock;
  private final String issuer;
  private final Duration maxLifetime;

  public AccessTokens(
      SigningKeys signingKeys,
      UserService users,
      Database db,
      AuditLog audit,
      ObjectMapper json,
      Clock clock,
      String issuer,
      Duration maxLifetime) {
    this.signingKeys = signingKeys;
    this.users = users;
    this.db = db;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
    this.issuer = issuer;
    this.maxLifetime = maxLifetime;
  }

  /** How a user came by a token, as the {@code login_method} claim says it. */
  public enum LoginMethod {
    PASSWORD("password"),
    MAGIC_LINK("magic_link"),
    EMAIL_CONFIRMATION_LINK("email_confirmation_link"),
    IMPERSONATION("impersonation"),
    GENERATED_FROM_BACKEND_API("generated_from_backend_api");

    private final String wire;

    LoginMethod(String wire) {
      this.wire = wire;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
      return wire;
    }

    public static LoginMethod fromWire(String value) {
      for (LoginMethod m : values()) {
        if (m.wire.equals(value)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown login method " + value);
    }
  }

  /**
   * What a token grants: the user (with {@code org_id_to_org_info}), for how long, the active org
   * if any, how they logged in, who impersonates them, and the session it belongs to.
   */
  public record Grant(
      UserMetadata user,
      Duration lifetime,
      String activeOrgId,
      LoginMethod method,
      String impersonatorUserId,
      String sessionId) {}

  /** A token that verified: whose it is and the session it came from (if any). */
  public record Verified(String userId, String sessionId, String impersonatorUserId) {}

  /** The body of {@code POST /api/backend/v1/access_token}. */
  public record CreateRequest(String userId, Long durationInMinutes, String activeOrgId) {}

  /** The body of {@code POST /api/backend/v1/user/{user_id}/impersonate}. */
  public record ImpersonateRequest(String impersonatorUserId, Long durationInMinutes) {}

  /**
   * {@code create_access_token}: a token for {@code user_id}, valid {@code duration_in_minutes}. An
   * unknown user is a 403 (the PropelAuth clients read it as "user not found").
   */
  public String createFromBackend(CreateRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String userId = errors.uuid("user_id", r.userId(), true);
    Duration lifetime = lifetime(errors, r.durationInMinutes(), true);
    String activeOrg = errors.uuid("active_org_id", r.activeOrgId(), false);
    errors.throwIfAny();
    UserMetadata user = activeUser(userId);
    if (activeOrg != null && !user.orgIdToOrgInfo().containsKey(activeOrg)) {
      throw InvalidInputException.of(
          "active_org_id", "The user is not a member of this organization");
    }
    String token =
        sign(
            new Grant(
                user, lifetime, activeOrg, LoginMethod.GENERATED_FROM_BACKEND_API, null, null));
    recordIssue(
        actor, "access_token.created", userId, Map.of("duration_minutes", lifetime.toMinutes()));
    return token;
  }

  /**
   * A token for {@code user_id} that says who is impersonating them ({@code impersonator_user_id},
   * an existing user), for support staff acting on a customer's behalf.
   */
  public String impersonate(String userId, ImpersonateRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String impersonator = errors.uuid("impersonator_user_id", r.impersonatorUserId(), true);
    Duration lifetime =
        lifetime(errors, r.durationInMinutes() == null ? 60L : r.durationInMinutes(), true);
    errors.throwIfAny();
    if (impersonator.equals(userId)) {
      throw InvalidInputException.of(
          "impersonator_user_id", "A user cannot impersonate themselves");
    }
    if (users.byId(impersonator, false).isEmpty()) {
      throw InvalidInputException.of("impersonator_user_id", "No user with this id exists");
    }
    UserMetadata user =
        users
            .byId(userId, true)
            .orElseThrow(() -> new dev.latchkey.server.common.NotFoundException("User not found"));
    String token =
        sign(new Grant(user, lifetime, null, LoginMethod.IMPERSONATION, impersonator, null));
    recordIssue(
        actor,
        "user.impersonated",
        userId,
        Map.of("impersonator_user_id", impersonator, "duration_minutes", lifetime.toMinutes()));
    return token;
  }

  private Duration lifetime(FieldErrors errors, Long minutes, boolean required) {
    if (minutes == null) {
      if (required) {
        errors.add("duration_in_minutes", "is required");
      }
      return Duration.ZERO;
    }
    errors.range("duration_in_minutes", minutes, 1, maxLifetime.toMinutes());
    return Duration.ofMinutes(Math.max(1, Math.min(minutes, maxLifetime.toMinutes())));
  }

  private UserMetadata activeUser(String userId) {
    UserMetadata user =
        users.byId(userId, true).orElseThrow(() -> new ForbiddenException("User not found"));
    if (!user.enabled()) {
      throw InvalidInputException.of("user_id", "The user is disabled");
    }
    if (user.locked()) {
      throw InvalidInputException.of("user_id", "The user is locked");
    }
    return user;
  }

  private void recordIssue(Actor actor, String action, String userId, Map<String, ?> details) {
    db.inTransaction(
        h -> {
          audit.record(h, actor, action, "user", userId, details);
          return null;
        });
  }

  /** Signs a token for the grant. */
  public String sign(Grant g) {
    UserMetadata user = g.user();
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.userId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(g.lifetime())))
            .claim("user_id", user.userId())
            .claim("email", user.email())
            .claim("login_method", Map.of("login_method", g.method().wire()));
    putIfPresent(claims, "first_name", user.firstName());
    putIfPresent(claims, "last_name", user.lastName());
    putIfPresent(claims, "username", user.username());
    putIfPresent(claims, "legacy_user_id", user.legacyUserId());
    putIfPresent(claims, "impersonator_user_id", g.impersonatorUserId());
    putIfPresent(claims, "sid", g.sessionId());
    if (user.properties() != null) {
      claims.claim("properties", json.convertValue(user.properties(), MAP));
    }
    if (user.metadata() != null) {
      claims.claim("metadata", json.convertValue(user.metadata(), MAP));
    }
    Map<String, Object> orgs = new LinkedHashMap<>();
    user.orgIdToOrgInfo().forEach((id, info) -> orgs.put(id, memberInfo(info)));
    if (g.activeOrgId() != null && orgs.containsKey(g.activeOrgId())) {
      claims.claim("org_member_info", orgs.get(g.activeOrgId()));
    } else {
      claims.claim("org_id_to_org_member_info", orgs);
    }
    return signingKeys.sign(claims.build(), JOSEObjectType.JWT);
  }

  /**
   * Verifies a token this server issued: RS256 only, a known {@code kid}, our issuer, not expired.
   * Empty for anything else; the reason is never told to the caller.
   */
  public Optional<Verified> verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return Optional.empty();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || jwt.getHeader().getCriticalParams() != null) {
        return Optional.empty();
      }
      String kid = jwt.getHeader().getKeyID();
      Optional<SigningKeys.Key> key =
          signingKeys.verifying().stream().filter(k -> k.kid().equals(kid)).findFirst();
      if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get().publicKey()))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (!issuer.equals(claims.getIssuer())
          || exp == null
          || !exp.toInstant().isAfter(clock.instant())) {
        return Optional.empty();
      }
      String userId = claims.getStringClaim("user_id");
      if (userId == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Verified(
              userId, claims.getStringClaim("sid"), claims.getStringClaim("impersonator_user_id")));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Map<String, Object> memberInfo(OrgMemberInfo info) {
    return json.convertValue(info, MAP);
  }

  private static void putIfPresent(JWTClaimsSet.Builder claims, String name, String value) {
    if (value != null) {
      claims.claim(name, value);
    }
  }
}
