package dev.latchkey.server.oauth;

/**
 * An error answer of the OAuth endpoints in RFC 6749 §5.2's shape: {@code error}, {@code
 * error_description}, with its HTTP status. {@code basicChallenge} asks for a {@code
 * WWW-Authenticate: Basic} header (client authentication via the Authorization header failed).
 * These endpoints answer in their own shape, so this is not one of Latchkey's {@code
 * ApiException}s.
 */
final class OAuthError extends RuntimeException {
  private final String error;
  private final int status;
  private final boolean basicChallenge;

  private OAuthError(String error, int status, String description, boolean basicChallenge) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
    this.basicChallenge = basicChallenge;
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError("invalid_request", 400, description, false);
  }

  static OAuthError invalidClient(boolean viaBasic) {
    return new OAuthError("invalid_client", 401, "Client authentication failed", viaBasic);
  }

  static OAuthError invalidGrant(String description) {
    return new OAuthError("invalid_grant", 400, description, false);
  }

  static OAuthError invalidScope(String description) {
    return new OAuthError("invalid_scope", 400, description, false);
  }

  static OAuthError unauthorizedClient(String description) {
    return new OAuthError("unauthorized_client", 400, description, false);
  }

  static OAuthError unsupportedGrantType(String description) {
    return new OAuthError("unsupported_grant_type", 400, description, false);
  }

  String error() {
    return error;
  }

  int status() {
    return status;
  }

  boolean basicChallenge() {
    return basicChallenge;
  }
}
