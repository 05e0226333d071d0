package dev.latchkey.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.UnauthorizedException;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Credentials;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.store.Rows;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Magic links ({@code create_magic_link}): a URL that logs the user in. Links expire, are
 * single-use unless asked otherwise, may create the user, and redirect only to allowed origins.
 */
final class MagicLinks {
  static final long MAX_HOURS = 24 * 30;

  private final Database db;
  private final ServerKeys keys;
  private final AuditLog audit;
  private final Credentials credentials;
  private final Clock clock;
  private final String publicBase;
  private final List<String> allowedOrigins;

  MagicLinks(
      Database db,
      ServerKeys keys,
      AuditLog audit,
      Credentials credentials,
      Clock clock,
      String publicBase,
      List<String> allowedOrigins) {
    this.db = db;
    this.keys = keys;
    this.audit = audit;
    this.credentials = credentials;
    this.clock = clock;
    this.publicBase = publicBase;
    this.allowedOrigins = allowedOrigins;
  }

  /** The body of {@code POST /api/backend/v1/magic_link}. */
  record CreateRequest(
      String email,
      String redirectToUrl,
      Long expiresInHours,
      Boolean createNewUserIfOneDoesntExist,
      Boolean expireAfterFirstUse,
      Boolean requiresInterstitial,
      JsonNode userSignupQueryParameters) {}

  /** A link's stored settings. */
  record Link(
      String digest,
      String email,
      String redirectToUrl,
      boolean createUser,
      boolean singleUse,
      boolean requiresInterstitial,
      long expiresAt,
      Long usedAt) {}

  String create(CreateRequest r, Actor actor) {
    FieldErrors errors = new FieldErrors();
    String email = errors.email("email", r.email(), true);
    String redirect = errors.url("redirect_to_url", r.redirectToUrl());
    if (redirect != null && !isAllowed(redirect)) {
      errors.add(
          "redirect_to_url",
          "must be on an allowed origin ("
              + String.join(", ", allowedOrigins)
              + "); see LATCHKEY_ALLOWED_REDIRECT_ORIGINS");
    }
    long hours = r.expiresInHours() == null ? 24 : r.expiresInHours();
    errors.range("expires_in_hours", hours, 1, MAX_HOURS);
    String params =
        errors.jsonObject("user_signup_query_parameters", r.userSignupQueryParameters());
    errors.throwIfAny();
    boolean create = !Boolean.FALSE.equals(r.createNewUserIfOneDoesntExist());
    if (!create && credentials.byEmail(email).isEmpty()) {
      throw InvalidInputException.of(
          "email", "No user with this email exists (create_new_user_if_one_doesnt_exist is false)");
    }
    Secret token = Secret.of(RandomTokens.base62(32));
    long now = now();
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO magic_links (digest, email, redirect_to_url, create_user, single_use, requires_interstitial,"
                      + " user_signup_query_parameters, created_at, expires_at) VALUES (:d, :email, :redirect, :create, :single,"
                      + " :interstitial, :params, :now, :exp)")
              .bind("d", keys.digest(token))
              .bind("email", email)
              .bindByType("redirect", redirect, String.class)
              .bind("create", create)
              .bind("single", !Boolean.FALSE.equals(r.expireAfterFirstUse()))
              .bind("interstitial", Boolean.TRUE.equals(r.requiresInterstitial()))
              .bindByType("params", params, String.class)
              .bind("now", now)
              .bind("exp", now + hours * 3600)
              .execute();
          audit.record(
              h,
              actor,
              "magic_link.created",
              "email",
              email,
              Map.of("expires_in_hours", hours, "create_user", create));
          return null;
        });
    return publicBase + "/api/v1/magic_link?token=" + token.reveal();
  }

  Optional<Link> find(Secret token) {
    if (token.length() > 200) {
      return Optional.empty();
    }
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT digest, email, redirect_to_url, create_user, single_use, requires_interstitial,"
                        + " expires_at, used_at FROM magic_links WHERE digest = :d")
                .bind("d", keys.digest(token))
                .map(
                    (rs, ctx) ->
                        new Link(
                            rs.getString("digest"),
                            rs.getString("email"),
                            rs.getString("redirect_to_url"),
                            rs.getBoolean("create_user"),
                            rs.getBoolean("single_use"),
                            rs.getBoolean("requires_interstitial"),
                            rs.getLong("expires_at"),
                            Rows.nullableLong(rs, "used_at")))
                .findOne());
  }

  /**
   * Uses the link: refuses expired links and used single-use links (401), and returns the id of the
   * user to log in, created when the link allows it.
   */
  String use(Secret token) {
    Link link = find(token).orElseThrow(MagicLinks::invalid);
    long now = now();
    if (link.expiresAt() <= now) {
      throw invalid();
    }
    if (link.singleUse()) {
      int claimed =
          db.withHandle(
              h ->
                  h.createUpdate(
                          "UPDATE magic_links SET used_at = :now WHERE digest = :d AND used_at IS NULL")
                      .bind("now", now)
                      .bind("d", link.digest())
                      .execute());
      if (claimed == 0) {
        throw invalid();
      }
    } else {
      db.withHandle(
          h ->
              h.createUpdate("UPDATE magic_links SET used_at = :now WHERE digest = :d")
                  .bind("now", now)
                  .bind("d", link.digest())
                  .execute());
    }
    return credentials
        .byEmail(link.email())
        .map(Credentials.Subject::userId)
        .orElseGet(
            () -> {
              if (!link.createUser()) {
                throw invalid();
              }
              return credentials.createFromMagicLink(link.email());
            });
  }

  boolean isAllowed(String url) {
    try {
      URI u = URI.create(url);
      String origin =
          (u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()))
              .toLowerCase(Locale.ROOT);
      return allowedOrigins.contains(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static UnauthorizedException invalid() {
    return new UnauthorizedException(
        "invalid_magic_link", "This link is invalid, already used or expired");
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
