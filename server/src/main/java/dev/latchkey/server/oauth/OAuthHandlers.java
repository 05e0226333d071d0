package dev.latchkey.server.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Secret;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /oauth2/token}, {@code /oauth2/introspect}, {@code /oauth2/revoke} and the discovery
 * documents. The routes are public: these handlers authenticate the client themselves (HTTP Basic
 * with URL-encoded id and secret, RFC 6749 §2.3.1, or {@code client_id} and {@code client_secret}
 * in the form), and answer errors in RFC 6749's shape with {@code Cache-Control: no-store}.
 */
public final class OAuthHandlers {
  private static final String FORM = "application/x-www-form-urlencoded";
  static final String TOKEN_PATH = "/oauth2/token";
  static final String INTROSPECT_PATH = "/oauth2/introspect";
  static final String REVOKE_PATH = "/oauth2/revoke";

  private final OAuthTokens tokens;
  private final Function<Secret, Optional<String>> managementKeyId;
  private final Metadata metadata;
  private final Metadata openId;

  OAuthHandlers(
      OAuthTokens tokens,
      Function<Secret, Optional<String>> managementKeyId,
      String issuer,
      String publicBase) {
    this.tokens = tokens;
    this.managementKeyId = managementKeyId;
    this.metadata = Metadata.of(issuer, publicBase, false);
    this.openId = Metadata.of(issuer, publicBase, true);
  }

  record ErrorBody(String error, String errorDescription) {}

  /** RFC 8414 metadata; the OpenID fields only in {@code openid-configuration}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Metadata(
      String issuer,
      String tokenEndpoint,
      String jwksUri,
      String introspectionEndpoint,
      String revocationEndpoint,
      List<String> grantTypesSupported,
      List<String> responseTypesSupported,
      List<String> tokenEndpointAuthMethodsSupported,
      List<String> introspectionEndpointAuthMethodsSupported,
      List<String> revocationEndpointAuthMethodsSupported,
      List<String> subjectTypesSupported,
      List<String> idTokenSigningAlgValuesSupported) {
    static Metadata of(String issuer, String base, boolean openId) {
      List<String> methods = List.of("client_secret_basic", "client_secret_post");
      return new Metadata(
          issuer,
          base + TOKEN_PATH,
          base + "/.well-known/jwks.json",
          base + INTROSPECT_PATH,
          base + REVOKE_PATH,
          List.of(AppInput.CLIENT_CREDENTIALS),
          List.of(),
          methods,
          methods,
          methods,
          openId ? List.of("public") : null,
          openId ? List.of("RS256") : null);
    }
  }

  public void authorizationServerMetadata(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.json(metadata);
  }

  public void openIdConfiguration(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.json(openId);
  }

  /**
   * Any other method on the token, introspection or revocation endpoint: 405 with {@code Allow}, in
   * OAuth's error shape (RFC 6749 §3.2 requires POST), rather than a generic 404.
   */
  public void postOnly(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Allow", "POST");
    ctx.status(405)
        .json(
            new ErrorBody(
                "invalid_request", ctx.path() + " takes POST, not " + ctx.method().name()));
  }

  /** {@code POST /oauth2/token}: the client-credentials grant. */
  public void token(Context ctx) {
    answer(
        ctx,
        () -> {
          Map<String, List<String>> form = form(ctx);
          String grantType = single(form, "grant_type");
          if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
          }
          if (!grantType.equals(AppInput.CLIENT_CREDENTIALS)) {
            throw OAuthError.unsupportedGrantType("Only the client_credentials grant is supported");
          }
          String scope = single(form, "scope");
          String audience = single(form, "audience");
          ClientRecord client =
              tokens.authenticate(
                  client(ctx, form).orElseThrow(() -> OAuthError.invalidClient(true)));
          ctx.json(tokens.grant(client, scope, audience));
        });
  }

  /** {@code POST /oauth2/introspect}: by the client that holds the token, or a management key. */
  public void introspect(Context ctx) {
    answer(
        ctx,
        () -> {
          Map<String, List<String>> form = form(ctx);
          OAuthTokens.Caller caller = caller(ctx, form);
          String token = single(form, "token");
          single(form, "token_type_hint");
          if (token == null) {
            throw OAuthError.invalidRequest("token is required");
          }
          ctx.json(tokens.introspect(token, caller.clientId()));
        });
  }

  /** {@code POST /oauth2/revoke}: by the client the token was issued to, or a management key. */
  public void revoke(Context ctx) {
    answer(
        ctx,
        () -> {
          Map<String, List<String>> form = form(ctx);
          OAuthTokens.Caller caller = caller(ctx, form);
          String token = single(form, "token");
          single(form, "token_type_hint");
          if (token == null) {
            throw OAuthError.invalidRequest("token is required");
          }
          tokens.revoke(token, caller);
          ctx.status(200).result("");
        });
  }

  /** An authenticated client, or a management key ({@code Authorization: Bearer}). */
  private OAuthTokens.Caller caller(Context ctx, Map<String, List<String>> form) {
    Optional<Secret> bearer = bearer(ctx);
    if (bearer.isPresent()) {
      if (single(form, "client_secret") != null) {
        throw OAuthError.invalidRequest("Use only one way of authenticating");
      }
      String keyId = managementKeyId.apply(bearer.get()).orElseThrow(OAuthError::invalidBearer);
      return new OAuthTokens.Caller(null, Actor.managementKey(keyId));
    }
    OAuthTokens.Presented presented =
        client(ctx, form).orElseThrow(() -> OAuthError.invalidClient(true));
    String clientId = tokens.authenticate(presented).app().clientId();
    return new OAuthTokens.Caller(clientId, new Actor("oauth_client", clientId));
  }

  private static void answer(Context ctx, Runnable handler) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    try {
      handler.run();
    } catch (OAuthError e) {
      if (e.status() == 401 && e.challenge() != null) {
        ctx.header("WWW-Authenticate", e.challenge());
      }
      ctx.status(e.status()).json(new ErrorBody(e.error(), e.getMessage()));
    }
  }

  private static Map<String, List<String>> form(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      throw OAuthError.invalidRequest("The body must be " + FORM);
    }
    try {
      return ctx.formParamMap();
    } catch (RuntimeException e) {
      throw OAuthError.invalidRequest("The body is not valid " + FORM);
    }
  }

  /** A parameter that may appear at most once (RFC 6749 §3.2); empty counts as absent. */
  private static String single(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw OAuthError.invalidRequest(name + " must not be given more than once");
    }
    String v = values.get(0);
    return v.isEmpty() ? null : v;
  }

  /**
   * The client credentials of the request: HTTP Basic, or {@code client_id} and {@code
   * client_secret} in the form; never both.
   */
  private static Optional<OAuthTokens.Presented> client(
      Context ctx, Map<String, List<String>> form) {
    String formId = single(form, "client_id");
    String formSecret = single(form, "client_secret");
    String header = ctx.header("Authorization");
    if (header != null && !header.isBlank()) {
      String h = header.strip();
      if (!h.regionMatches(true, 0, "basic ", 0, 6)) {
        throw OAuthError.invalidClient(true);
      }
      if (formSecret != null) {
        throw OAuthError.invalidRequest("Use only one way of authenticating the client");
      }
      OAuthTokens.Presented basic = basic(h.substring(6).strip());
      if (formId != null && !formId.equals(basic.clientId())) {
        throw OAuthError.invalidRequest("client_id differs from the Authorization header's");
      }
      return Optional.of(basic);
    }
    if (formId == null) {
      return Optional.empty();
    }
    if (formSecret == null) {
      throw OAuthError.invalidClient(false);
    }
    return Optional.of(new OAuthTokens.Presented(formId, Secret.of(formSecret), false));
  }

  private static OAuthTokens.Presented basic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw OAuthError.invalidClient(true);
      }
      String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      return new OAuthTokens.Presented(id, Secret.of(secret), true);
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidClient(true);
    }
  }

  private static Optional<Secret> bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bearer ", 0, 7)) {
      return Optional.empty();
    }
    String credential = h.substring(7).strip();
    return credential.isEmpty() ? Optional.empty() : Optional.of(Secret.of(credential));
  }
}
