package dev.latchkey.server.common;

/** 401: the caller presented no credential, or one that is not valid. */
public final class UnauthorizedException extends ApiException {
  public UnauthorizedException(String message) {
    super("unauthorized", message);
  }

  /** With a more specific code, such as {@code mfa_required}. */
  public UnauthorizedException(String code, String message) {
    super(code, message);
  }

  @Override
  public int status() {
    return 401;
  }
}
