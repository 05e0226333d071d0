package dev.latchkey.server.oauth;

/**
 * An error answer of the OAuth endpoints in RFC 6749 §5.2's shape: {@code error}, {@code
 * error_description}, with its HTTP status. {@code challenge} is the {@code WWW-Authenticate}
 * header to send, in the scheme the caller tried in its Authorization header (RFC 6749 §5.2), or
 * null. These endpoints answer in their own shape, so this is not one of Latchkey's {@code
 * ApiException}s.
 */
final class OAuthError extends RuntimeException {
  private final String error;
  private final int status;
  private final String challenge;

  static final String BASIC_CHALLENGE = "Basic realm=\"latchkey\", charset=\"UTF-8\"";
  static final String BEARER_CHALLENGE = "Bearer realm=\"latchkey\", error=\"invalid_token\"";

  private OAuthError(String error, int status, String description, String challenge) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
    this.challenge = challenge;
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError("invalid_request", 400, description, null);
  }

  static OAuthError invalidClient(boolean viaBasic) {
    return new OAuthError(
        "invalid_client", 401, "Client authentication failed", viaBasic ? BASIC_CHALLENGE : null);
  }

  /** A management key ({@code Authorization: Bearer}) that is not one: challenged as Bearer. */
  static OAuthError invalidBearer() {
    return new OAuthError(
        "invalid_client", 401, "The management key is not valid", BEARER_CHALLENGE);
  }

  static OAuthError invalidGrant(String description) {
    return new OAuthError("invalid_grant", 400, description, null);
  }

  static OAuthError invalidScope(String description) {
    return new OAuthError("invalid_scope", 400, description, null);
  }

  static OAuthError unauthorizedClient(String description) {
    return new OAuthError("unauthorized_client", 400, description, null);
  }

  static OAuthError unsupportedGrantType(String description) {
    return new OAuthError("unsupported_grant_type", 400, description, null);
  }

  String error() {
    return error;
  }

  int status() {
    return status;
  }

  /** The WWW-Authenticate header to send, or null. */
  String challenge() {
    return challenge;
  }
}
