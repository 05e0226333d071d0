package dev.latchkey.client;

/**
 * No valid credential. From {@link LatchkeyAuth}: the {@code Authorization} header is missing or
 * malformed, or the access token is not one the server signed, has expired, names another issuer or
 * cannot be read. From {@link LatchkeyApiKeys}: the API-key header is missing or malformed, or the
 * server refuses the key. {@link #status()} is 401.
 *
 * <p>The message says which rule failed, for logs; it never contains the token or key. Do not send
 * it to the caller: a protected route answers 401 with an empty body, as PropelAuth's do.
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
