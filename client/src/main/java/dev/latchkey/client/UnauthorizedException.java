package dev.latchkey.client;

/**
 * No valid access token: the {@code Authorization} header is missing or malformed, or the token is
 * not one the server signed, has expired, names another issuer or cannot be read. {@link #status()}
 * is 401.
 *
 * <p>The message says which rule failed, for logs; it never contains the token. Do not send it to
 * the caller: a protected route answers 401 with an empty body, as PropelAuth's do.
 */
public final class UnauthorizedException extends LatchkeyException {
  private static final long serialVersionUID = 1L;

  UnauthorizedException(String message) {
    super(message, 401, null);
  }

  UnauthorizedException(String message, Throwable cause) {
    super(message, 401, cause);
  }
}
