package dev.latchkey.server.common;

/** 403: the caller is known but may not do this. */
public final class ForbiddenException extends ApiException {
  public ForbiddenException(String message) {
    super("forbidden", message);
  }

  @Override
  public int status() {
    return 403;
  }
}
