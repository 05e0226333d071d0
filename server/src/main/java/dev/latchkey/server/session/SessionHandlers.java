package dev.latchkey.server.session;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.UnauthorizedException;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.token.AccessTokens;
import dev.latchkey.server.token.AccessTokens.LoginMethod;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The login API: password login, refresh, logout, sessions, TOTP enrollment (public or with the
 * user's access token), and the backend's magic links, impersonation and unlock (management key).
 */
public final class SessionHandlers {
  static final String COOKIE = "latchkey_refresh_token";

  private final LoginService login;
  private final MagicLinks magicLinks;
  private final AccessTokens tokens;
  private final UserService users;
  private final Http http;
  private final boolean secureCookies;
  private final Duration sessionLifetime;
  private final String defaultRedirect;

  public SessionHandlers(
      Login feature,
      AccessTokens tokens,
      UserService users,
      Http http,
      boolean secureCookies,
      Duration sessionLifetime,
      String defaultRedirect) {
    this.login = feature.service();
    this.magicLinks = feature.magicLinks();
    this.tokens = tokens;
    this.users = users;
    this.http = http;
    this.secureCookies = secureCookies;
    this.sessionLifetime = sessionLifetime;
    this.defaultRedirect = defaultRedirect;
  }

  record RefreshBody(Secret refreshToken) {}

  record CodeBody(String code, Secret recoveryCode) {}

  record MagicLinkUrl(String url) {}

  record AccessToken(String accessToken) {}

  record RecoveryCodes(List<String> recoveryCodes) {}

  record SessionsPage(
      List<Sessions.Session> sessions,
      long totalSessions,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  // ---- public

  public void login(Context ctx) {
    LoginService.Tokens t =
        login.login(http.body(ctx, LoginService.LoginRequest.class), ctx.ip(), ctx.userAgent());
    answer(ctx, t);
  }

  public void refresh(Context ctx) {
    answer(ctx, login.refresh(refreshToken(ctx)));
  }

  public void logout(Context ctx) {
    login.logout(refreshToken(ctx));
    clearCookie(ctx);
    Http.ok(ctx);
  }

  private Secret refreshToken(Context ctx) {
    RefreshBody body = http.body(ctx, RefreshBody.class);
    if (body.refreshToken() != null) {
      return body.refreshToken();
    }
    String cookie = ctx.cookie(COOKIE);
    if (cookie == null || cookie.isBlank()) {
      throw InvalidInputException.of(
          "refresh_token", "is required (in the body, or the " + COOKIE + " cookie)");
    }
    return Secret.of(cookie);
  }

  private void answer(Context ctx, LoginService.Tokens t) {
    Cookie cookie =
        new Cookie(
            COOKIE,
            t.refreshToken(),
            "/api/v1",
            (int) sessionLifetime.toSeconds(),
            secureCookies,
            0,
            true,
            null,
            null,
            SameSite.LAX);
    ctx.cookie(cookie);
    ctx.header("Cache-Control", "no-store");
    ctx.json(t);
  }

  private void clearCookie(Context ctx) {
    ctx.cookie(
        new Cookie(COOKIE, "", "/api/v1", 0, secureCookies, 0, true, null, null, SameSite.LAX));
  }

  /** Opening a magic link: an interstitial page when the link asks for one, else log in at once. */
  public void magicLinkPage(Context ctx) {
    Secret token = linkToken(ctx);
    MagicLinks.Link link = magicLinks.find(token).orElse(null);
    if (link != null && link.requiresInterstitial()) {
      ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
      ctx.html(
          "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in</title></head><body><h1>Sign in</h1>"
              + "<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\""
              + token.reveal().replaceAll("[^A-Za-z0-9]", "")
              + "\"><button type=\"submit\">Continue</button></form></body></html>");
      return;
    }
    useMagicLink(ctx, token, link);
  }

  public void magicLinkUse(Context ctx) {
    Secret token = linkToken(ctx);
    useMagicLink(ctx, token, magicLinks.find(token).orElse(null));
  }

  private void useMagicLink(Context ctx, Secret token, MagicLinks.Link link) {
    String userId = magicLinks.use(token);
    LoginService.Tokens t =
        login.openSession(userId, LoginMethod.MAGIC_LINK, ctx.ip(), ctx.userAgent());
    String redirect =
        link != null && link.redirectToUrl() != null ? link.redirectToUrl() : defaultRedirect;
    if (wantsJson(ctx)) {
      answer(ctx, t);
    } else if (redirect != null) {
      answer(ctx, t);
      ctx.redirect(redirect, io.javalin.http.HttpStatus.FOUND);
    } else {
      answer(ctx, t);
      ctx.html(
          "<!doctype html><html><head><meta charset=\"utf-8\"><title>Signed in</title></head><body><h1>You are signed in</h1></body></html>");
    }
  }

  private Secret linkToken(Context ctx) {
    String token = ctx.queryParam("token");
    if (token == null
        && ctx.contentType() != null
        && ctx.contentType().startsWith("application/x-www-form-urlencoded")) {
      token = ctx.formParam("token");
    }
    if (token == null
        && ctx.contentType() != null
        && ctx.contentType().startsWith("application/json")) {
      Object value = http.body(ctx, Map.class).get("token");
      token = value instanceof String s ? s : null;
    }
    if (token == null || token.isBlank() || token.length() > 200) {
      throw InvalidInputException.of("token", "is required");
    }
    return Secret.of(token);
  }

  /** A JSON request, or one that accepts JSON, gets the tokens as JSON instead of a redirect. */
  private static boolean wantsJson(Context ctx) {
    String accept = ctx.header("Accept");
    String type = ctx.contentType();
    return (accept != null && accept.contains("application/json"))
        || (type != null && type.startsWith("application/json"));
  }

  /**
   * After an email confirmation link: sign the user in (session cookie) and go to the default
   * redirect if one is configured. A user who may not log in just sees the confirmation page.
   */
  public void signInAfterConfirmation(Context ctx, String userId) {
    try {
      LoginService.Tokens t =
          login.openSession(userId, LoginMethod.EMAIL_CONFIRMATION_LINK, ctx.ip(), ctx.userAgent());
      ctx.cookie(
          new Cookie(
              COOKIE,
              t.refreshToken(),
              "/api/v1",
              (int) sessionLifetime.toSeconds(),
              secureCookies,
              0,
              true,
              null,
              null,
              SameSite.LAX));
      if (defaultRedirect != null) {
        ctx.redirect(defaultRedirect, io.javalin.http.HttpStatus.FOUND);
      }
    } catch (dev.latchkey.server.common.ApiException e) {
      // disabled or locked: the address is confirmed, but no session is opened
    }
  }

  // ---- with the user's access token

  public void me(Context ctx) {
    ctx.json(
        users
            .byId(Http.actor(ctx).id(), true)
            .orElseThrow(() -> new UnauthorizedException("The user no longer exists")));
  }

  public void mySessions(Context ctx) {
    ctx.json(sessionsPage(ctx, Http.actor(ctx).id(), true));
  }

  public void endMySession(Context ctx) {
    String id = Ids.uuid("session_id", ctx.pathParam("session_id"));
    if (!login.logoutSession(Http.actor(ctx).id(), id)) {
      throw new NotFoundException("No active session with this id");
    }
    Http.ok(ctx);
  }

  public void logoutAll(Context ctx) {
    login.logoutAll(Http.actor(ctx).id(), Http.actor(ctx));
    clearCookie(ctx);
    Http.ok(ctx);
  }

  public void enrollTotp(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.json(login.beginTotp(Http.actor(ctx).id()));
  }

  public void confirmTotp(Context ctx) {
    CodeBody body = http.body(ctx, CodeBody.class);
    FieldErrors errors = new FieldErrors();
    errors.required("code", body.code());
    errors.throwIfAny();
    ctx.header("Cache-Control", "no-store");
    ctx.json(new RecoveryCodes(login.confirmTotp(Http.actor(ctx).id(), body.code())));
  }

  public void disableTotp(Context ctx) {
    CodeBody body = http.body(ctx, CodeBody.class);
    login.disableTotp(Http.actor(ctx).id(), body.code(), body.recoveryCode());
    Http.ok(ctx);
  }

  public void regenerateRecoveryCodes(Context ctx) {
    CodeBody body = http.body(ctx, CodeBody.class);
    ctx.header("Cache-Control", "no-store");
    ctx.json(new RecoveryCodes(login.regenerateRecoveryCodes(Http.actor(ctx).id(), body.code())));
  }

  // ---- backend (management key)

  public void createMagicLink(Context ctx) {
    ctx.json(
        new MagicLinkUrl(
            magicLinks.create(http.body(ctx, MagicLinks.CreateRequest.class), Http.actor(ctx))));
  }

  public void impersonate(Context ctx) {
    String userId = Http.pathUuid(ctx, "user_id", "user_id");
    ctx.json(
        new AccessToken(
            tokens.impersonate(
                userId, http.body(ctx, AccessTokens.ImpersonateRequest.class), Http.actor(ctx))));
  }

  public void unlock(Context ctx) {
    if (!login.unlock(Http.pathUuid(ctx, "user_id", "user_id"), Http.actor(ctx))) {
      throw new NotFoundException("User not found");
    }
    Http.ok(ctx);
  }

  public void userSessions(Context ctx) {
    String userId = Http.pathUuid(ctx, "user_id", "user_id");
    if (users.byId(userId, false).isEmpty()) {
      throw new NotFoundException("User not found");
    }
    ctx.json(sessionsPage(ctx, userId, Http.queryBool(ctx, "active_only")));
  }

  private SessionsPage sessionsPage(Context ctx, String userId, boolean activeOnly) {
    FieldErrors errors = new FieldErrors();
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    errors.throwIfAny();
    var result = login.sessionsOf(userId, activeOnly, page);
    return new SessionsPage(
        result.items(), result.total(), page.pageNumber(), page.pageSize(), result.hasMore());
  }

  static Actor userActor(String userId) {
    return new Actor("user", userId);
  }
}
