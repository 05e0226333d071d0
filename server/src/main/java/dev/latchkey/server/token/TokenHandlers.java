package dev.latchkey.server.token;

import dev.latchkey.server.app.Http;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Token verification metadata (PropelAuth's {@code verifier_key_pem}), JWKS, backend-created access
 * tokens, and signing-key rotation.
 */
public final class TokenHandlers {
  private final SigningKeys signingKeys;
  private final AccessTokens tokens;
  private final Http http;
  private final String issuer;

  public TokenHandlers(SigningKeys signingKeys, AccessTokens tokens, Http http, String issuer) {
    this.signingKeys = signingKeys;
    this.tokens = tokens;
    this.http = http;
    this.issuer = issuer;
  }

  record VerificationMetadata(String verifierKeyPem, String issuer, String kid, String algorithm) {}

  record AccessToken(String accessToken) {}

  record KeyView(
      String kid,
      String algorithm,
      String publicKeyPem,
      long createdAt,
      Long retiredAt,
      Long verifyUntil,
      boolean signing) {}

  record KeysView(List<KeyView> signingKeys) {}

  /** {@code GET /api/v1/token_verification_metadata}: the signer's public key as SPKI PEM. */
  public void verificationMetadata(Context ctx) {
    SigningKeys.Key key = signingKeys.signer();
    ctx.header("Cache-Control", "public, max-age=60");
    ctx.json(new VerificationMetadata(key.publicKeyPem(), issuer, key.kid(), "RS256"));
  }

  public void jwks(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=60");
    ctx.json(signingKeys.jwks());
  }

  public void createAccessToken(Context ctx) {
    AccessTokens.CreateRequest r = http.body(ctx, AccessTokens.CreateRequest.class);
    ctx.json(new AccessToken(tokens.createFromBackend(r, Http.actor(ctx))));
  }

  public void listKeys(Context ctx) {
    String signer = signingKeys.signer().kid();
    ctx.json(
        new KeysView(
            signingKeys.verifying().stream()
                .map(
                    k ->
                        new KeyView(
                            k.kid(),
                            "RS256",
                            k.publicKeyPem(),
                            k.createdAt(),
                            k.retiredAt(),
                            k.verifyUntil(),
                            k.kid().equals(signer)))
                .toList()));
  }

  public void rotate(Context ctx) {
    SigningKeys.Key key = signingKeys.rotate(Http.actor(ctx));
    ctx.status(201).json(Map.of("kid", key.kid(), "public_key_pem", key.publicKeyPem()));
  }
}
