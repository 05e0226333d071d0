package dev.latchkey.client;

/**
 * A valid access token whose user does not meet an organization requirement: not a member of the
 * organization, or a member without the required role or permissions. {@link #status()} is 403.
 *
 * <p>The message names the rule that failed, for logs; a protected route answers 403 with an empty
 * body.
 */
public final class ForbiddenException extends LatchkeyException {
  private static final long serialVersionUID = 1L;

  ForbiddenException(String message) {
    super(message, 403, null);
  }
}
