package dev.latchkey.server.app;

import dev.latchkey.server.common.ForbiddenException;
import dev.latchkey.server.common.Principal;
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
  USER,
  /**
   * Any of a management key, a user's access token or an issued API key: the provider-key vault,
   * where each sees its own workspaces.
   */
  ANY_CREDENTIAL,
  /**
   * A request signed with an access/secret keypair ({@code Authorization: BackendAI ...}) or a
   * user's access token: the keypair's own information.
   */
  SIGNED;

  /** Verifies a request signed with a keypair; throws 401 or 429 when it is not admitted. */
  @FunctionalInterface
  public interface SignedRequests {
    Principal verify(Context ctx);
  }

  /** Resolves an issued API key to its owner, or empty when it is not a valid key. */
  @FunctionalInterface
  interface ApiKeyOwners {
    Optional<Principal> owner(Secret token, String clientAddress);
  }

  static final class Gate {
    private final ManagementKeys managementKeys;
    private final AccessTokens accessTokens;
    private final ApiKeyOwners apiKeyOwners;
    private final SignedRequests signedRequests;

    Gate(
        ManagementKeys managementKeys,
        AccessTokens accessTokens,
        ApiKeyOwners apiKeyOwners,
        SignedRequests signedRequests) {
      this.managementKeys = managementKeys;
      this.accessTokens = accessTokens;
      this.apiKeyOwners = apiKeyOwners;
      this.signedRequests = signedRequests;
    }

    void check(Context ctx) {
      Set<RouteRole> roles = ctx.routeRoles();
      if (roles.contains(PUBLIC)) {
        return;
      }
      if (roles.isEmpty()) {
        throw new ForbiddenException("This route admits no caller");
      }
      if (roles.contains(SIGNED) && isSigned(ctx)) {
        Principal signed = signedRequests.verify(ctx);
        ctx.attribute(Http.PRINCIPAL, signed);
        ctx.attribute(Http.ACTOR, signed.actor());
        return;
      }
      Secret presented =
          bearer(ctx)
              .orElseThrow(
                  () ->
                      new UnauthorizedException(
                          "A credential is required: Authorization: Bearer <credential>"));
      Principal principal;
      if (roles.contains(USER) || roles.contains(SIGNED)) {
        principal =
            user(presented)
                .orElseThrow(() -> new UnauthorizedException("The access token is not valid"));
      } else if (roles.contains(ANY_CREDENTIAL)) {
        principal =
            looksLikeJwt(presented)
                ? user(presented)
                    .orElseThrow(() -> new UnauthorizedException("The access token is not valid"))
                : management(presented)
                    .or(() -> apiKeyOwners.owner(presented, ctx.ip()))
                    .orElseThrow(() -> new UnauthorizedException("The credential is not valid"));
      } else {
        principal =
            management(presented)
                .orElseThrow(() -> new UnauthorizedException("The management key is not valid"));
      }
      ctx.attribute(Http.PRINCIPAL, principal);
      ctx.attribute(Http.ACTOR, principal.actor());
    }

    private Optional<Principal> user(Secret token) {
      return accessTokens.verify(token.reveal()).map(v -> Principal.user(v.userId()));
    }

    private Optional<Principal> management(Secret key) {
      return managementKeys
          .authenticate(key)
          .map(k -> Principal.managementKey(k.keyId(), k.canDecrypt()));
    }

    private static boolean isSigned(Context ctx) {
      String header = ctx.header("Authorization");
      return header != null
          && (header.regionMatches(true, 0, "BackendAI ", 0, 10)
              || header.regionMatches(true, 0, "Sorna ", 0, 6));
    }

    private static boolean looksLikeJwt(Secret token) {
      String t = token.reveal();
      int first = t.indexOf('.');
      return first > 0 && t.indexOf('.', first + 1) > first && t.startsWith("eyJ");
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
