package dev.latchkey.server.app;

import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.ForbiddenException;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.UnauthorizedException;
import dev.latchkey.server.mgmtkey.ManagementKeys;
import dev.latchkey.server.token.AccessTokens;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call a route. Every route names its roles in the routing table; one before-handler
 * authenticates the caller here. A route that names nobody is refused (deny by default).
 */
public enum Access implements RouteRole {
  /** Anyone: health, metrics, verification metadata, links followed from mail. */
  PUBLIC,
  /** A management key ({@code Authorization: Bearer <key>}): the whole backend API. */
  MANAGEMENT,
  /** A user's access token ({@code Authorization: Bearer <jwt>}): the user's own account. */
  USER;

  static final class Gate {
    private final ManagementKeys managementKeys;
    private final AccessTokens accessTokens;

    Gate(ManagementKeys managementKeys, AccessTokens accessTokens) {
      this.managementKeys = managementKeys;
      this.accessTokens = accessTokens;
    }

    void check(Context ctx) {
      Set<RouteRole> roles = ctx.routeRoles();
      if (roles.contains(PUBLIC)) {
        return;
      }
      if (roles.isEmpty()) {
        throw new ForbiddenException("This route admits no caller");
      }
      if (roles.contains(USER)) {
        Secret token =
            bearer(ctx)
                .orElseThrow(
                    () ->
                        new UnauthorizedException(
                            "An access token is required: Authorization: Bearer <token>"));
        AccessTokens.Verified verified =
            accessTokens
                .verify(token.reveal())
                .orElseThrow(() -> new UnauthorizedException("The access token is not valid"));
        ctx.attribute(Http.ACTOR, new Actor("user", verified.userId()));
        return;
      }
      Secret presented =
          bearer(ctx)
              .orElseThrow(
                  () ->
                      new UnauthorizedException(
                          "A management key is required: Authorization: Bearer <key>"));
      String keyId =
          managementKeys
              .authenticate(presented)
              .orElseThrow(() -> new UnauthorizedException("The management key is not valid"));
      ctx.attribute(Http.ACTOR, Actor.managementKey(keyId));
    }

    private static Optional<Secret> bearer(Context ctx) {
      String header = ctx.header("Authorization");
      if (header == null) {
        return Optional.empty();
      }
      // "Bearer <credential>": one space-separated pair, the scheme in any letter case
      String value = header.strip();
      int space = value.indexOf(' ');
      if (space != 6 || !value.regionMatches(true, 0, "bearer", 0, 6)) {
        return Optional.empty();
      }
      String credential = value.substring(space + 1).strip();
      if (credential.isEmpty() || credential.indexOf(' ') >= 0 || credential.indexOf('\t') >= 0) {
        return Optional.empty();
      }
      return Optional.of(Secret.of(credential));
    }
  }
}
