package dev.latchkey.server.common;

/** 403: the caller is known but may not do this. */
public final class ForbiddenException extends ApiException {
  public ForbiddenException(String message) {
    super("forbidden", message);
  }

  /** With a more specific code, such as {@code mfa_required}. */
  public ForbiddenException(String code, String message) {
    super(code, message);
  }

  @Override
  public int status() {
    return 403;
  }
}
