package dev.latchkey.examples;

import static dev.latchkey.client.javalin.LatchkeyJavalin.currentOrg;
import static dev.latchkey.client.javalin.LatchkeyJavalin.currentUser;

import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.User;
import dev.latchkey.client.UserMetadata;
import dev.latchkey.client.javalin.LatchkeyJavalin;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's Flask example, in Java with Javalin: routes that need a logged-in user, routes that
 * welcome anyone, and organization routes that need a member, a role or permissions.
 *
 * <pre>
 * LATCHKEY_AUTH_URL=http://localhost:8080 [LATCHKEY_API_KEY=...] [PORT=3000] \
 *   java -cp ... dev.latchkey.examples.WhoAmIApp
 * curl -H "Authorization: Bearer $ACCESS_TOKEN" http://localhost:3000/api/whoami
 * </pre>
 */
public final class WhoAmIApp {
  private WhoAmIApp() {}

  /** The app, not yet started. {@code auth} has an API key if {@code /api/whoami/full} is used. */
  public static Javalin create(LatchkeyAuth auth) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // Jetty's header cache matches values without regard to case by default, so a token
              // that differs from an earlier one on the same connection only in case would be read
              // as that earlier token (docs/sdk.md)
              config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            });

    // require_user: current_user is always set
    app.get(
        "/api/whoami",
        LatchkeyJavalin.requireUser(auth)
            .wrap(ctx -> ctx.json(Map.of("user_id", currentUser(ctx).userId()))));

    // optional_user: anyone may call; exists() says whether they are logged in
    app.get(
        "/api/whoami_optional",
        LatchkeyJavalin.optionalUser(auth)
            .wrap(
                ctx -> {
                  User user = currentUser(ctx);
                  ctx.json(user.exists() ? Map.of("user_id", user.userId()) : Map.of());
                }));

    // the token says who the caller is; the backend API adds what the token does not carry
    app.get(
        "/api/whoami/full",
        LatchkeyJavalin.requireUser(auth)
            .wrap(
                ctx -> {
                  var metadata =
                      auth.client().fetchUserMetadataByUserId(currentUser(ctx).userId(), false);
                  ctx.json(metadata.isPresent() ? describe(metadata.get()) : Map.of());
                }));

    // require_org_member for every /org/{org_id}/... route, as a before-handler
    app.before("/org/{org_id}/*", LatchkeyJavalin.requireOrgMember(auth));
    app.get("/org/{org_id}/check", ctx -> ctx.result("You are in " + currentOrg(ctx).orgName()));

    // roles and permissions, around single routes
    app.get(
        "/org/{org_id}/admin",
        LatchkeyJavalin.requireOrgMemberWithExactRole(auth, "Admin")
            .wrap(ctx -> ctx.result("You are an Admin of " + currentOrg(ctx).orgName())));
    app.get(
        "/org/{org_id}/admin_or_owner",
        LatchkeyJavalin.requireOrgMemberWithMinimumRole(auth, "Admin")
            .wrap(ctx -> ctx.result("You are an Admin or Owner of " + currentOrg(ctx).orgName())));
    app.get(
        "/org/{org_id}/invite",
        LatchkeyJavalin.requireOrgMemberWithPermission(auth, "latchkey::can_invite")
            .wrap(ctx -> ctx.result("You may invite people to " + currentOrg(ctx).orgName())));
    app.get(
        "/org/{org_id}/settings",
        LatchkeyJavalin.requireOrgMemberWithAllPermissions(
                auth, List.of("latchkey::can_edit_org_access", "latchkey::can_delete_org"))
            .wrap(ctx -> ctx.result("You may change " + currentOrg(ctx).orgName())));

    // the org id need not be a path parameter: here it is a query parameter
    app.get(
        "/reports",
        LatchkeyJavalin.requireOrgMember(auth, ctx -> ctx.queryParam("org"))
            .wrap(ctx -> ctx.result("Reports of " + currentOrg(ctx).orgName())));
    return app;
  }

  private static Map<String, Object> describe(UserMetadata user) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_id", user.userId());
    out.put("email", user.email());
    out.put("email_confirmed", user.emailConfirmed());
    out.put("created_at", user.createdAt());
    return out;
  }

  /**
   * Starts the app on {@code PORT} (default 3000) against the Latchkey server at {@code
   * LATCHKEY_AUTH_URL}; {@code LATCHKEY_ISSUER} overrides the expected issuer when the server's
   * public URL differs, and {@code LATCHKEY_API_KEY} enables {@code /api/whoami/full}.
   */
  public static void main(String[] args) {
    String authUrl = System.getenv("LATCHKEY_AUTH_URL");
    if (authUrl == null) {
      System.err.println(
          "set LATCHKEY_AUTH_URL to the Latchkey server, e.g. http://localhost:8080");
      System.exit(2);
    }
    LatchkeyAuth.Builder builder = LatchkeyAuth.builder().authUrl(authUrl);
    String issuer = System.getenv("LATCHKEY_ISSUER");
    if (issuer != null) {
      builder.issuer(issuer);
    }
    String apiKey = System.getenv("LATCHKEY_API_KEY");
    if (apiKey != null) {
      builder.apiKey(apiKey);
    }
    String port = System.getenv().getOrDefault("PORT", "3000");
    create(builder.build()).start(Integer.parseInt(port));
  }
}
