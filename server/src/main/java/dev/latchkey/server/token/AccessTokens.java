package dev.latchkey.server.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Access tokens: RS256 JWTs with PropelAuth's claims, so that PropelAuth clients (and the Latchkey
 * SDK) validate them in-process. {@code iss} is the public URL's origin.
 */
public final class AccessTokens {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

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

    final String wire;

    LoginMethod(String wire) {
      this.wire = wire;
    }
  }

  /** The body of {@code POST /api/backend/v1/access_token}. */
  public record CreateRequest(String userId, Long durationInMinutes, String activeOrgId) {}

  /**
   * {@code create_access_token}: a token for {@code user_id}, valid {@code duration_in_minutes}. An
   * unknown user is a 403 (the PropelAuth clients read it as "user not found").
   */
  public String createFromBackend(CreateRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String userId = errors.uuid("user_id", r.userId(), true);
    errors.required("duration_in_minutes", r.durationInMinutes());
    errors.range("duration_in_minutes", r.durationInMinutes(), 1, maxLifetime.toMinutes());
    String activeOrg = errors.uuid("active_org_id", r.activeOrgId(), false);
    errors.throwIfAny();
    UserMetadata user =
        users.byId(userId, true).orElseThrow(() -> new ForbiddenException("User not found"));
    if (!user.enabled()) {
      throw InvalidInputException.of("user_id", "The user is disabled");
    }
    if (user.locked()) {
      throw InvalidInputException.of("user_id", "The user is locked");
    }
    if (activeOrg != null && !user.orgIdToOrgInfo().containsKey(activeOrg)) {
      throw InvalidInputException.of(
          "active_org_id", "The user is not a member of this organization");
    }
    String token =
        sign(
            user,
            Duration.ofMinutes(r.durationInMinutes()),
            activeOrg,
            LoginMethod.GENERATED_FROM_BACKEND_API,
            null);
    db.inTransaction(
        h -> {
          audit.record(
              h,
              actor,
              "access_token.created",
              "user",
              userId,
              Map.of(
                  "duration_in_minutes",
                  r.durationInMinutes(),
                  "active_org_id",
                  activeOrg == null ? "" : activeOrg));
          return null;
        });
    return token;
  }

  /** Signs a token for {@code user} (who must carry {@code org_id_to_org_info}). */
  public String sign(
      UserMetadata user,
      Duration lifetime,
      String activeOrgId,
      LoginMethod method,
      String impersonatorUserId) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.userId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .claim("user_id", user.userId())
            .claim("email", user.email())
            .claim("login_method", Map.of("login_method", method.wire));
    putIfPresent(claims, "first_name", user.firstName());
    putIfPresent(claims, "last_name", user.lastName());
    putIfPresent(claims, "username", user.username());
    putIfPresent(claims, "legacy_user_id", user.legacyUserId());
    putIfPresent(claims, "impersonator_user_id", impersonatorUserId);
    if (user.properties() != null) {
      claims.claim("properties", json.convertValue(user.properties(), MAP));
    }
    if (user.metadata() != null) {
      claims.claim("metadata", json.convertValue(user.metadata(), MAP));
    }
    Map<String, Object> orgs = new LinkedHashMap<>();
    user.orgIdToOrgInfo().forEach((id, info) -> orgs.put(id, memberInfo(info)));
    if (activeOrgId != null) {
      claims.claim("org_member_info", orgs.get(activeOrgId));
    } else {
      claims.claim("org_id_to_org_member_info", orgs);
    }
    SigningKeys.Key key = signingKeys.signer();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.kid())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
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
